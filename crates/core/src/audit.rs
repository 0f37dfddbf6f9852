//! The audit log's tamper evidence: a hash chain.
//!
//! Each entry's hash covers its own fields and the previous entry's hash, so changing,
//! removing or reordering any entry breaks every hash after it. The store keeps a head
//! (last sequence number and hash) per chain, which also reveals entries cut off the end.
//! There is one chain per institution, and one `system` chain for events that belong to no
//! institution (a failed login with an unknown login id).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry of every chain.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The chain key of events that belong to no institution.
pub const SYSTEM_CHAIN: &str = "system";

pub fn chain_key(institution_id: Option<i64>) -> String {
    match institution_id {
        Some(id) => format!("institution:{id}"),
        None => SYSTEM_CHAIN.to_owned(),
    }
}

/// What happened. The code is what is stored; renaming one breaks old chains' meaning,
/// so codes are only ever added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    LoginSucceeded,
    LoginFailed,
    AccountLocked,
    Logout,
    InstitutionCreated,
    InstitutionUpdated,
    UserCreated,
    UserUpdated,
    PasswordReset,
    PasswordChanged,
    PreferencesChanged,
    DemoLoaded,
    Restored,
    DefinitionImported,
    AssessmentCreated,
    AssessmentUpdated,
    AnswersSaved,
    EvidenceAdded,
    EvidenceDeleted,
    AssetCreated,
    AssetUpdated,
    AssetsImported,
    RecordCreated,
    RecordUpdated,
    RecordDeleted,
    RecordsImported,
    RecordFileAdded,
    VendorSheetSaved,
    SuggestionReviewed,
    AccountReviewCreated,
    AccountFindingDecided,
    AccountFindingsDecidedTogether,
    IncidentOpened,
    IncidentRecorded,
    IncidentClosed,
    IncidentTargetsSaved,
    SurveySaved,
    SurveyImported,
    SurveyArchived,
    BcpCheckSaved,
    BcpCardPrinted,
    AssetDiscovered,
    AssetReconciled,
    DiscoveryRecorded,
    LifecycleImported,
}

impl AuditAction {
    pub const ALL: [AuditAction; 45] = [
        AuditAction::LoginSucceeded,
        AuditAction::LoginFailed,
        AuditAction::AccountLocked,
        AuditAction::Logout,
        AuditAction::InstitutionCreated,
        AuditAction::InstitutionUpdated,
        AuditAction::UserCreated,
        AuditAction::UserUpdated,
        AuditAction::PasswordReset,
        AuditAction::PasswordChanged,
        AuditAction::PreferencesChanged,
        AuditAction::DemoLoaded,
        AuditAction::Restored,
        AuditAction::DefinitionImported,
        AuditAction::AssessmentCreated,
        AuditAction::AssessmentUpdated,
        AuditAction::AnswersSaved,
        AuditAction::EvidenceAdded,
        AuditAction::EvidenceDeleted,
        AuditAction::AssetCreated,
        AuditAction::AssetUpdated,
        AuditAction::AssetsImported,
        AuditAction::RecordCreated,
        AuditAction::RecordUpdated,
        AuditAction::RecordDeleted,
        AuditAction::RecordsImported,
        AuditAction::RecordFileAdded,
        AuditAction::VendorSheetSaved,
        AuditAction::SuggestionReviewed,
        AuditAction::AccountReviewCreated,
        AuditAction::AccountFindingDecided,
        AuditAction::AccountFindingsDecidedTogether,
        AuditAction::IncidentOpened,
        AuditAction::IncidentRecorded,
        AuditAction::IncidentClosed,
        AuditAction::IncidentTargetsSaved,
        AuditAction::SurveySaved,
        AuditAction::SurveyImported,
        AuditAction::SurveyArchived,
        AuditAction::BcpCheckSaved,
        AuditAction::BcpCardPrinted,
        AuditAction::AssetDiscovered,
        AuditAction::AssetReconciled,
        AuditAction::DiscoveryRecorded,
        AuditAction::LifecycleImported,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAction::LoginSucceeded => "login.succeeded",
            AuditAction::LoginFailed => "login.failed",
            AuditAction::AccountLocked => "account.locked",
            AuditAction::Logout => "logout",
            AuditAction::InstitutionCreated => "institution.created",
            AuditAction::InstitutionUpdated => "institution.updated",
            AuditAction::UserCreated => "user.created",
            AuditAction::UserUpdated => "user.updated",
            AuditAction::PasswordReset => "user.password_reset",
            AuditAction::PasswordChanged => "user.password_changed",
            AuditAction::PreferencesChanged => "user.preferences_changed",
            AuditAction::DemoLoaded => "demo.loaded",
            AuditAction::Restored => "backup.restored",
            AuditAction::DefinitionImported => "catalog.imported",
            AuditAction::AssessmentCreated => "assessment.created",
            AuditAction::AssessmentUpdated => "assessment.updated",
            AuditAction::AnswersSaved => "assessment.answers_saved",
            AuditAction::EvidenceAdded => "evidence.added",
            AuditAction::EvidenceDeleted => "evidence.deleted",
            AuditAction::AssetCreated => "asset.created",
            AuditAction::AssetUpdated => "asset.updated",
            AuditAction::AssetsImported => "asset.imported",
            AuditAction::RecordCreated => "register.created",
            AuditAction::RecordUpdated => "register.updated",
            AuditAction::RecordDeleted => "register.deleted",
            AuditAction::RecordsImported => "register.imported",
            AuditAction::RecordFileAdded => "register.file_added",
            AuditAction::VendorSheetSaved => "vendor_sheet.saved",
            AuditAction::SuggestionReviewed => "suggestion.reviewed",
            AuditAction::AccountReviewCreated => "account_review.created",
            AuditAction::AccountFindingDecided => "account_review.decided",
            AuditAction::AccountFindingsDecidedTogether => "account_review.decided_together",
            AuditAction::IncidentOpened => "incident.opened",
            AuditAction::IncidentRecorded => "incident.recorded",
            AuditAction::IncidentClosed => "incident.closed",
            AuditAction::IncidentTargetsSaved => "incident.targets_saved",
            AuditAction::SurveySaved => "survey.saved",
            AuditAction::SurveyImported => "survey.imported",
            AuditAction::SurveyArchived => "survey.archived",
            AuditAction::BcpCheckSaved => "bcp.check_saved",
            AuditAction::BcpCardPrinted => "bcp.card_printed",
            AuditAction::AssetDiscovered => "asset.discovered",
            AuditAction::AssetReconciled => "asset.reconciled",
            AuditAction::DiscoveryRecorded => "discovery.recorded",
            AuditAction::LifecycleImported => "lifecycle.imported",
        }
    }

    pub fn parse(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The catalog key of the action's display name: `audit.action.<code>`.
    pub fn message_key(self) -> &'static str {
        match self {
            AuditAction::LoginSucceeded => "audit.action.login.succeeded",
            AuditAction::LoginFailed => "audit.action.login.failed",
            AuditAction::AccountLocked => "audit.action.account.locked",
            AuditAction::Logout => "audit.action.logout",
            AuditAction::InstitutionCreated => "audit.action.institution.created",
            AuditAction::InstitutionUpdated => "audit.action.institution.updated",
            AuditAction::UserCreated => "audit.action.user.created",
            AuditAction::UserUpdated => "audit.action.user.updated",
            AuditAction::PasswordReset => "audit.action.user.password_reset",
            AuditAction::PasswordChanged => "audit.action.user.password_changed",
            AuditAction::PreferencesChanged => "audit.action.user.preferences_changed",
            AuditAction::DemoLoaded => "audit.action.demo.loaded",
            AuditAction::Restored => "audit.action.backup.restored",
            AuditAction::DefinitionImported => "audit.action.catalog.imported",
            AuditAction::AssessmentCreated => "audit.action.assessment.created",
            AuditAction::AssessmentUpdated => "audit.action.assessment.updated",
            AuditAction::AnswersSaved => "audit.action.assessment.answers_saved",
            AuditAction::EvidenceAdded => "audit.action.evidence.added",
            AuditAction::EvidenceDeleted => "audit.action.evidence.deleted",
            AuditAction::AssetCreated => "audit.action.asset.created",
            AuditAction::AssetUpdated => "audit.action.asset.updated",
            AuditAction::AssetsImported => "audit.action.asset.imported",
            AuditAction::RecordCreated => "audit.action.register.created",
            AuditAction::RecordUpdated => "audit.action.register.updated",
            AuditAction::RecordDeleted => "audit.action.register.deleted",
            AuditAction::RecordsImported => "audit.action.register.imported",
            AuditAction::RecordFileAdded => "audit.action.register.file_added",
            AuditAction::VendorSheetSaved => "audit.action.vendor_sheet.saved",
            AuditAction::SuggestionReviewed => "audit.action.suggestion.reviewed",
            AuditAction::AccountReviewCreated => "audit.action.account_review.created",
            AuditAction::AccountFindingDecided => "audit.action.account_review.decided",
            AuditAction::AccountFindingsDecidedTogether => "audit.action.account_review.decided_together",
            AuditAction::IncidentOpened => "audit.action.incident.opened",
            AuditAction::IncidentRecorded => "audit.action.incident.recorded",
            AuditAction::IncidentClosed => "audit.action.incident.closed",
            AuditAction::IncidentTargetsSaved => "audit.action.incident.targets_saved",
            AuditAction::SurveySaved => "audit.action.survey.saved",
            AuditAction::SurveyImported => "audit.action.survey.imported",
            AuditAction::SurveyArchived => "audit.action.survey.archived",
            AuditAction::BcpCheckSaved => "audit.action.bcp.check_saved",
            AuditAction::BcpCardPrinted => "audit.action.bcp.card_printed",
            AuditAction::AssetDiscovered => "audit.action.asset.discovered",
            AuditAction::AssetReconciled => "audit.action.asset.reconciled",
            AuditAction::DiscoveryRecorded => "audit.action.discovery.recorded",
            AuditAction::LifecycleImported => "audit.action.lifecycle.imported",
        }
    }
}

/// Who did it, from where. `login` is kept as text so an entry still says who it was after
/// the account is renamed, and so failed logins with unknown ids can be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub login: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

impl Actor {
    /// Work done from the command line on the server itself.
    pub fn cli(what: &str) -> Actor {
        Actor { user_id: None, login: format!("cli:{what}"), ip: None, request_id: None }
    }
}

/// One event to append; the store adds the chain position and hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub institution_id: Option<i64>,
    pub action: AuditAction,
    pub target_kind: &'static str,
    pub target_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// An entry as stored: everything the hash covers, plus the hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub chain: String,
    pub seq: i64,
    pub institution_id: Option<i64>,
    pub occurred_at: i64,
    pub actor_user_id: Option<i64>,
    pub actor_login: String,
    pub actor_ip: Option<String>,
    pub request_id: Option<String>,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    /// The hash this entry must carry, given its fields and `prev_hash`.
    pub fn compute_hash(&self) -> String {
        // A JSON array of the fields is an unambiguous encoding: no field can bleed into
        // the next, whatever characters it holds.
        let canonical = serde_json::json!([
            1,
            self.prev_hash,
            self.chain,
            self.seq,
            self.institution_id,
            self.occurred_at,
            self.actor_user_id,
            self.actor_login,
            self.actor_ip,
            self.request_id,
            self.action,
            self.target_kind,
            self.target_id,
            self.before_json,
            self.after_json,
        ]);
        hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
    }
}

/// Where and how a chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    pub chain: String,
    pub seq: i64,
    pub entry_id: Option<i64>,
    pub problem: BreakKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The entry's fields do not give its hash: it was edited.
    HashMismatch,
    /// The entry does not point at the one before it: entries were removed or reordered.
    BrokenLink,
    /// A sequence number is missing.
    Gap,
    /// The chain is shorter than its head says: entries were cut off the end.
    Truncated,
    /// The entry's chain does not belong to its institution: it was slipped into the log.
    WrongChain,
    /// Entries of a chain that has no head: written around the application.
    Unanchored,
}

/// What a chain verifier looks at in one entry: where it stands, what it points at, what it
/// carries, and what its fields give. The audit log and incident timelines share the checks.
pub struct Link<'a> {
    /// Whether the entry says it belongs to the chain being checked.
    pub belongs: bool,
    pub id: i64,
    pub seq: i64,
    pub prev_hash: &'a str,
    pub hash: &'a str,
    pub computed_hash: String,
}

/// Checks one chain's entries (in `seq` order) against each other and the head.
pub struct ChainVerifier {
    chain: String,
    expected_seq: i64,
    prev_hash: String,
}

impl ChainVerifier {
    pub fn new(chain: &str) -> ChainVerifier {
        ChainVerifier { chain: chain.to_owned(), expected_seq: 1, prev_hash: GENESIS_HASH.to_owned() }
    }

    pub fn check(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        let belongs = entry.chain == self.chain && chain_key(entry.institution_id) == entry.chain;
        self.check_link(&Link {
            belongs,
            id: entry.id,
            seq: entry.seq,
            prev_hash: &entry.prev_hash,
            hash: &entry.hash,
            computed_hash: entry.compute_hash(),
        })
    }

    /// The checks every chain shares, in the order that names the first thing wrong.
    pub fn check_link(&mut self, link: &Link) -> Result<(), ChainBreak> {
        let fail = |problem| ChainBreak {
            chain: self.chain.clone(),
            seq: link.seq,
            entry_id: Some(link.id),
            problem,
        };
        if !link.belongs {
            return Err(fail(BreakKind::WrongChain));
        }
        if link.seq != self.expected_seq {
            return Err(fail(BreakKind::Gap));
        }
        if link.prev_hash != self.prev_hash {
            return Err(fail(BreakKind::BrokenLink));
        }
        if link.computed_hash != link.hash {
            return Err(fail(BreakKind::HashMismatch));
        }
        self.expected_seq += 1;
        self.prev_hash = link.hash.to_owned();
        Ok(())
    }

    /// Call after the last entry with the head's recorded sequence number and hash.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        let checked = self.expected_seq - 1;
        if checked != head_seq || self.prev_hash != head_hash {
            return Err(ChainBreak {
                chain: self.chain,
                seq: checked + 1,
                entry_id: None,
                problem: BreakKind::Truncated,
            });
        }
        Ok(checked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain_of(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEntry {
                    id: seq * 10,
                    chain: "institution:1".into(),
                    seq,
                    institution_id: Some(1),
                    occurred_at: 1_700_000_000_000 + seq,
                    actor_user_id: Some(1),
                    actor_login: "admin".into(),
                    actor_ip: Some("127.0.0.1".into()),
                    request_id: None,
                    action: "institution.updated".into(),
                    target_kind: "institution".into(),
                    target_id: Some("1".into()),
                    before_json: Some(r#"{"name":"A"}"#.into()),
                    after_json: Some(r#"{"name":"B"}"#.into()),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = e.compute_hash();
                prev.clone_from(&e.hash);
                e
            })
            .collect()
    }

    fn verify(entries: &[AuditEntry], head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        let mut v = ChainVerifier::new("institution:1");
        for e in entries {
            v.check(e)?;
        }
        v.finish(head_seq, head_hash)
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let c = chain_of(5);
        assert_eq!(verify(&c, 5, &c[4].hash), Ok(5));
    }

    #[test]
    fn an_edited_entry_is_found() {
        let mut c = chain_of(5);
        c[2].after_json = Some(r#"{"name":"C"}"#.into());
        let err = verify(&c, 5, &c[4].hash.clone()).unwrap_err();
        assert_eq!((err.seq, err.entry_id, err.problem), (3, Some(30), BreakKind::HashMismatch));
    }

    #[test]
    fn an_edit_with_a_recomputed_hash_breaks_the_next_link() {
        let mut c = chain_of(5);
        c[2].actor_login = "someone-else".into();
        c[2].hash = c[2].compute_hash();
        let err = verify(&c, 5, &c[4].hash.clone()).unwrap_err();
        assert_eq!((err.seq, err.problem), (4, BreakKind::BrokenLink));
    }

    #[test]
    fn a_removed_entry_is_a_gap() {
        let mut c = chain_of(5);
        c.remove(1);
        let err = verify(&c, 5, &c[3].hash.clone()).unwrap_err();
        assert_eq!((err.seq, err.problem), (3, BreakKind::Gap));
    }

    #[test]
    fn a_cut_off_tail_is_found_through_the_head() {
        let c = chain_of(5);
        let err = verify(&c[..3], 5, &c[4].hash).unwrap_err();
        assert_eq!((err.seq, err.problem), (4, BreakKind::Truncated));
    }

    #[test]
    fn an_entry_of_another_institution_breaks_the_chain() {
        let mut c = chain_of(3);
        c[1].institution_id = Some(2);
        c[1].hash = c[1].compute_hash();
        let err = verify(&c, 3, &c[2].hash.clone()).unwrap_err();
        assert_eq!((err.seq, err.problem), (2, BreakKind::WrongChain));
    }

    #[test]
    fn fields_cannot_bleed_into_each_other() {
        let mut a = chain_of(1).remove(0);
        let mut b = a.clone();
        a.actor_login = "ab".into();
        a.actor_ip = Some("c".into());
        b.actor_login = "a".into();
        b.actor_ip = Some("bc".into());
        assert_ne!(a.compute_hash(), b.compute_hash());
    }

    #[test]
    fn action_codes_round_trip() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.code()), Some(a));
            assert_eq!(a.message_key(), format!("audit.action.{}", a.code()));
        }
    }
}
