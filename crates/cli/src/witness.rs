//! Witness files: the audit chains' heads appended as JSON lines (`core::audit::witness`), by
//! `iryosec audit witness --out FILE` and by the server (to `witness.jsonl` in the data folder
//! at start and once a day).

use iryosec_app::App;
use iryosec_core::Timestamp;
use iryosec_core::audit::witness::WitnessLine;
use iryosec_store::AuditHead;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const SERVER_WITNESS_FILE: &str = "witness.jsonl";

pub fn lines_for(heads: &[AuditHead], now: Timestamp) -> Vec<WitnessLine> {
    heads.iter().map(|h| WitnessLine::new(&h.chain, h.institution_id, h.seq, &h.hash, h.at, now)).collect()
}

/// Appends the lines; earlier lines are never touched.
pub fn append(path: &Path, lines: &[WitnessLine]) -> std::io::Result<()> {
    let text: String = lines.iter().map(|l| format!("{}\n", l.to_line())).collect();
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// The server's own witness: every head at start, then once a day the heads that moved.
pub fn spawn_daily(app: App, path: PathBuf) {
    tokio::spawn(async move {
        let mut written: HashMap<String, i64> = HashMap::new();
        let mut tick = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
        loop {
            tick.tick().await;
            let heads = match app.audit_heads().await {
                Ok(h) => h,
                Err(e) => {
                    tracing::warn!(error = %e, "could not read the audit heads for the witness file");
                    continue;
                }
            };
            let moved: Vec<AuditHead> =
                heads.into_iter().filter(|h| written.get(&h.chain) != Some(&h.seq)).collect();
            if moved.is_empty() {
                continue;
            }
            match append(&path, &lines_for(&moved, app.clock.now())) {
                Ok(()) => written.extend(moved.into_iter().map(|h| (h.chain, h.seq))),
                Err(e) => {
                    tracing::warn!(error = %e, path = %path.display(), "could not append to the witness file")
                }
            }
        }
    });
}
