//! The decisions the page asks of the director — money, people, contracts — each drawn from a
//! line of the page and saying which. The rules are few and plain on purpose: they point at what
//! only the director can settle, not at every task.

use super::Origin;
use super::gaps::{DirectorGap, GapLine, GapState};
use crate::bcp::training::Coverage;
use crate::message::Message;
use crate::roles::tally::{WeakArea, percent};
use serde::Serialize;

/// What kind of decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// 予算
    Budget,
    /// 人（担当・時間）
    People,
    /// 契約
    Contract,
}

impl DecisionKind {
    pub fn label_key(self) -> &'static str {
        match self {
            DecisionKind::Budget => "director.decision_kind.budget",
            DecisionKind::People => "director.decision_kind.people",
            DecisionKind::Contract => "director.decision_kind.contract",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub kind: DecisionKind,
    pub message: Message,
    pub origin: Origin,
}

/// What the decisions are drawn from.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub fiscal_year: i32,
    pub gaps: &'a [GapLine],
    /// The year's いいえ answers past their target date.
    pub overdue: usize,
    /// The year's いいえ answers without a target date.
    pub without_target: usize,
    pub training: &'a [Coverage],
    /// The role checks' areas, weakest first.
    pub weak_areas: &'a [WeakArea],
}

/// An area below this share of ○ asks for people and time.
const WEAK_AREA_BELOW: u32 = 50;

/// The decisions, budget first, then people, then contracts.
pub fn decisions(f: &Facts) -> Vec<Decision> {
    let mut out = Vec::new();
    for line in f.gaps.iter().filter(|g| g.state == GapState::Found) {
        let origin =
            line.origins.first().cloned().unwrap_or(Origin::Assessment { fiscal_year: f.fiscal_year });
        let mut add =
            |kind, key| out.push(Decision { kind, message: Message::new(key), origin: origin.clone() });
        match line.gap {
            DirectorGap::NoOfflineBackup => add(DecisionKind::Budget, "director.decision.offline_backup"),
            DirectorGap::RemoteAccessUnpatched => {
                add(DecisionKind::Budget, "director.decision.replace_remote_devices");
                add(DecisionKind::Contract, "director.decision.maintenance_contract");
            }
            DirectorGap::NoBcp => add(DecisionKind::People, "director.decision.bcp_owner"),
            DirectorGap::TwoFactorOffTrack => add(DecisionKind::Budget, "director.decision.two_factor"),
            DirectorGap::LeaversEnabled => add(DecisionKind::People, "director.decision.leavers"),
        }
    }
    let assessment = Origin::Assessment { fiscal_year: f.fiscal_year };
    if f.overdue > 0 {
        out.push(Decision {
            kind: DecisionKind::People,
            message: Message::new("director.decision.overdue").arg("count", f.overdue),
            origin: assessment.clone(),
        });
    }
    if f.without_target > 0 {
        out.push(Decision {
            kind: DecisionKind::People,
            message: Message::new("director.decision.without_target").arg("count", f.without_target),
            origin: assessment,
        });
    }
    let untrained: usize = f.training.iter().map(|c| c.untrained.len()).sum();
    let listed: usize = f.training.iter().map(|c| c.listed).sum();
    if listed == 0 {
        out.push(Decision {
            kind: DecisionKind::People,
            message: Message::new("director.decision.nobody_listed"),
            origin: Origin::Trainings,
        });
    } else if untrained > 0 {
        out.push(Decision {
            kind: DecisionKind::People,
            message: Message::new("director.decision.training").arg("count", untrained),
            origin: Origin::Trainings,
        });
    }
    for area in f.weak_areas.iter().filter(|a| percent(a.yes_share) < WEAK_AREA_BELOW) {
        out.push(Decision {
            kind: DecisionKind::People,
            message: Message::new("director.decision.weak_area")
                .arg("area", area.area.name_ja())
                .arg("percent", percent(area.yes_share)),
            origin: Origin::RoleChecks { fiscal_year: f.fiscal_year },
        });
    }
    out.sort_by_key(|d| d.kind);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::{Area, Control, Layer};

    fn gap(gap: DirectorGap, state: GapState) -> GapLine {
        GapLine {
            gap,
            state,
            reasons: Vec::new(),
            records: Vec::new(),
            origins: vec![Origin::Suggestion { key: gap.checks()[0].0.to_owned(), number: None }],
        }
    }

    fn coverage(listed: usize, untrained: &[&str]) -> Coverage {
        Coverage {
            audience: "clinical",
            audience_ja: "医療従事者",
            listed,
            trained: listed - untrained.len(),
            untrained: untrained.iter().map(|s| (*s).to_owned()).collect(),
            unlisted: Vec::new(),
        }
    }

    fn weak(share: f64) -> WeakArea {
        WeakArea {
            area: Area { layer: Layer::Staff, control: Control::Detective },
            yes_share: share,
            unknown_share: 0.0,
            measures: Vec::new(),
            measures_not_printed: true,
            items: Vec::new(),
            bearing: None,
        }
    }

    #[test]
    fn each_found_gap_asks_for_its_decision_and_says_where_it_comes_from() {
        let gaps = [
            gap(DirectorGap::RemoteAccessUnpatched, GapState::Found),
            gap(DirectorGap::NoBcp, GapState::Unknown),
            gap(DirectorGap::LeaversEnabled, GapState::Found),
        ];
        let training = [coverage(3, &["佐藤"])];
        let weak_areas = [weak(0.49), weak(0.8)];
        let facts = Facts {
            fiscal_year: 2025,
            gaps: &gaps,
            overdue: 2,
            without_target: 0,
            training: &training,
            weak_areas: &weak_areas,
        };
        let got: Vec<(DecisionKind, &str)> =
            decisions(&facts).iter().map(|d| (d.kind, d.message.key)).collect();
        assert_eq!(
            got,
            [
                (DecisionKind::Budget, "director.decision.replace_remote_devices"),
                (DecisionKind::People, "director.decision.leavers"),
                (DecisionKind::People, "director.decision.overdue"),
                (DecisionKind::People, "director.decision.training"),
                (DecisionKind::People, "director.decision.weak_area"),
                (DecisionKind::Contract, "director.decision.maintenance_contract"),
            ]
        );
        let all = decisions(&facts);
        assert_eq!(
            all[0].origin,
            Origin::Suggestion { key: "vendor.remote_maintenance_checked".into(), number: None }
        );
        assert_eq!(all[2].origin, Origin::Assessment { fiscal_year: 2025 });
        assert_eq!(all[4].message.args, [("area", "人的・発見的".to_owned()), ("percent", "49".to_owned())]);
    }

    #[test]
    fn nobody_on_the_staff_list_is_a_decision_too() {
        let facts = Facts {
            fiscal_year: 2025,
            gaps: &[],
            overdue: 0,
            without_target: 1,
            training: &[],
            weak_areas: &[],
        };
        let keys: Vec<&str> = decisions(&facts).iter().map(|d| d.message.key).collect();
        assert_eq!(keys, ["director.decision.without_target", "director.decision.nobody_listed"]);
    }
}
