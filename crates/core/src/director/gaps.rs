//! The critical gaps a director must know about, judged from what the registers suggest for
//! checklist items — never a rule of their own, so whatever the suggestions learn (end of
//! support, known exploited vulnerabilities) reaches the page as it is.

use super::Origin;
use crate::catalog::Scope;
use crate::message::Message;
use crate::suggest::{Suggested, Suggestion};
use serde::Serialize;

/// The gaps, in the order the page lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectorGap {
    /// No backup that an attack on the network cannot reach (offline or unchangeable), or none
    /// restorable.
    NoOfflineBackup,
    /// VPN or remote-maintenance devices not patched, unknown, or past their support.
    RemoteAccessUnpatched,
    /// No BCP for a cyber attack.
    NoBcp,
    /// Two-factor authentication not on track for 令和9年4月1日.
    TwoFactorOffTrack,
    /// Accounts of people who left still enabled.
    LeaversEnabled,
}

impl DirectorGap {
    pub const ALL: [DirectorGap; 5] = [
        DirectorGap::NoOfflineBackup,
        DirectorGap::RemoteAccessUnpatched,
        DirectorGap::NoBcp,
        DirectorGap::TwoFactorOffTrack,
        DirectorGap::LeaversEnabled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DirectorGap::NoOfflineBackup => "no_offline_backup",
            DirectorGap::RemoteAccessUnpatched => "remote_access_unpatched",
            DirectorGap::NoBcp => "no_bcp",
            DirectorGap::TwoFactorOffTrack => "two_factor_off_track",
            DirectorGap::LeaversEnabled => "leavers_enabled",
        }
    }

    /// `director.gap.<code>`: what the gap is, in plain words.
    pub fn label_key(self) -> &'static str {
        match self {
            DirectorGap::NoOfflineBackup => "director.gap.no_offline_backup",
            DirectorGap::RemoteAccessUnpatched => "director.gap.remote_access_unpatched",
            DirectorGap::NoBcp => "director.gap.no_bcp",
            DirectorGap::TwoFactorOffTrack => "director.gap.two_factor_off_track",
            DirectorGap::LeaversEnabled => "director.gap.leavers_enabled",
        }
    }

    /// The checklist items (and scope) whose suggestions decide the gap.
    pub fn checks(self) -> &'static [(&'static str, Scope)] {
        match self {
            DirectorGap::NoOfflineBackup => &[("backup.backup_and_restore", Scope::General)],
            DirectorGap::RemoteAccessUnpatched => {
                &[("vendor.remote_maintenance_checked", Scope::General), ("patch.apply", Scope::Network)]
            }
            DirectorGap::NoBcp => &[("bcp.plan", Scope::General)],
            DirectorGap::TwoFactorOffTrack => &[("auth.two_factor", Scope::General)],
            DirectorGap::LeaversEnabled => &[("access.remove_unneeded_accounts", Scope::Server)],
        }
    }
}

/// How a gap stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapState {
    /// The registers show the gap.
    Found,
    /// The registers do not say: it cannot be ruled out.
    Unknown,
    /// The registers show it is covered.
    Clear,
}

impl GapState {
    pub fn label_key(self) -> &'static str {
        match self {
            GapState::Found => "director.gap_state.found",
            GapState::Unknown => "director.gap_state.unknown",
            GapState::Clear => "director.gap_state.clear",
        }
    }
}

/// One gap as the page shows it: its state, the reasons and records the suggestions give, and
/// the items it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapLine {
    pub gap: DirectorGap,
    pub state: GapState,
    pub reasons: Vec<Message>,
    pub records: Vec<String>,
    pub origins: Vec<Origin>,
}

/// Judges a gap from the suggestions of its items (`suggestion(key, scope)`): found when any says
/// いいえ, unknown when none does but one cannot say, clear only when all say はい.
pub fn judge(gap: DirectorGap, suggestion: &dyn Fn(&str, Scope) -> Option<Suggested>) -> GapLine {
    let mut line = GapLine {
        gap,
        state: GapState::Clear,
        reasons: Vec::new(),
        records: Vec::new(),
        origins: Vec::new(),
    };
    for (key, scope) in gap.checks() {
        line.origins.push(Origin::Suggestion { key: (*key).to_owned(), number: None });
        let state = match suggestion(key, *scope) {
            None => {
                line.reasons.push(Message::new("director.gap_reason.no_item"));
                GapState::Unknown
            }
            Some(s) => {
                let state = match s.suggestion {
                    Suggestion::No => GapState::Found,
                    Suggestion::Insufficient => GapState::Unknown,
                    Suggestion::Yes => GapState::Clear,
                };
                if state != GapState::Clear {
                    line.reasons.extend(s.reasons);
                    line.records.extend(s.records);
                }
                state
            }
        };
        line.state = line.state.min(state);
    }
    // Two items of one gap often give the same reason (no systems registered): say it once.
    let mut seen = Vec::new();
    line.reasons.retain(|r| {
        let fresh = !seen.contains(r);
        if fresh {
            seen.push(r.clone());
        }
        fresh
    });
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::{insufficient, no, yes};

    #[test]
    fn a_reason_two_items_share_is_said_once() {
        let line = judge(DirectorGap::TwoFactorOffTrack, &|_, _| {
            let mut said_twice = no(Message::new("suggest.reason.no_systems"), Vec::new());
            said_twice.reasons.push(Message::new("suggest.reason.no_systems"));
            Some(said_twice)
        });
        assert_eq!(line.reasons, [Message::new("suggest.reason.no_systems")]);
    }

    #[test]
    fn a_gap_is_found_when_any_of_its_items_says_no_and_clear_only_when_all_say_yes() {
        let ask = |answers: [Suggestion; 2]| {
            judge(DirectorGap::RemoteAccessUnpatched, &|key, scope| {
                let s = if key == "patch.apply" { answers[1] } else { answers[0] };
                assert!(key != "patch.apply" || scope == Scope::Network, "VPN devices are network devices");
                Some(match s {
                    Suggestion::Yes => yes(Message::new("a")),
                    Suggestion::No => no(Message::new("b"), vec!["VPN-01".into()]),
                    Suggestion::Insufficient => insufficient(Message::new("c"), Vec::new()),
                })
            })
        };
        let found = ask([Suggestion::Yes, Suggestion::No]);
        assert_eq!(
            (found.state, found.records.as_slice()),
            (GapState::Found, ["VPN-01".to_owned()].as_slice())
        );
        assert_eq!(found.reasons.iter().map(|m| m.key).collect::<Vec<_>>(), ["b"], "only what is wrong");
        assert_eq!(ask([Suggestion::Insufficient, Suggestion::Yes]).state, GapState::Unknown);
        assert_eq!(ask([Suggestion::Insufficient, Suggestion::No]).state, GapState::Found);
        assert_eq!(ask([Suggestion::Yes, Suggestion::Yes]).state, GapState::Clear);
        assert_eq!(found.origins.len(), 2, "each line says which items it was read from");
    }

    #[test]
    fn an_item_without_a_suggestion_is_unknown_never_clear() {
        let line = judge(DirectorGap::NoBcp, &|_, _| None);
        assert_eq!(line.state, GapState::Unknown);
        assert_eq!(line.reasons[0].key, "director.gap_reason.no_item");
    }
}
