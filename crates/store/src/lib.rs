//! Persistence. One [`Store`] interface, made of small capability traits, with one SQL
//! implementation ([`SqlStore`]) that runs on SQLite (the default) and on PostgreSQL.
//!
//! * The SQL text lives in [`sql`] and is shared by both databases: they agree on `$1`
//!   placeholders, `RETURNING`, `ON CONFLICT`, and on the column vocabulary we allow
//!   ourselves (64-bit integers, text, booleans; times as Unix milliseconds). The one
//!   statement built at run time, the import's multi-row upsert, gives SQLite plain `?`
//!   placeholders instead (see [`sql::asset_upsert_batch`]).
//! * Each database has its own migrations (`migrations/sqlite`, `migrations/postgres`),
//!   embedded in the binary and run at start-up.
//! * Every change of institution data writes its audit entry in the same transaction, so a
//!   change without its entry cannot exist.

mod account_reviews;
mod assessments;
mod asset_import;
mod assets;
mod audit;
mod audit_verify;
pub mod backup;
mod bcp;
mod catalog;
mod catalog_drafts;
mod connect;
mod director;
mod discovery;
mod error;
mod evidence;
mod incident_verify;
mod incidents;
mod institutions;
mod layouts;
mod logins;
mod pool;
mod registers;
mod reviews;
mod roles;
mod rows;
mod sessions;
mod sql;
mod staff_checks;
mod surveys;
mod users;

pub use account_reviews::{AccountReviewRecord, NewAccountReview, ReviewFindingRecord, ReviewSource};
pub use bcp::{BcpCheckRecord, CardPrint};
pub use connect::{Backend, DatabaseUrl, MigrateMode, folder_of};
pub use director::SignOffRecord;
pub use discovery::{
    AssetChange, DiscoveryChanges, DiscoveryCounts, DiscoveryImport, Sighting, StoredBundle,
};
pub use error::{StorageFault, StoreError, StoreResult};
pub use incidents::IncidentRecord;
pub use pool::SqlStore;
pub use roles::{NewRoleList, RoleAnswersRecord};
pub use staff_checks::{NewStaffAnswer, NewStaffCode, StaffAnswerRecord, StaffCodeRecord};
pub use surveys::{SurveyAnswerSet, SurveyArchive};

use async_trait::async_trait;
use iryosec_core::assessment::{Answer, Facts, Slot};
use iryosec_core::audit::witness::WitnessLine;
use iryosec_core::audit::{Actor, AuditEntry, AuditEvent, AuditKey, ChainBreak};
use iryosec_core::institution::{Institution, InstitutionProfile};
use iryosec_core::lockout::{ClientRecord, FailureOutcome};
use iryosec_core::register::{Record, Register};
use iryosec_core::role::Role;
use iryosec_core::user::{LoginId, User};
use iryosec_core::{InstitutionId, Timestamp, UserId};
use std::collections::BTreeMap;

/// A new account, with its password already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub login_id: LoginId,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub lang: String,
}

/// What an administrator may change about an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserChange {
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    /// Clears a lockout after failed logins.
    pub unlock: bool,
}

/// A new login session. The cookie holds the token; the store only ever sees its hash.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub csrf_token: String,
    pub expires_at: Timestamp,
}

/// A live session with the account it belongs to.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub token_hash: String,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub expires_at: Timestamp,
    pub user: User,
}

/// Which audit entries to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor_login: Option<String>,
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

/// The tip of one audit chain, and when its last entry was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    pub chain: String,
    pub institution_id: Option<i64>,
    pub seq: i64,
    pub hash: String,
    pub at: Option<Timestamp>,
}

/// The outcome of checking every chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditVerification {
    pub chains: usize,
    pub entries: i64,
    pub first_break: Option<ChainBreak>,
}

#[async_trait]
pub trait InstitutionStore {
    async fn institution_count(&self) -> StoreResult<i64>;
    /// First-run setup: the institution and its first administrator in one transaction.
    /// With `first_only`, fails with [`StoreError::AlreadySetUp`] if setup was done before.
    async fn create_institution(
        &self,
        profile: &InstitutionProfile,
        is_demo: bool,
        admin: &NewUser,
        first_only: bool,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<(Institution, User)>;
    async fn institution(&self, id: InstitutionId) -> StoreResult<Option<Institution>>;
    async fn institutions(&self) -> StoreResult<Vec<Institution>>;
    async fn update_institution(
        &self,
        id: InstitutionId,
        profile: &InstitutionProfile,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<Institution>;
}

#[async_trait]
pub trait UserStore {
    async fn create_user(
        &self,
        institution: InstitutionId,
        user: &NewUser,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<User>;
    async fn user(&self, institution: InstitutionId, id: UserId) -> StoreResult<Option<User>>;
    /// Login ids are unique across the server, so this needs no institution.
    async fn user_by_login(&self, login: &LoginId) -> StoreResult<Option<User>>;
    async fn users(&self, institution: InstitutionId) -> StoreResult<Vec<User>>;
    /// Refuses to leave the institution without an active administrator.
    async fn update_user(
        &self,
        institution: InstitutionId,
        id: UserId,
        change: &UserChange,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<User>;
    /// Sets a new password hash, ends the account's sessions except `keep_session`.
    #[allow(clippy::too_many_arguments)]
    async fn set_password(
        &self,
        institution: InstitutionId,
        id: UserId,
        password_hash: &str,
        by_admin: bool,
        keep_session: Option<&str>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    async fn set_preferences(
        &self,
        institution: InstitutionId,
        id: UserId,
        lang: &str,
        date_style: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<User>;
}

/// Logins per account and client address (`core::lockout`): locks, the account's slowdown, and
/// the addresses the owner logs in from.
#[async_trait]
pub trait LoginStore {
    /// An account by login id, with what it remembers of the client address `client`.
    async fn login_account(&self, login: &LoginId, client: &str)
    -> StoreResult<Option<(User, ClientRecord)>>;
    /// Takes the account's next password check for an unfamiliar address and sets the one after
    /// to `next_turn`; `false` (nothing written) while the wait of an earlier turn runs.
    async fn claim_login_turn(&self, user: &User, now: Timestamp, next_turn: Timestamp) -> StoreResult<bool>;
    /// Counts a failed login of the account and of the account and address pair, atomically,
    /// locks the address out when its count reaches the limit, and audits both.
    async fn record_login_failure(
        &self,
        user: &User,
        client: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<FailureOutcome>;
    /// Records the login, makes the address familiar (its count starts over) and opens the
    /// session, unless the account was disabled or the address locked out in the meantime (then
    /// nothing is written and `false` returned).
    async fn record_login(
        &self,
        user: &User,
        client: &str,
        session: &NewSession,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<bool>;
    /// Forgets addresses that only failed, a day after their last failure, and familiar ones
    /// once they are no longer familiar.
    async fn forget_stale_login_attempts(&self, now: Timestamp) -> StoreResult<u64>;
}

#[async_trait]
pub trait SessionStore {
    async fn session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>>;
    async fn touch_session(&self, token_hash: &str, now: Timestamp, expires_at: Timestamp)
    -> StoreResult<()>;
    /// Ends a session; `logout` records it in the audit log (an expiry is not an action).
    async fn end_session(
        &self,
        session: &SessionRecord,
        logout: bool,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    async fn delete_expired_sessions(&self, now: Timestamp) -> StoreResult<u64>;
}

#[async_trait]
pub trait AuditStore {
    /// Appends an event that is not part of another change (a failed login, say).
    async fn append_audit(&self, event: &AuditEvent, actor: &Actor, now: Timestamp) -> StoreResult<()>;
    /// The institution's entries, newest first, and how many match in all.
    async fn audit_entries(
        &self,
        institution: InstitutionId,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<AuditEntry>, i64)>;
    async fn audit_heads(&self) -> StoreResult<Vec<AuditHead>>;
    /// The newest entries about one record (its history).
    async fn audit_for(
        &self,
        institution: InstitutionId,
        target_kind: &str,
        target_id: &str,
        limit: i64,
    ) -> StoreResult<Vec<AuditEntry>>;
    /// A number that grows with every change to the institution's data or the server's (the
    /// audit chains' positions; every change appends its entry): cached views compare it.
    async fn audit_position(&self, institution: InstitutionId) -> StoreResult<i64>;
    /// Every chain that has entries, head or not.
    async fn audit_chains_in_log(&self) -> StoreResult<Vec<String>>;
    /// How many entries name the institution but sit in another chain (0 unless tampered with).
    async fn audit_foreign_entries(&self, institution: InstitutionId) -> StoreResult<i64>;
    /// Entries of one chain with `seq > after_seq`, in order; for verification in batches.
    async fn audit_chain_page(&self, chain: &str, after_seq: i64, limit: i64)
    -> StoreResult<Vec<AuditEntry>>;
    /// The key that seals new entries and verifies old ones; none until one is given.
    fn audit_key(&self) -> Option<&AuditKey>;
    /// The id of the key the newest sealed entry names; `None` while nothing is sealed.
    async fn latest_audit_key_id(&self) -> StoreResult<Option<String>>;
    /// Institutions that have no audit chain (every institution gets one when created).
    async fn institutions_without_chain(&self) -> StoreResult<Vec<i64>>;
    /// Appends a sealed `audit.key_created` entry to every chain there is, in one transaction,
    /// so that each chain's entries from before the key are covered by a sealed one. Returns
    /// how many chains were sealed.
    async fn seal_every_chain(&self, actor: &Actor, now: Timestamp) -> StoreResult<usize>;
}

/// A checklist edition to store, already validated.
#[derive(Debug, Clone)]
pub struct NewEdition {
    pub id: String,
    pub fiscal_year: i32,
    pub sheet: String,
    pub title: String,
    /// The edition as TOML (imports from Excel are stored converted).
    pub source_text: String,
    /// The file it came from, for the record.
    pub source_name: String,
}

/// The newest stored version of an imported edition.
#[derive(Debug, Clone)]
pub struct StoredEdition {
    pub id: String,
    pub version: i64,
    pub source_text: String,
    pub source_name: String,
    pub imported_at: Timestamp,
    pub imported_by: String,
}

#[async_trait]
pub trait CatalogStore {
    /// The newest version of every imported edition.
    async fn imported_editions(&self) -> StoreResult<Vec<StoredEdition>>;
    /// Stores an edition as the next version of its id; returns the version.
    async fn store_edition(&self, edition: &NewEdition, actor: &Actor, now: Timestamp) -> StoreResult<i64>;
}

/// An edition draft to start: the edition as TOML and where it came from.
#[derive(Debug, Clone)]
pub struct NewDraft {
    /// The edition it was started from, or whose keys a read workbook was matched to; may be empty.
    pub source_edition: String,
    pub fiscal_year: i32,
    pub sheet: String,
    pub content: String,
    /// The file it was read from, and its SHA-256; empty when made from an edition.
    pub official_name: String,
    pub official_sha256: String,
}

/// A stored edition draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRecord {
    pub id: i64,
    pub institution_id: InstitutionId,
    pub source_edition: String,
    pub fiscal_year: i32,
    pub sheet: String,
    pub content: String,
    pub official_name: String,
    pub official_sha256: String,
    pub created_by: String,
    pub created_at: Timestamp,
    pub updated_by: String,
    pub updated_at: Timestamp,
    /// The edition id it was published as, once it was.
    pub published_edition: Option<String>,
}

/// What a change to a draft did, as the audit log records it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftChange {
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Edition drafts made in the editor, per institution; every change audited.
#[async_trait]
pub trait DraftStore {
    async fn create_draft(
        &self,
        institution: InstitutionId,
        draft: &NewDraft,
        change: &DraftChange,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64>;
    async fn draft(&self, institution: InstitutionId, id: i64) -> StoreResult<Option<DraftRecord>>;
    /// Newest first.
    async fn drafts(&self, institution: InstitutionId) -> StoreResult<Vec<DraftRecord>>;
    /// Replaces the draft's content; `NotFound` if the institution has no such draft.
    async fn save_draft(
        &self,
        institution: InstitutionId,
        id: i64,
        content: &str,
        change: &DraftChange,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// Stores the edition as the next version of its id and records it on the draft, in one
    /// transaction; returns the version.
    async fn publish_draft(
        &self,
        institution: InstitutionId,
        id: i64,
        edition: &NewEdition,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64>;
}

/// An assessment: one institution's answers to one edition for one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRecord {
    pub id: i64,
    pub institution_id: InstitutionId,
    pub fiscal_year: i32,
    pub edition_id: String,
    pub facts: Facts,
    pub carried_from: Option<i64>,
    /// Items flagged when carried forward (`CarryFlag` by key), as JSON.
    pub carry_flags: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A new assessment, possibly with answers carried from last year.
#[derive(Debug, Clone)]
pub struct NewAssessment {
    pub fiscal_year: i32,
    pub edition_id: String,
    pub facts: Facts,
    pub carried_from: Option<i64>,
    pub carry_flags: String,
    pub answers: BTreeMap<Slot, Answer>,
}

#[async_trait]
pub trait AssessmentStore {
    /// Fails with `Conflict("assessment")` when the institution already has one for that year and edition.
    async fn create_assessment(
        &self,
        institution: InstitutionId,
        new: &NewAssessment,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<AssessmentRecord>;
    async fn assessments(&self, institution: InstitutionId) -> StoreResult<Vec<AssessmentRecord>>;
    async fn assessment(&self, institution: InstitutionId, id: i64) -> StoreResult<Option<AssessmentRecord>>;
    async fn answers(
        &self,
        institution: InstitutionId,
        assessment: i64,
    ) -> StoreResult<BTreeMap<Slot, Answer>>;
    /// Writes answers (new or changed) in one transaction, with one audit entry listing them.
    async fn save_answers(
        &self,
        institution: InstitutionId,
        assessment: i64,
        answers: &[(Slot, Answer)],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// As `save_answers`, and in the same transaction people's word on the items' suggestions
    /// (what was suggested when they answered), each with its audit entry.
    async fn save_answers_reviewed(
        &self,
        institution: InstitutionId,
        assessment: i64,
        answers: &[(Slot, Answer)],
        reviews: &[SuggestionReview],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// How many assessments on the whole server answer an edition (an edition in use must
    /// not change under them).
    async fn assessments_using_edition(&self, edition_id: &str) -> StoreResult<i64>;
    async fn set_assessment_facts(
        &self,
        institution: InstitutionId,
        assessment: i64,
        facts: Facts,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
}

/// A file attached to an item of an assessment, without its content.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EvidenceMeta {
    pub id: i64,
    pub assessment_id: i64,
    pub item_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: Timestamp,
    pub uploaded_by: String,
}

/// A file to attach, already checked.
#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub item_key: String,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub data: Vec<u8>,
}

#[async_trait]
pub trait EvidenceStore {
    async fn add_evidence(
        &self,
        institution: InstitutionId,
        assessment: i64,
        file: &NewEvidence,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64>;
    async fn evidence_of(
        &self,
        institution: InstitutionId,
        assessment: i64,
    ) -> StoreResult<Vec<EvidenceMeta>>;
    /// One file with its content.
    async fn evidence_file(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> StoreResult<Option<(EvidenceMeta, Vec<u8>)>>;
    async fn delete_evidence(
        &self,
        institution: InstitutionId,
        id: i64,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
}

/// An asset of the ledger as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetRecord {
    pub id: i64,
    pub asset: iryosec_core::ledger::Asset,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Which assets a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetFilter {
    /// Part of the 管理番号, name, place, department or IP address.
    pub text: Option<String>,
    pub kind: Option<iryosec_core::ledger::AssetKind>,
    pub include_retired: bool,
    /// Only assets in use with this mark on the day of these day numbers.
    pub mark: Option<(iryosec_core::ledger::AssetMark, iryosec_core::ledger::MarkDays)>,
}

/// How many assets in use carry each mark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct MarkCounts {
    pub support_ended: i64,
    pub support_ending: i64,
    pub unconfirmed: i64,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportCounts {
    pub inserted: usize,
    pub updated: usize,
    /// Records the file holds exactly as stored: left as they were.
    pub unchanged: usize,
}

/// What a reader sends to [`AssetStore::import_asset_feed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportFeed {
    /// The next assets, in file order.
    Assets(Vec<iryosec_core::ledger::Asset>),
    /// Every asset was sent and the file was fine: keep them.
    Commit,
}

#[async_trait]
pub trait AssetStore {
    async fn assets(
        &self,
        institution: InstitutionId,
        filter: &AssetFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<AssetRecord>, i64)>;
    async fn all_assets(&self, institution: InstitutionId) -> StoreResult<Vec<AssetRecord>>;
    /// Every asset without its record's ids and times, in one read: what the suggestion rules
    /// look at.
    async fn ledger_assets(
        &self,
        institution: InstitutionId,
    ) -> StoreResult<Vec<iryosec_core::ledger::Asset>>;
    /// 管理番号 and id of the assets with these numbers, without the records (for links from
    /// other registers); numbers that match nothing are left out.
    async fn asset_ids(
        &self,
        institution: InstitutionId,
        numbers: &[String],
    ) -> StoreResult<Vec<(String, i64)>>;

    /// Every asset in 管理番号 order, sent `batch` at a time while the rest is still being read,
    /// so that a writer can work on the first while the last are read. Stops early, without an
    /// error, when the receiver is gone.
    async fn send_all_assets(
        &self,
        institution: InstitutionId,
        batch: usize,
        to: tokio::sync::mpsc::Sender<Vec<iryosec_core::ledger::Asset>>,
    ) -> StoreResult<()>;
    async fn asset(&self, institution: InstitutionId, id: i64) -> StoreResult<Option<AssetRecord>>;
    /// Fails with `Conflict("asset_no")` when the 管理番号 is taken.
    async fn create_asset(
        &self,
        institution: InstitutionId,
        asset: &iryosec_core::ledger::Asset,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64>;
    async fn update_asset(
        &self,
        institution: InstitutionId,
        id: i64,
        asset: &iryosec_core::ledger::Asset,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// How many assets in use carry each mark on the day of `days`.
    async fn asset_mark_counts(
        &self,
        institution: InstitutionId,
        days: iryosec_core::ledger::MarkDays,
    ) -> StoreResult<MarkCounts>;
    /// Inserts or replaces (by 管理番号, the last one given winning) every asset in one
    /// transaction. An asset the file holds exactly as stored is left alone; each changed one
    /// gets an entry of its own with what changed and the file; one entry names the file and
    /// lists the 管理番号 added, changed and newly retired.
    async fn import_assets(
        &self,
        institution: InstitutionId,
        assets: &[iryosec_core::ledger::Asset],
        source: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<ImportCounts>;
    /// The same for assets that arrive while a file is still being read: each batch is written
    /// into the open transaction as it comes, and everything is committed, with the audit
    /// entry, when [`ImportFeed::Commit`] arrives. If the feed ends without it, nothing is kept
    /// and the answer is `None`.
    async fn import_asset_feed(
        &self,
        institution: InstitutionId,
        feed: tokio::sync::mpsc::Receiver<ImportFeed>,
        source: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<Option<ImportCounts>>;
}

/// How files were read, remembered per institution and kind of import (`ledger`, a register's
/// code, `accounts`, `roster`) for the next file with the same headers.
#[async_trait]
pub trait LayoutStore {
    /// The kind's remembered layouts (as stored JSON), the latest first.
    async fn import_layouts(&self, institution: InstitutionId, kind: &str) -> StoreResult<Vec<String>>;
    /// Remembers `layout` for headers of `signature`; writes (and audits) only a change.
    /// Answers whether it changed.
    async fn remember_import_layout(
        &self,
        institution: InstitutionId,
        kind: &str,
        signature: &str,
        layout: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<bool>;
}

/// Uploaded files waiting between an import's preview and its commit.
#[async_trait]
pub trait StagingStore {
    async fn stage_file(
        &self,
        institution: InstitutionId,
        token: &str,
        file_name: &str,
        data: &[u8],
        now: Timestamp,
    ) -> StoreResult<()>;
    async fn staged_file(
        &self,
        institution: InstitutionId,
        token: &str,
    ) -> StoreResult<Option<(String, Vec<u8>)>>;
    async fn drop_staged(&self, institution: InstitutionId, token: &str) -> StoreResult<()>;
    /// Removes files staged before `before`.
    async fn expire_staged(&self, before: Timestamp) -> StoreResult<u64>;
}

/// An entry of one of the registers besides the ledger, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterEntry {
    pub id: i64,
    pub register: Register,
    pub record: Record,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A file kept with a register entry (a vendor's MDS/SDS), without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFile {
    pub id: i64,
    pub record_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: Timestamp,
    pub uploaded_by: String,
}

/// 医療情報システム, 事業者, バックアップ, 復元テスト, 連絡体制図: one generic store, the register
/// says which. Keys are unique within a register (`Conflict("record_key")`).
#[async_trait]
pub trait RegisterStore {
    /// Every entry of the register, by key; `text` narrows to entries whose fields contain it.
    async fn entries(
        &self,
        institution: InstitutionId,
        register: Register,
        text: Option<&str>,
    ) -> StoreResult<Vec<RegisterEntry>>;
    /// Every entry of every register, by register and key, in one read: what the suggestion
    /// rules look at on every checklist page.
    async fn all_entries(&self, institution: InstitutionId) -> StoreResult<Vec<RegisterEntry>>;
    async fn entry(
        &self,
        institution: InstitutionId,
        register: Register,
        id: i64,
    ) -> StoreResult<Option<RegisterEntry>>;
    /// Creates (no id) or replaces (id) an entry; returns its id.
    async fn save_entry(
        &self,
        institution: InstitutionId,
        register: Register,
        id: Option<i64>,
        record: &Record,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64>;
    /// Refused (`Conflict("record_in_use")`) while files or vendor sheets hang on the entry.
    async fn delete_entry(
        &self,
        institution: InstitutionId,
        register: Register,
        id: i64,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// Inserts or replaces (by key) every record in one transaction, with one audit entry.
    async fn import_entries(
        &self,
        institution: InstitutionId,
        register: Register,
        records: &[Record],
        source: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<ImportCounts>;
    async fn record_files(&self, institution: InstitutionId, record: i64) -> StoreResult<Vec<RecordFile>>;
    async fn add_record_file(
        &self,
        institution: InstitutionId,
        record: i64,
        file: &NewEvidence,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64>;
    async fn record_file(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> StoreResult<Option<(RecordFile, Vec<u8>)>>;
}

/// 事業者確認用: one vendor's sheet of one checklist edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorSheet {
    pub vendor_id: i64,
    pub edition_id: String,
    pub sent_on: Option<time::Date>,
    pub returned_on: Option<time::Date>,
    /// The returned answers (JSON, item key → scope → はい/いいえ), once imported.
    pub answers: Option<String>,
    pub updated_at: Timestamp,
}

/// A person's word on a suggested answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestionReview {
    pub assessment_id: i64,
    pub item_key: String,
    /// What was suggested when the person looked (`yes`, `no`, `insufficient`, per scope).
    pub suggested: String,
    /// `accepted` or `overridden`.
    pub decision: String,
    pub reason: String,
    pub decided_at: Timestamp,
    pub decided_by: String,
}

#[async_trait]
pub trait ReviewStore {
    async fn vendor_sheets(&self, institution: InstitutionId) -> StoreResult<Vec<VendorSheet>>;
    /// Creates or replaces the sheet of (vendor, edition).
    async fn save_vendor_sheet(
        &self,
        institution: InstitutionId,
        sheet: &VendorSheet,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    async fn suggestion_reviews(
        &self,
        institution: InstitutionId,
        assessment: i64,
    ) -> StoreResult<Vec<SuggestionReview>>;
    /// Creates or replaces the review of (assessment, item).
    async fn save_suggestion_review(
        &self,
        institution: InstitutionId,
        review: &SuggestionReview,
        actor: &Actor,
    ) -> StoreResult<()>;
}

/// アカウント点検: recorded reviews and the decision on each finding.
#[async_trait]
pub trait AccountReviewStore {
    /// The review and its findings in one transaction, with one audit entry.
    async fn create_account_review(
        &self,
        institution: InstitutionId,
        review: &NewAccountReview,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64>;
    /// Newest first, with counts of open and decided findings.
    async fn account_reviews(&self, institution: InstitutionId) -> StoreResult<Vec<AccountReviewRecord>>;
    async fn account_review(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> StoreResult<Option<AccountReviewRecord>>;
    /// The review's findings in the order the review found them.
    async fn account_review_findings(
        &self,
        institution: InstitutionId,
        review: i64,
    ) -> StoreResult<Vec<ReviewFindingRecord>>;
    /// Records the decision on a finding, replacing any earlier one; the audit entry keeps both.
    #[allow(clippy::too_many_arguments)]
    async fn decide_account_finding(
        &self,
        institution: InstitutionId,
        review: i64,
        finding: i64,
        decision: iryosec_core::account_review::Decision,
        reason: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// Records one decision on every open finding of a kind, with one audit entry; returns how
    /// many were decided. Findings already decided keep their decision.
    #[allow(clippy::too_many_arguments)]
    async fn decide_open_findings(
        &self,
        institution: InstitutionId,
        review: i64,
        kind: iryosec_core::accounts::FindingKind,
        decision: iryosec_core::account_review::Decision,
        reason: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<u64>;
}

/// インシデント対応: incidents and drills, their append-only timelines, and the targets per step.
#[async_trait]
pub trait IncidentStore {
    /// The incident, its timeline's head and first entry (its facts), with one audit entry.
    async fn open_incident(
        &self,
        institution: InstitutionId,
        facts: &iryosec_core::incident::IncidentFacts,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64>;
    /// Real incidents (`drills` false) or drills, newest detection first.
    async fn incidents(&self, institution: InstitutionId, drills: bool) -> StoreResult<Vec<IncidentRecord>>;
    async fn incident(&self, institution: InstitutionId, id: i64) -> StoreResult<Option<IncidentRecord>>;
    /// The incident's timeline in order.
    async fn incident_timeline(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> StoreResult<Vec<iryosec_core::incident::TimelineEntry>>;
    /// Appends a step change based on the step's entry `base` (0: none yet); refused
    /// (`Refused`) when that is no longer the step's latest entry, when the incident is closed,
    /// or when the phase may not be decided yet.
    async fn record_step(
        &self,
        institution: InstitutionId,
        incident: i64,
        change: &iryosec_core::incident::StepChange,
        base: i64,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<iryosec_core::incident::TimelineEntry>;
    /// Appends a free note, or a correction of an earlier entry of the same incident.
    async fn add_incident_note(
        &self,
        institution: InstitutionId,
        incident: i64,
        note: &str,
        corrects: Option<i64>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<iryosec_core::incident::TimelineEntry>;
    /// Closes the incident once every step is decided.
    async fn close_incident(
        &self,
        institution: InstitutionId,
        incident: i64,
        note: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<iryosec_core::incident::TimelineEntry>;
    async fn incident_targets(
        &self,
        institution: InstitutionId,
    ) -> StoreResult<iryosec_core::incident::Targets>;
    /// Replaces the institution's targets, with one audit entry keeping before and after.
    async fn save_incident_targets(
        &self,
        institution: InstitutionId,
        targets: &iryosec_core::incident::Targets,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// Walks every incident's timeline chain on the server and reports the first break.
    async fn verify_incident_timelines(&self) -> StoreResult<AuditVerification>;
}

/// G-MIS 調査の回答: answer sets per fiscal year and edition, and settled years' bundles.
#[async_trait]
pub trait SurveyStore {
    /// Every answer set, newest year first.
    async fn survey_answer_sets(&self, institution: InstitutionId) -> StoreResult<Vec<SurveyAnswerSet>>;
    async fn survey_answer_set(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        edition_id: &str,
    ) -> StoreResult<Option<SurveyAnswerSet>>;
    /// Creates or replaces the set of (fiscal year, edition), with its audit entry (before and
    /// after); `imported_from` names the file of an import.
    async fn save_survey_answers(
        &self,
        institution: InstitutionId,
        set: &SurveyAnswerSet,
        imported_from: Option<&str>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// Keeps a bundle as the settled answers of a year.
    async fn archive_survey(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        edition_id: &str,
        bundle: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64>;
    /// Newest year first, newest archive first within a year.
    async fn survey_archives(&self, institution: InstitutionId) -> StoreResult<Vec<SurveyArchive>>;
    async fn survey_archive_bundle(&self, institution: InstitutionId, id: i64)
    -> StoreResult<Option<String>>;
}

/// サイバー攻撃を想定したBCP: the yearly 確認表 and the prints of the 初動対応カード.
#[async_trait]
pub trait BcpStore {
    async fn bcp_check(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> StoreResult<Option<BcpCheckRecord>>;
    /// Replaces the year's check, with one audit entry keeping before and after.
    async fn save_bcp_check(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        check: &iryosec_core::bcp::BcpCheck,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// Records that the card was printed from data with this fingerprint.
    async fn record_card_print(
        &self,
        institution: InstitutionId,
        fingerprint: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    async fn latest_card_print(&self, institution: InstitutionId) -> StoreResult<Option<CardPrint>>;
}

/// Role checklists: the lists users imported (server-wide) and the answers of the lists
/// answered once a fiscal year.
#[async_trait]
pub trait RoleStore {
    /// The newest version of every imported list.
    async fn imported_role_lists(&self) -> StoreResult<Vec<StoredEdition>>;
    /// Stores a list as the next version of its id; returns the version.
    async fn store_role_list(&self, list: &NewRoleList, actor: &Actor, now: Timestamp) -> StoreResult<i64>;
    /// How many yearly answers and staff codes, on any institution, use the list.
    async fn role_list_uses(&self, id: &str) -> StoreResult<i64>;
    /// The year's answers, one per audience answered.
    async fn role_answers(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> StoreResult<Vec<RoleAnswersRecord>>;
    /// Replaces one audience's answers for the year, with one audit entry keeping before and
    /// after. Refused when the year was answered with another list.
    #[allow(clippy::too_many_arguments)]
    async fn save_role_answers(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        audience: iryosec_core::roles::Audience,
        list_id: &str,
        answers: &iryosec_core::roles::Answers,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
}

/// The staff check: per-year codes and the answers given through them or typed in from paper.
#[async_trait]
pub trait StaffCheckStore {
    /// Stores a new code (its hash); `Conflict("staff_code")` in the unlikely case it is taken.
    async fn issue_staff_code(
        &self,
        institution: InstitutionId,
        code: &NewStaffCode,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<StaffCodeRecord>;
    async fn staff_codes(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> StoreResult<Vec<StaffCodeRecord>>;
    /// The code with this hash, of whichever institution: how an answer without an account
    /// finds its institution.
    async fn staff_code_by_hash(&self, code_hash: &str) -> StoreResult<Option<StaffCodeRecord>>;
    /// Revokes a code; `NotFound` when it is not the institution's or already revoked.
    async fn revoke_staff_code(
        &self,
        institution: InstitutionId,
        id: i64,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    /// Adds one staff member's answers; refused when the code was revoked meanwhile.
    async fn add_staff_answer(
        &self,
        institution: InstitutionId,
        answer: &NewStaffAnswer,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()>;
    async fn staff_answers(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> StoreResult<Vec<StaffAnswerRecord>>;
}

/// The director's 「確認しました」 per fiscal year.
#[async_trait]
pub trait DirectorStore {
    async fn sign_off(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        signoff: &iryosec_core::director::signoff::SignOff,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<SignOffRecord>;
    /// The year's sign-offs, newest first.
    async fn signoffs(&self, institution: InstitutionId, fiscal_year: i32)
    -> StoreResult<Vec<SignOffRecord>>;
}

/// Devices seen on the network: confirmed changes applied with the file they came from, the
/// latest sighting of each ledger entry, and the imports kept as evidence.
#[async_trait]
pub trait DiscoveryStore {
    /// In one transaction: new entries, changed entries (refused with `Conflict("asset_changed")`
    /// when an entry is no longer what the person confirmed against), sightings, the import
    /// itself; an audit entry per entry naming its file, and one for the import.
    async fn apply_discovery(
        &self,
        institution: InstitutionId,
        changes: &DiscoveryChanges,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<DiscoveryCounts>;
    async fn asset_sightings(&self, institution: InstitutionId) -> StoreResult<Vec<Sighting>>;
    async fn latest_discovery(&self, institution: InstitutionId) -> StoreResult<Option<DiscoveryImport>>;
}

/// Signed end-of-support and vulnerability bundles, server-wide.
#[async_trait]
pub trait LifecycleStore {
    /// Keeps a bundle whose signature was checked, with its audit entry.
    async fn import_lifecycle_bundle(
        &self,
        created_on: &str,
        signed_by: &str,
        source_name: &str,
        payload: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64>;
    /// Oldest first, so later bundles are laid over earlier ones.
    async fn lifecycle_bundles(&self) -> StoreResult<Vec<StoredBundle>>;
}

/// Everything the application needs from persistence.
#[async_trait]
pub trait Store:
    InstitutionStore
    + UserStore
    + LoginStore
    + SessionStore
    + AuditStore
    + CatalogStore
    + DraftStore
    + AssessmentStore
    + EvidenceStore
    + AssetStore
    + LayoutStore
    + StagingStore
    + RegisterStore
    + ReviewStore
    + AccountReviewStore
    + IncidentStore
    + SurveyStore
    + BcpStore
    + RoleStore
    + StaffCheckStore
    + DirectorStore
    + DiscoveryStore
    + LifecycleStore
    + Send
    + Sync
{
    fn backend(&self) -> Backend;
    /// Where the data is written (see [`DatabaseUrl::place`]).
    fn data_place(&self) -> String;
    /// Walks every audit chain and reports the first place it does not hold.
    async fn verify_audit(&self) -> StoreResult<AuditVerification> {
        audit_verify::verify_all(self).await
    }
    /// Checks one institution's chain only (what its own auditors may see).
    async fn verify_institution_audit(&self, institution: InstitutionId) -> StoreResult<AuditVerification> {
        audit_verify::verify_one(self, institution).await
    }
    /// Checks that the log still holds every witnessed head; the first one it does not.
    async fn verify_witnessed(&self, lines: &[WitnessLine]) -> StoreResult<Option<ChainBreak>> {
        audit_verify::verify_witnessed(self, lines).await
    }
}
