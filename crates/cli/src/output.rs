//! How commands talk to people and scripts: messages in the chosen language on stderr,
//! results on stdout (as text, or JSON with `--format json`), and the exit code.

use clap::ValueEnum;
use iryosec_core::Message;
use iryosec_i18n::Lang;
use iryosec_io::limits::{LIMITS, size_text};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// A command that did not succeed: 1 when a check failed, 2 when it could not run.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    pub fn unusable(message: impl Into<String>) -> CliError {
        CliError { code: 2, message: message.into() }
    }
}

pub struct Out {
    pub lang: Lang,
}

impl Out {
    pub fn new(lang: Lang) -> Out {
        Out { lang }
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.tr(key).to_owned()
    }

    pub fn t_args(&self, key: &str, args: &[(&str, String)]) -> String {
        self.lang.tr_args(key, args)
    }

    /// A line of the result, on stdout.
    pub fn line(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{text}");
    }

    pub fn json(&self, value: &serde_json::Value) {
        self.line(&serde_json::to_string_pretty(value).unwrap_or_default());
    }

    /// A remark for the person, on stderr.
    pub fn note(&self, text: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }

    pub fn fail(&self, e: &CliError) -> ExitCode {
        let label = self.t("cli.error");
        self.note(&format!("{label}: {}", e.message));
        ExitCode::from(e.code)
    }
}

/// Reads a file the person named; a failure names the file and exits 2.
pub fn read_input(path: &std::path::Path, out: &Out) -> Result<Vec<u8>, CliError> {
    let shown = path.display().to_string();
    read_bounded(path).map_err(|e| match e {
        InputError::Unreadable(e) => CliError::unusable(
            out.t_args("cli.file_unreadable", &[("path", shown), ("error", e.to_string())]),
        ),
        InputError::Refused(m) => {
            CliError::unusable(format!("{shown}: {}", out.lang.tr_args(m.key, &m.args)))
        }
    })
}

/// Why a named file was not read.
#[derive(Debug)]
pub enum InputError {
    Unreadable(std::io::Error),
    /// Over [`LIMITS`]`.file_bytes`.
    Refused(Message),
}

impl InputError {
    /// What to tell the person, for a list of files that names each.
    pub fn message(self) -> Message {
        match self {
            InputError::Unreadable(e) => Message::new("cli.aggregate.unreadable").arg("error", e),
            InputError::Refused(m) => m,
        }
    }
}

/// Reads a file of at most [`LIMITS`]`.file_bytes`, whatever it is: a file past the limit, or
/// an endless device such as /dev/zero, is refused once the limit is passed, not read whole.
/// Every command reads the files it is given through here.
pub fn read_bounded(path: &std::path::Path) -> Result<Vec<u8>, InputError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(InputError::Unreadable)?;
    let max = LIMITS.file_bytes;
    let known = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(usize::try_from(known.min(max)).unwrap_or(0));
    file.take(max + 1).read_to_end(&mut bytes).map_err(InputError::Unreadable)?;
    if bytes.len() as u64 > max {
        let size = if known > max { size_text(known) } else { format!("> {}", size_text(max)) };
        return Err(InputError::Refused(
            Message::new("io.error.too_large").arg("size", size).arg("max", size_text(max)),
        ));
    }
    Ok(bytes)
}

/// Writes a new file; an existing one is never overwritten.
pub fn write_new_file(path: &std::path::Path, bytes: &[u8], out: &Out) -> Result<(), CliError> {
    let written = std::fs::File::create_new(path).and_then(|mut f| f.write_all(bytes));
    written.map_err(|e| {
        CliError::unusable(
            out.t_args(
                "cli.file_unwritable",
                &[("path", path.display().to_string()), ("error", e.to_string())],
            ),
        )
    })
}

/// Pads text to a width in terminal columns, counting East Asian wide characters as two, so
/// Japanese columns line up.
pub fn pad(text: &str, columns: usize) -> String {
    let width: usize = text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum();
    format!("{text}{}", " ".repeat(columns.saturating_sub(width)))
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c), 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A progress bar on stderr, shown only on a terminal.
pub struct Bar(indicatif::ProgressBar);

impl Bar {
    pub fn new() -> Bar {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({elapsed})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Bar(bar)
    }
}

impl iryosec_store::backup::Progress for Bar {
    fn start(&self, total: u64, what: &str) {
        self.0.set_message(what.to_owned());
        if total == 0 {
            // Work of unknown size (a SQLite VACUUM INTO): a spinner says it is still going.
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
                self.0.set_style(style);
            }
            self.0.enable_steady_tick(std::time::Duration::from_millis(120));
        } else {
            self.0.set_length(total);
        }
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
