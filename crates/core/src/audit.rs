//! The audit log's tamper evidence: a keyed chain.
//!
//! Each entry's seal covers its own fields and the previous entry's seal, so changing,
//! removing or reordering any entry breaks every seal after it. The seal is a MAC
//! (HMAC-SHA256) under a key that lives outside the database ([`AuditKey`]), so someone who
//! can write the database but not read the key cannot recompute a chain. Entries written
//! before the key existed carry a plain SHA-256 hash; the first keyed entry of their chain
//! covers the last of them, which pins them too. The store keeps a head (last sequence
//! number and seal) per chain, which also reveals entries cut off the end. There is one
//! chain per institution, and one `system` chain for events that belong to no institution
//! (a failed login with an unknown login id).

mod chain;
mod key;
pub mod witness;

pub use chain::{AuditVerifier, BreakKind, ChainBreak, ChainVerifier, Link};
pub use key::{AuditKey, KEY_LEN};

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
    AuditKeyCreated,
    DefinitionImported,
    /// An edition draft made, changed, an item checked against the form, or published.
    DefinitionDraftSaved,
    AssessmentCreated,
    AssessmentUpdated,
    AnswersSaved,
    EvidenceAdded,
    EvidenceDeleted,
    AssetCreated,
    AssetUpdated,
    AssetsImported,
    /// One asset's change by an import, with the file named.
    AssetImportUpdated,
    /// How a kind of file is read, remembered for the institution's next import of it.
    ImportLayoutRemembered,
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
    RoleAnswersSaved,
    StaffCodeIssued,
    StaffCodeRevoked,
    StaffAnswerReceived,
    DirectorSignedOff,
    AssetDiscovered,
    AssetReconciled,
    DiscoveryRecorded,
    LifecycleImported,
}

impl AuditAction {
    pub const ALL: [AuditAction; 54] = [
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
        AuditAction::AuditKeyCreated,
        AuditAction::DefinitionImported,
        AuditAction::DefinitionDraftSaved,
        AuditAction::AssessmentCreated,
        AuditAction::AssessmentUpdated,
        AuditAction::AnswersSaved,
        AuditAction::EvidenceAdded,
        AuditAction::EvidenceDeleted,
        AuditAction::AssetCreated,
        AuditAction::AssetUpdated,
        AuditAction::AssetsImported,
        AuditAction::AssetImportUpdated,
        AuditAction::ImportLayoutRemembered,
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
        AuditAction::RoleAnswersSaved,
        AuditAction::StaffCodeIssued,
        AuditAction::StaffCodeRevoked,
        AuditAction::StaffAnswerReceived,
        AuditAction::DirectorSignedOff,
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
            AuditAction::AuditKeyCreated => "audit.key_created",
            AuditAction::DefinitionImported => "catalog.imported",
            AuditAction::DefinitionDraftSaved => "catalog.draft_saved",
            AuditAction::AssessmentCreated => "assessment.created",
            AuditAction::AssessmentUpdated => "assessment.updated",
            AuditAction::AnswersSaved => "assessment.answers_saved",
            AuditAction::EvidenceAdded => "evidence.added",
            AuditAction::EvidenceDeleted => "evidence.deleted",
            AuditAction::AssetCreated => "asset.created",
            AuditAction::AssetUpdated => "asset.updated",
            AuditAction::AssetsImported => "asset.imported",
            AuditAction::AssetImportUpdated => "asset.import_updated",
            AuditAction::ImportLayoutRemembered => "import.layout_remembered",
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
            AuditAction::RoleAnswersSaved => "roles.answers_saved",
            AuditAction::StaffCodeIssued => "roles.code_issued",
            AuditAction::StaffCodeRevoked => "roles.code_revoked",
            AuditAction::StaffAnswerReceived => "roles.staff_answer_received",
            AuditAction::DirectorSignedOff => "director.signed_off",
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
            AuditAction::AuditKeyCreated => "audit.action.audit.key_created",
            AuditAction::DefinitionImported => "audit.action.catalog.imported",
            AuditAction::DefinitionDraftSaved => "audit.action.catalog.draft_saved",
            AuditAction::AssessmentCreated => "audit.action.assessment.created",
            AuditAction::AssessmentUpdated => "audit.action.assessment.updated",
            AuditAction::AnswersSaved => "audit.action.assessment.answers_saved",
            AuditAction::EvidenceAdded => "audit.action.evidence.added",
            AuditAction::EvidenceDeleted => "audit.action.evidence.deleted",
            AuditAction::AssetCreated => "audit.action.asset.created",
            AuditAction::AssetUpdated => "audit.action.asset.updated",
            AuditAction::AssetsImported => "audit.action.asset.imported",
            AuditAction::AssetImportUpdated => "audit.action.asset.import_updated",
            AuditAction::ImportLayoutRemembered => "audit.action.import.layout_remembered",
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
            AuditAction::RoleAnswersSaved => "audit.action.roles.answers_saved",
            AuditAction::StaffCodeIssued => "audit.action.roles.code_issued",
            AuditAction::StaffCodeRevoked => "audit.action.roles.code_revoked",
            AuditAction::StaffAnswerReceived => "audit.action.roles.staff_answer_received",
            AuditAction::DirectorSignedOff => "audit.action.director.signed_off",
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

/// An entry as stored: everything the seal covers, plus the seals.
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
    /// The id of the key that sealed the entry; `None` for an entry written before the
    /// database had a key, whose `hash` is then plain SHA-256.
    pub key_id: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    /// The seal this entry must carry, given its fields, `prev_hash` and the key: a MAC under
    /// `key` when the entry names a key, the plain hash of an entry from before the key.
    pub fn expected_seal(&self, key: &AuditKey) -> String {
        match &self.key_id {
            Some(_) => key.mac_hex(self.canonical(2).as_bytes()),
            None => self.legacy_hash(),
        }
    }

    /// Places the entry after `prev_hash` at `seq` and seals it with `key`.
    pub fn seal(mut self, seq: i64, prev_hash: String, key: &AuditKey) -> AuditEntry {
        self.seq = seq;
        self.prev_hash = prev_hash;
        self.key_id = Some(key.id().to_owned());
        self.hash = self.expected_seal(key);
        self
    }

    /// The plain SHA-256 hash entries carried before the log had a key. Anyone can compute
    /// it, so it proves nothing by itself; only a keyed entry after it does.
    pub fn legacy_hash(&self) -> String {
        hex::encode(Sha256::digest(self.canonical(1).as_bytes()))
    }

    /// A JSON array of the fields is an unambiguous encoding: no field can bleed into the
    /// next, whatever characters it holds. Version 2 adds the key id.
    fn canonical(&self, version: u8) -> String {
        let mut fields = vec![
            serde_json::json!(version),
            serde_json::json!(self.prev_hash),
            serde_json::json!(self.chain),
            serde_json::json!(self.seq),
            serde_json::json!(self.institution_id),
            serde_json::json!(self.occurred_at),
            serde_json::json!(self.actor_user_id),
            serde_json::json!(self.actor_login),
            serde_json::json!(self.actor_ip),
            serde_json::json!(self.request_id),
            serde_json::json!(self.action),
            serde_json::json!(self.target_kind),
            serde_json::json!(self.target_id),
            serde_json::json!(self.before_json),
            serde_json::json!(self.after_json),
        ];
        if version >= 2 {
            fields.push(serde_json::json!(self.key_id));
        }
        serde_json::Value::Array(fields).to_string()
    }
}
