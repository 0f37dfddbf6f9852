//! How commands talk to people and scripts: messages in the chosen language on stderr,
//! results on stdout (as text, or JSON with `--format json`), and the exit code.

use clap::ValueEnum;
use iryosec_app::AppError;
use iryosec_i18n::Lang;
use iryosec_io::limits::{ReadError, read_file};
use iryosec_store::{StorageFault, StoreError};
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
    /// Where the command's data is written, named when the disk under it fails.
    data_place: Option<String>,
}

impl Out {
    pub fn new(lang: Lang) -> Out {
        Out { lang, data_place: None }
    }

    pub fn with_data_place(self, data_place: Option<String>) -> Out {
        Out { data_place, ..self }
    }

    /// The disk under the data is full, read-only or not ours to write: say so and where
    /// (`place`, or the command's data place), never as a database or login problem.
    pub fn storage_failure(&self, fault: StorageFault, place: Option<&str>) -> CliError {
        let key = match fault {
            StorageFault::Full => "cli.storage_full",
            StorageFault::ReadOnly => "cli.storage_read_only",
            StorageFault::Denied => "cli.storage_denied",
        };
        let place = match place.or(self.data_place.as_deref()) {
            Some(p) => p.to_owned(),
            None => self.t("cli.storage_place_unknown"),
        };
        CliError::unusable(self.t_args(key, &[("place", place)]))
    }

    /// A use case that failed for a reason other than the input: a storage fault gets its own
    /// message, anything else its description.
    pub fn app_failure(&self, e: &AppError) -> CliError {
        match e {
            AppError::Store(StoreError::Storage { fault, .. }) => self.storage_failure(*fault, None),
            other => CliError::unusable(other.to_string()),
        }
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

/// Replaces Rust's panic report (English, with a backtrace on request) by a short message in the
/// person's language; the details go to the log. A panic is a bug: nothing half-written is kept,
/// because every change is one transaction.
pub fn install_panic_hook(lang: Lang) {
    std::panic::set_hook(Box::new(move |info| report_panic(lang, info, &mut std::io::stderr().lock())));
}

fn report_panic(lang: Lang, info: &std::panic::PanicHookInfo<'_>, to: &mut dyn Write) {
    let location = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
    let payload = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_default();
    // Only with RUST_BACKTRACE set, as Rust itself does.
    let trace = std::backtrace::Backtrace::capture();
    let backtrace = match trace.status() {
        std::backtrace::BacktraceStatus::Captured => trace.to_string(),
        _ => String::new(),
    };
    tracing::error!(%location, %payload, %backtrace, "internal error (panic)");
    let _ = writeln!(to, "{}", lang.tr("cli.panic"));
}

/// Reads a file the person named; a failure names the file and exits 2.
pub fn read_input(path: &std::path::Path, out: &Out) -> Result<Vec<u8>, CliError> {
    let shown = path.display().to_string();
    read_file(path).map_err(|e| match e {
        ReadError::Unreadable(e) => CliError::unusable(
            out.t_args("cli.file_unreadable", &[("path", shown), ("error", e.to_string())]),
        ),
        ReadError::TooLarge(m) => {
            CliError::unusable(format!("{shown}: {}", out.lang.tr_args(m.key, &m.args)))
        }
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn a_panic_tells_the_person_in_japanese_and_keeps_the_details_for_the_log() {
        static SEEN: Mutex<Vec<u8>> = Mutex::new(Vec::new());
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(|info| {
            if let Ok(mut seen) = SEEN.lock() {
                report_panic(Lang::Ja, info, &mut *seen);
            }
        }));
        let caught = std::panic::catch_unwind(|| panic!("index out of bounds at row 42"));
        std::panic::set_hook(previous);
        assert!(caught.is_err());
        let seen = String::from_utf8(SEEN.lock().unwrap().clone()).unwrap();
        assert!(
            seen.contains("内部エラー（プログラムの不具合）が起きたため、この処理を中止しました"),
            "{seen}"
        );
        assert!(!seen.contains("row 42") && !seen.contains("panicked at"), "{seen}");
    }
}
