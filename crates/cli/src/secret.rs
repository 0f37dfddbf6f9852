//! Reading a new password on the command line: from standard input for scripts
//! (`--password-stdin`), otherwise typed twice at the terminal without echo.

use crate::output::{CliError, Out};
use std::io::{BufRead, IsTerminal};

pub fn new_password(from_stdin: bool, out: &Out) -> Result<(String, String), CliError> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::unusable(format!("stdin: {e}")))?;
        let password = line.trim_end_matches(['\r', '\n']).to_owned();
        return Ok((password.clone(), password));
    }
    // Without a terminal on stdin, prompting on /dev/tty would hang a script or read from
    // the wrong place; scripts say --password-stdin.
    if !std::io::stdin().is_terminal() {
        return Err(CliError::unusable(out.t("cli.password_no_terminal")));
    }
    let first = rpassword::prompt_password(out.t("cli.password_prompt"))
        .map_err(|_| CliError::unusable(out.t("cli.password_no_terminal")))?;
    let second = rpassword::prompt_password(out.t("cli.password_again"))
        .map_err(|_| CliError::unusable(out.t("cli.password_no_terminal")))?;
    Ok((first, second))
}
