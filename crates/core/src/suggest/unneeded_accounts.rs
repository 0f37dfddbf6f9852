//! 2-(5) 不要なアカウントの削除: judged from the year's latest account review. Leavers' and
//! ownerless accounts nobody has decided about are いいえ; once every finding is decided —
//! deleted, disabled (which the ministry counts as removed) or kept with a reason — はい.

use super::{Source, Suggested, insufficient, no, with_list, yes};
use crate::account_review::{DecidedFinding, ReviewedAccounts};
use crate::accounts::FindingKind;
use crate::date::FiscalYear;
use crate::message::Message;

/// The suggestion from the latest review dated in the fiscal year.
pub(super) fn reviewed(reviews: &[ReviewedAccounts], year: FiscalYear) -> Suggested {
    let latest =
        reviews.iter().filter(|r| year.contains(r.reviewed_on)).max_by_key(|r| (r.reviewed_on, r.id));
    let Some(review) = latest else {
        let mut s = insufficient(Message::new("suggest.reason.accounts_no_review"), Vec::new());
        s.source = Some(Source::AccountReviews);
        return s;
    };
    let open: Vec<&DecidedFinding> = review.findings.iter().filter(|f| !f.is_decided()).collect();
    let blocking =
        accounts(open.iter().filter(|f| matches!(f.kind, FindingKind::LeaverEnabled | FindingKind::NoOwner)));
    let mut s = if !blocking.is_empty() {
        no(with_list(Message::new("suggest.reason.accounts_open"), &blocking), blocking)
    } else if !open.is_empty() {
        let rest = accounts(open.iter());
        insufficient(with_list(Message::new("suggest.reason.accounts_undecided"), &rest), rest)
    } else if review.findings.is_empty() {
        yes(Message::new("suggest.reason.accounts_clean").arg("date", review.reviewed_on))
    } else {
        let removed = review.findings.iter().filter(|f| f.decision.is_some_and(|d| d.removes())).count();
        yes(Message::new("suggest.reason.accounts_decided")
            .arg("date", review.reviewed_on)
            .arg("count", review.findings.len())
            .arg("removed", removed)
            .arg("kept", review.findings.len() - removed))
    };
    s.source = Some(Source::AccountReview { id: review.id });
    s
}

/// Each account once, in the review's order (an account can have several findings).
fn accounts<'a>(findings: impl Iterator<Item = &'a &'a DecidedFinding>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in findings {
        let name = f.account();
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account_review::Decision;
    use crate::suggest::Suggestion;
    use time::Date;
    use time::macros::date;

    fn finding(kind: FindingKind, login: &str, decision: Option<Decision>, reason: &str) -> DecidedFinding {
        DecidedFinding { kind, system: "AD".into(), login: login.into(), decision, reason: reason.into() }
    }

    fn review(id: i64, on: Date, findings: Vec<DecidedFinding>) -> ReviewedAccounts {
        ReviewedAccounts { id, reviewed_on: on, findings }
    }

    const FY: FiscalYear = FiscalYear(2025);

    #[test]
    fn no_review_in_the_year_is_not_enough_to_judge() {
        let last_year = review(1, date!(2025 - 03 - 31), Vec::new());
        let s = reviewed(&[last_year], FY);
        assert_eq!(s.suggestion, Suggestion::Insufficient);
        assert_eq!(s.reasons[0].key, "suggest.reason.accounts_no_review");
        assert_eq!(s.source, Some(Source::AccountReviews));
    }

    #[test]
    fn undecided_leavers_and_ownerless_accounts_are_no_and_named() {
        let findings = vec![
            finding(FindingKind::LeaverEnabled, "yamada", None, ""),
            finding(FindingKind::Unused, "yamada", None, ""),
            finding(FindingKind::NoOwner, "ghost", None, ""),
            finding(FindingKind::LeaverEnabled, "sato", Some(Decision::Disable), ""),
            finding(FindingKind::NoOwner, "vendor", Some(Decision::Keep), ""),
        ];
        let s = reviewed(&[review(7, date!(2025 - 10 - 01), findings)], FY);
        assert_eq!(s.suggestion, Suggestion::No);
        assert_eq!(s.records, vec!["AD: yamada", "AD: ghost", "AD: vendor"], "維持 without a reason is open");
        assert!(s.reasons[0].args.contains(&("count", "3".to_owned())), "{:?}", s.reasons);
        assert_eq!(s.source, Some(Source::AccountReview { id: 7 }));
    }

    #[test]
    fn other_open_findings_leave_it_undecided() {
        let findings = vec![
            finding(FindingKind::LeaverEnabled, "yamada", Some(Decision::Delete), ""),
            finding(FindingKind::Generic, "kiosk", None, ""),
        ];
        let s = reviewed(&[review(2, date!(2025 - 06 - 01), findings)], FY);
        assert_eq!((s.suggestion, s.records), (Suggestion::Insufficient, vec!["AD: kiosk".to_owned()]));
        assert_eq!(s.reasons[0].key, "suggest.reason.accounts_undecided");
    }

    #[test]
    fn every_finding_decided_is_yes_and_names_the_latest_review() {
        let older = review(1, date!(2025 - 05 - 01), vec![finding(FindingKind::NoOwner, "x", None, "")]);
        let findings = vec![
            finding(FindingKind::LeaverEnabled, "yamada", Some(Decision::Disable), ""),
            finding(FindingKind::Generic, "kiosk", Some(Decision::Keep), "受付の共用端末"),
        ];
        let newer = review(2, date!(2026 - 02 - 10), findings);
        let s = reviewed(&[older, newer], FY);
        assert_eq!(s.suggestion, Suggestion::Yes);
        let m = &s.reasons[0];
        assert_eq!(m.key, "suggest.reason.accounts_decided");
        assert!(m.args.contains(&("date", "2026-02-10".to_owned())), "{m:?}");
        assert!(m.args.contains(&("removed", "1".to_owned())) && m.args.contains(&("kept", "1".to_owned())));
        assert_eq!(s.source, Some(Source::AccountReview { id: 2 }));
        let clean = reviewed(&[review(3, date!(2025 - 04 - 01), Vec::new())], FY);
        assert_eq!(
            (clean.suggestion, clean.reasons[0].key),
            (Suggestion::Yes, "suggest.reason.accounts_clean")
        );
    }
}
