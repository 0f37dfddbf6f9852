//! アカウント点検: system accounts checked against the staff roster.
//!
//! Accounts are matched to staff by employee number, else by name (normalised for full/half
//! width, spaces and common 旧字体). Findings: leavers' accounts still enabled, accounts unused
//! for a long time, shared or generic accounts, and accounts nobody owns. A disabled account
//! raises nothing: disabling counts as removal.

use crate::text::to_half_width;
use serde::Serialize;
use std::collections::HashMap;
use time::{Date, Duration};

/// One account of one system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub system: String,
    pub login: String,
    pub name: String,
    /// `None` when the export does not say.
    pub enabled: Option<bool>,
    pub last_logon: Option<Date>,
    pub employee_no: String,
}

/// One person of the staff roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Staff {
    pub employee_no: String,
    pub name: String,
    pub department: String,
    pub joined: Option<Date>,
    pub left: Option<Date>,
    pub on_leave: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The person has left, the account still works.
    LeaverEnabled,
    /// The person is on leave, the account still works.
    OnLeaveEnabled,
    /// Not used for longer than the limit (or never).
    Unused,
    /// A name like admin, user01, test, ゲスト: probably shared.
    Generic,
    /// Enabled, and no one on the roster owns it.
    NoOwner,
}

impl FindingKind {
    /// In the order a review page lists them: what needs action first.
    pub const ALL: [FindingKind; 5] = [
        FindingKind::LeaverEnabled,
        FindingKind::OnLeaveEnabled,
        FindingKind::NoOwner,
        FindingKind::Generic,
        FindingKind::Unused,
    ];

    /// The stored code (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            FindingKind::LeaverEnabled => "leaver_enabled",
            FindingKind::OnLeaveEnabled => "on_leave_enabled",
            FindingKind::Unused => "unused",
            FindingKind::Generic => "generic",
            FindingKind::NoOwner => "no_owner",
        }
    }

    pub fn parse(code: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The catalog key of the heading the findings of this kind are listed under.
    pub fn heading_key(self) -> &'static str {
        match self {
            FindingKind::LeaverEnabled => "account_review.kind.leaver_enabled",
            FindingKind::OnLeaveEnabled => "account_review.kind.on_leave_enabled",
            FindingKind::Unused => "account_review.kind.unused",
            FindingKind::Generic => "account_review.kind.generic",
            FindingKind::NoOwner => "account_review.kind.no_owner",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            FindingKind::LeaverEnabled => "accounts.finding.leaver_enabled",
            FindingKind::OnLeaveEnabled => "accounts.finding.on_leave_enabled",
            FindingKind::Unused => "accounts.finding.unused",
            FindingKind::Generic => "accounts.finding.generic",
            FindingKind::NoOwner => "accounts.finding.no_owner",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub system: String,
    pub login: String,
    pub name: String,
    /// The roster's employee number of the matched person, if any.
    pub employee_no: Option<String>,
    /// The roster's name of the matched person, if any.
    pub staff_name: Option<String>,
    /// Days since the last logon, for unused accounts.
    pub idle_days: Option<i64>,
}

impl Finding {
    /// The catalog key of the sentence describing this finding (takes `{days}`).
    pub fn message_key(&self) -> &'static str {
        match (self.kind, self.idle_days) {
            (FindingKind::Unused, None) => "accounts.finding.never_used",
            (kind, _) => kind.message_key(),
        }
    }
}

/// How the review is done.
#[derive(Debug, Clone, Copy)]
pub struct ReviewPolicy {
    pub today: Date,
    /// Accounts unused for longer than this are reported.
    pub unused_days: i64,
    /// Active Directory's lastLogonTimestamp is replicated lazily and may lag up to 14 days;
    /// this much is added before calling an account unused.
    pub lag_days: i64,
}

impl ReviewPolicy {
    pub fn new(today: Date) -> ReviewPolicy {
        ReviewPolicy { today, unused_days: 90, lag_days: 14 }
    }
}

/// Old forms of kanji common in Japanese names, to their everyday forms.
const OLD_FORMS: [(char, char); 22] = [
    ('髙', '高'),
    ('﨑', '崎'),
    ('嵜', '崎'),
    ('邊', '辺'),
    ('邉', '辺'),
    ('齋', '斎'),
    ('齊', '斉'),
    ('濱', '浜'),
    ('國', '国'),
    ('澤', '沢'),
    ('嶋', '島'),
    ('廣', '広'),
    ('櫻', '桜'),
    ('惠', '恵'),
    ('德', '徳'),
    ('條', '条'),
    ('實', '実'),
    ('壽', '寿'),
    ('藏', '蔵'),
    ('學', '学'),
    ('眞', '真'),
    ('冨', '富'),
];

/// A name as compared: half-width letters and digits, no spaces, common 旧字体 folded.
pub fn normalise_name(name: &str) -> String {
    to_half_width(name)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '　' && *c != '・')
        .map(|c| OLD_FORMS.iter().find(|(old, _)| *old == c).map_or(c, |(_, new)| *new))
        .flat_map(char::to_lowercase)
        .collect()
}

/// admin, administrator, user01, test, guest, ゲスト, 共用, kiosk …
pub fn looks_generic(login: &str, name: &str) -> bool {
    let l = to_half_width(login).to_lowercase();
    let stem: String = l.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '-').to_owned();
    const STEMS: [&str; 14] = [
        "admin",
        "administrator",
        "user",
        "test",
        "guest",
        "temp",
        "tmp",
        "shared",
        "kiosk",
        "demo",
        "staff",
        "common",
        "public",
        "root",
    ];
    const WORDS: [&str; 7] = ["ゲスト", "共用", "共通", "研修", "実習", "テスト", "管理者"];
    STEMS.contains(&stem.as_str()) || WORDS.iter().any(|w| name.contains(w) || login.contains(w))
}

/// Reviews every account against the roster.
pub fn review(accounts: &[Account], roster: &[Staff], policy: ReviewPolicy) -> Vec<Finding> {
    let by_no: HashMap<String, &Staff> = roster
        .iter()
        .filter(|s| !s.employee_no.is_empty())
        .map(|s| (to_half_width(&s.employee_no), s))
        .collect();
    let mut by_name: HashMap<String, Vec<&Staff>> = HashMap::new();
    for s in roster {
        by_name.entry(normalise_name(&s.name)).or_default().push(s);
    }
    let mut out = Vec::new();
    for a in accounts.iter().filter(|a| a.enabled != Some(false)) {
        let owner = [&a.employee_no, &a.login]
            .iter()
            .find_map(|k| by_no.get(&to_half_width(k)).copied())
            .or_else(|| match by_name.get(&normalise_name(&a.name)).map(Vec::as_slice) {
                Some([only]) if !a.name.trim().is_empty() => Some(*only),
                _ => None,
            });
        let finding = |kind, idle_days| Finding {
            kind,
            system: a.system.clone(),
            login: a.login.clone(),
            name: a.name.clone(),
            employee_no: owner.map(|s| s.employee_no.clone()),
            staff_name: owner.map(|s| s.name.clone()),
            idle_days,
        };
        match owner {
            Some(s) if s.left.is_some_and(|d| d <= policy.today) => {
                out.push(finding(FindingKind::LeaverEnabled, None))
            }
            Some(s) if s.on_leave => out.push(finding(FindingKind::OnLeaveEnabled, None)),
            Some(_) => {}
            None if looks_generic(&a.login, &a.name) => out.push(finding(FindingKind::Generic, None)),
            None => out.push(finding(FindingKind::NoOwner, None)),
        }
        // Days beyond the calendar reach back to its start rather than overflowing it.
        let reach = Duration::days(policy.unused_days.saturating_add(policy.lag_days));
        let limit = policy.today.checked_sub(reach).unwrap_or(Date::MIN);
        match a.last_logon {
            Some(d) if d < limit => {
                out.push(finding(FindingKind::Unused, Some((policy.today - d).whole_days())))
            }
            None if a.enabled == Some(true) => out.push(finding(FindingKind::Unused, None)),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn account(login: &str, name: &str, enabled: Option<bool>, last: Option<Date>) -> Account {
        Account {
            system: "AD".into(),
            login: login.into(),
            name: name.into(),
            enabled,
            last_logon: last,
            employee_no: String::new(),
        }
    }

    fn staff(no: &str, name: &str, left: Option<Date>, on_leave: bool) -> Staff {
        Staff {
            employee_no: no.into(),
            name: name.into(),
            department: "医事課".into(),
            joined: None,
            left,
            on_leave,
        }
    }

    fn kinds(f: &[Finding]) -> Vec<(&str, FindingKind)> {
        f.iter().map(|f| (f.login.as_str(), f.kind)).collect()
    }

    const TODAY: Date = date!(2025 - 11 - 20);

    #[test]
    fn names_match_across_width_spaces_and_old_forms() {
        assert_eq!(normalise_name("髙橋　一郎"), normalise_name("高橋 一郎"));
        assert_eq!(normalise_name("渡邊 ｱｲ"), normalise_name("渡辺ｱｲ"));
        assert_ne!(normalise_name("高橋一郎"), normalise_name("高橋二郎"));
    }

    #[test]
    fn the_review_finds_leavers_idle_generic_and_ownerless_accounts() {
        let roster = vec![
            staff("1001", "髙橋 一郎", Some(date!(2025 - 03 - 31)), false),
            staff("1002", "佐藤 花子", None, true),
            staff("1003", "鈴木 次郎", None, false),
        ];
        let recent = Some(date!(2025 - 11 - 01));
        let accounts = vec![
            account("takahashi", "高橋一郎", Some(true), recent),
            account("1002", "", Some(true), recent),
            account("suzuki", "鈴木　次郎", Some(true), Some(date!(2025 - 07 - 01))),
            account("user01", "", Some(true), recent),
            account("yamada", "山田 三郎", None, recent),
            account("old", "髙橋 一郎", Some(false), None),
            account("nobody", "", Some(true), None),
        ];
        let found = review(&accounts, &roster, ReviewPolicy::new(TODAY));
        assert_eq!(
            kinds(&found),
            vec![
                ("takahashi", FindingKind::LeaverEnabled),
                ("1002", FindingKind::OnLeaveEnabled),
                ("suzuki", FindingKind::Unused),
                ("user01", FindingKind::Generic),
                ("yamada", FindingKind::NoOwner),
                ("nobody", FindingKind::NoOwner),
                ("nobody", FindingKind::Unused),
            ]
        );
        assert_eq!(found[2].idle_days, Some(142));
        assert_eq!(found[0].employee_no.as_deref(), Some("1001"));
        assert_eq!(found[0].staff_name.as_deref(), Some("髙橋 一郎"));
        for kind in FindingKind::ALL {
            assert_eq!(FindingKind::parse(kind.code()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.code(), "the code is the serde name");
        }
    }

    #[test]
    fn active_directorys_lag_is_allowed_for() {
        let roster = vec![staff("1", "鈴木 次郎", None, false)];
        // 100 days ago: past 90, but within 90 + 14.
        let a = account("suzuki", "鈴木次郎", Some(true), Some(TODAY - Duration::days(100)));
        assert!(review(&[a], &roster, ReviewPolicy::new(TODAY)).is_empty());
    }

    #[test]
    fn generic_names_are_recognised() {
        for (login, name) in [
            ("admin", ""),
            ("Administrator", ""),
            ("test01", ""),
            ("guest", ""),
            ("kiosk-3", ""),
            ("x", "外来ゲスト"),
            ("y", "共用端末"),
        ] {
            assert!(looks_generic(login, name), "{login} {name}");
        }
        assert!(!looks_generic("tanaka", "田中 一郎"));
    }
}
