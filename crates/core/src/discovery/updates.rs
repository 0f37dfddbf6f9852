//! Windows update status from the hospital's own exports (`Get-HotFix`, WSUS): when each
//! machine was last updated and which are behind — evidence for 2-⑥ (security patches).

use super::SeenAt;
use crate::message::Message;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// Microsoft ships security updates monthly: a machine without one for two months has missed one.
pub const BEHIND_DAYS: i64 = 60;

/// One machine's updates as an export shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MachineUpdates {
    pub host: String,
    pub last_update: Option<Date>,
    /// Updates listed (Get-HotFix rows).
    pub installed: u32,
    /// Updates WSUS says the machine needs, or failed to install.
    pub needed: Option<u32>,
    pub failed: Option<u32>,
    pub seen_in: SeenAt,
}

/// A machine's status as judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MachineStatus {
    pub host: String,
    pub last_update: Option<Date>,
    pub behind: bool,
    pub reason: Message,
    pub file: String,
}

/// Judges every machine as of `today`, the ones behind first.
pub fn judge(machines: &[MachineUpdates], today: Date) -> Vec<MachineStatus> {
    let since = today - Duration::days(BEHIND_DAYS);
    let mut out: Vec<MachineStatus> = machines
        .iter()
        .map(|m| {
            let (behind, reason) = match (m.failed, m.needed, m.last_update) {
                (Some(f), ..) if f > 0 => (true, Message::new("discovery.update.failed").arg("count", f)),
                (_, Some(n), _) if n > 0 => (true, Message::new("discovery.update.needed").arg("count", n)),
                (.., None) => (true, Message::new("discovery.update.never")),
                (.., Some(d)) if d < since => {
                    (true, Message::new("discovery.update.old").arg("days", (today - d).whole_days()))
                }
                (.., Some(_)) => (false, Message::new("discovery.update.current")),
            };
            MachineStatus {
                host: m.host.clone(),
                last_update: m.last_update,
                behind,
                reason,
                file: m.seen_in.file.clone(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.behind.cmp(&a.behind).then(a.last_update.cmp(&b.last_update)).then(a.host.cmp(&b.host))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn machine(host: &str, last: Option<Date>, needed: Option<u32>) -> MachineUpdates {
        MachineUpdates {
            host: host.into(),
            last_update: last,
            installed: 3,
            needed,
            failed: None,
            seen_in: SeenAt { file: "hotfix.csv".into(), line: 2 },
        }
    }

    #[test]
    fn machines_without_an_update_for_two_months_or_with_needed_updates_are_behind() {
        let today = date!(2025 - 06 - 30);
        let judged = judge(
            &[
                machine("PC-NEW", Some(date!(2025 - 06 - 12)), None),
                machine("PC-OLD", Some(date!(2025 - 03 - 01)), None),
                machine("PC-WSUS", Some(date!(2025 - 06 - 20)), Some(4)),
            ],
            today,
        );
        let behind: Vec<(&str, &str)> =
            judged.iter().filter(|m| m.behind).map(|m| (m.host.as_str(), m.reason.key)).collect();
        assert_eq!(behind, [("PC-OLD", "discovery.update.old"), ("PC-WSUS", "discovery.update.needed")]);
        assert!(!judged[2].behind && judged[2].host == "PC-NEW");
    }
}
