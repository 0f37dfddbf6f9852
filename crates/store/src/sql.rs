//! Every SQL statement of the store, shared by SQLite and PostgreSQL.
//!
//! Rules that keep one text valid on both: `$n` placeholders; `RETURNING`; `ON CONFLICT`;
//! `TRUE`/`FALSE`; no date or JSON functions (times are integers computed in Rust); and
//! `($n IS NULL OR col = $n)` for optional filters instead of building SQL strings.
//! Column lists are macros so `concat!` can join them into single `&'static str` texts.

/// A list read whole and often, as one JSON array of objects in one row: SQLite hands rows over
/// one at a time between threads, and with many people reading at once the hand-overs cost more
/// than the reading. The aggregate is spelt differently in each dialect, so this gives the
/// SQLite text and the PostgreSQL text; `$fields` are `'name', column` pairs.
macro_rules! json_rows {
    ($fields:literal, $from:literal, $order:literal) => {
        $crate::sql::JsonRows {
            sqlite: concat!(
                "SELECT COALESCE(json_group_array(json_object(",
                $fields,
                ") ORDER BY ",
                $order,
                "), '[]') ",
                $from
            ),
            postgres: concat!(
                "SELECT COALESCE(json_agg(json_build_object(",
                $fields,
                ") ORDER BY ",
                $order,
                "), '[]')::text ",
                $from
            ),
        }
    };
}

/// The two spellings of one [`json_rows!`] query.
pub struct JsonRows {
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

pub const SCHEMA_VERSION: &str = "SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE";

// ---- server settings

pub const SETUP_MARK: &str = "INSERT INTO server_settings (key, value) VALUES ('setup_completed_at', $1)";
pub const SETUP_MARK_IF_ABSENT: &str =
    "INSERT INTO server_settings (key, value) VALUES ('setup_completed_at', $1) ON CONFLICT (key) DO NOTHING";

// ---- institutions

macro_rules! institution_columns {
    () => {
        "id, name, kind, prefecture, beds, medical_code, is_demo, created_at, updated_at"
    };
}

pub const INSTITUTION_COUNT: &str = "SELECT COUNT(*) FROM institutions";
pub const INSTITUTION_INSERT: &str = "INSERT INTO institutions \
     (name, kind, prefecture, beds, medical_code, is_demo, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
pub const INSTITUTION_BY_ID: &str =
    concat!("SELECT ", institution_columns!(), " FROM institutions WHERE id = $1");
pub const INSTITUTIONS_ALL: &str =
    concat!("SELECT ", institution_columns!(), " FROM institutions ORDER BY id");
pub const INSTITUTION_UPDATE: &str = "UPDATE institutions SET name = $2, kind = $3, prefecture = $4, beds = $5, \
     medical_code = $6, updated_at = $7 WHERE id = $1";
/// Opens a write transaction by writing first: takes PostgreSQL's row lock on the
/// institution and SQLite's write lock, so every write transaction on one institution runs
/// alone and a transaction that reads before it writes cannot deadlock on lock upgrade.
pub const INSTITUTION_LOCK: &str = "UPDATE institutions SET updated_at = updated_at WHERE id = $1";

// ---- users

macro_rules! user_columns {
    () => {
        "id, institution_id, login_id, display_name, role, password_hash, lang, date_style, disabled, \
         failed_logins, last_failed_login_at, locked_until, last_login_at, password_changed_at, created_at, updated_at"
    };
}

pub const USER_INSERT: &str = "INSERT INTO users \
     (institution_id, login_id, display_name, role, password_hash, lang, password_changed_at, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7) RETURNING id";
pub const USER_BY_ID: &str =
    concat!("SELECT ", user_columns!(), " FROM users WHERE institution_id = $1 AND id = $2");
pub const USER_BY_LOGIN: &str = concat!("SELECT ", user_columns!(), " FROM users WHERE login_id = $1");
/// An account with what it remembers of the client address `$2` (NULLs for a new address).
pub const USER_BY_LOGIN_FROM: &str = concat!(
    "SELECT ",
    user_columns!(),
    ", (SELECT a.locked_until FROM login_attempts a WHERE a.user_id = users.id AND a.client = $2) \
     AS client_locked_until, \
     (SELECT a.last_login_at FROM login_attempts a WHERE a.user_id = users.id AND a.client = $2) \
     AS client_last_login_at \
     FROM users WHERE login_id = $1"
);
pub const USERS_OF_INSTITUTION: &str =
    concat!("SELECT ", user_columns!(), " FROM users WHERE institution_id = $1 ORDER BY login_id");
pub const USER_UPDATE: &str = "UPDATE users SET display_name = $3, role = $4, disabled = $5, \
     failed_logins = CASE WHEN $6 THEN 0 ELSE failed_logins END, \
     locked_until = CASE WHEN $6 THEN NULL ELSE locked_until END, \
     slowed_until = CASE WHEN $6 THEN NULL ELSE slowed_until END, \
     updated_at = $7 WHERE institution_id = $1 AND id = $2";
pub const ACTIVE_ADMIN_COUNT: &str =
    "SELECT COUNT(*) FROM users WHERE institution_id = $1 AND role = 'admin' AND disabled = FALSE";
pub const USER_SET_PASSWORD: &str = "UPDATE users SET password_hash = $3, password_changed_at = $4, \
     failed_logins = 0, locked_until = NULL, slowed_until = NULL, updated_at = $4 \
     WHERE institution_id = $1 AND id = $2";
pub const USER_SET_PREFERENCES: &str =
    "UPDATE users SET lang = $3, date_style = $4, updated_at = $5 WHERE institution_id = $1 AND id = $2";
/// Counts a failure of the account in the database itself, so parallel guesses cannot all read
/// the same count; the count starts over when the last failure is older than `$3`.
pub const USER_LOGIN_FAILED: &str = "UPDATE users SET \
     failed_logins = CASE WHEN last_failed_login_at >= $3 THEN failed_logins + 1 ELSE 1 END, \
     last_failed_login_at = $4 WHERE institution_id = $1 AND id = $2 RETURNING failed_logins";
/// Says until when some address is locked out of the account.
pub const USER_ADDRESS_LOCKED: &str =
    "UPDATE users SET locked_until = $3 WHERE institution_id = $1 AND id = $2";
/// Takes the account's next turn for an unfamiliar address; no row changes while an earlier
/// turn's wait runs, so parallel guesses get one password check between them.
pub const USER_CLAIM_LOGIN_TURN: &str = "UPDATE users SET slowed_until = $3 \
     WHERE institution_id = $1 AND id = $2 AND (slowed_until IS NULL OR slowed_until <= $4)";
/// Succeeds only if the account is still enabled at the moment of writing.
pub const USER_LOGIN_SUCCEEDED: &str = "UPDATE users SET last_login_at = $3 \
     WHERE institution_id = $1 AND id = $2 AND disabled = FALSE";

// ---- login attempts per account and client address (core::lockout)

/// Counts a failure from one address in the database itself; returns the count in a row.
pub const LOGIN_ATTEMPT_FAILED: &str = "INSERT INTO login_attempts \
     (user_id, institution_id, client, failures, last_failed_at) VALUES ($1, $2, $3, 1, $4) \
     ON CONFLICT (user_id, client) DO UPDATE SET failures = login_attempts.failures + 1, last_failed_at = $4 \
     RETURNING failures";
pub const LOGIN_ATTEMPT_LOCK: &str =
    "UPDATE login_attempts SET failures = 0, locked_until = $3 WHERE user_id = $1 AND client = $2";
pub const LOGIN_ATTEMPT_LOCKED_UNTIL: &str =
    "SELECT locked_until FROM login_attempts WHERE user_id = $1 AND client = $2";
/// A login from the address: its count starts over and the address becomes familiar.
pub const LOGIN_ATTEMPT_SUCCEEDED: &str = "INSERT INTO login_attempts \
     (user_id, institution_id, client, failures, last_login_at) VALUES ($1, $2, $3, 0, $4) \
     ON CONFLICT (user_id, client) DO UPDATE SET failures = 0, locked_until = NULL, last_login_at = $4";
/// An administrator's unlock (or password reset) lets every address try again.
pub const LOGIN_ATTEMPTS_UNLOCK: &str = "UPDATE login_attempts SET failures = 0, locked_until = NULL \
     WHERE institution_id = $1 AND user_id = $2";
/// Forgets addresses with no login since `$1`, no failure since `$2` and no lock running at `$3`.
pub const LOGIN_ATTEMPTS_DELETE_STALE: &str = "DELETE FROM login_attempts \
     WHERE COALESCE(last_login_at, 0) < $1 AND COALESCE(last_failed_at, 0) < $2 \
     AND COALESCE(locked_until, 0) < $3";

// ---- sessions

pub const SESSION_INSERT: &str = "INSERT INTO sessions \
     (token_hash, institution_id, user_id, csrf_token, created_at, last_seen_at, expires_at, ip) \
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7)";
pub const SESSION_BY_TOKEN: &str = "SELECT s.token_hash, s.csrf_token, s.created_at AS session_created_at, \
     s.last_seen_at, s.expires_at, u.id, u.institution_id, u.login_id, u.display_name, u.role, u.password_hash, \
     u.lang, u.date_style, u.disabled, u.failed_logins, u.last_failed_login_at, u.locked_until, u.last_login_at, \
     u.password_changed_at, \
     u.created_at, u.updated_at \
     FROM sessions s JOIN users u ON u.id = s.user_id AND u.institution_id = s.institution_id \
     WHERE s.token_hash = $1";
pub const SESSION_TOUCH: &str =
    "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1";
pub const SESSION_DELETE: &str = "DELETE FROM sessions WHERE token_hash = $1";
pub const SESSIONS_DELETE_OF_USER_EXCEPT: &str = "DELETE FROM sessions WHERE institution_id = $1 AND user_id = $2 \
     AND ($3 IS NULL OR token_hash <> $3)";
pub const SESSIONS_DELETE_EXPIRED: &str = "DELETE FROM sessions WHERE expires_at <= $1";
pub const SESSIONS_DELETE_ALL: &str = "DELETE FROM sessions";

// ---- audit

macro_rules! audit_columns {
    () => {
        "id, chain, seq, institution_id, occurred_at, actor_user_id, actor_login, actor_ip, request_id, action, \
         target_kind, target_id, before_json, after_json, key_id, prev_hash, hash"
    };
}

pub const AUDIT_HEAD_ENSURE: &str = "INSERT INTO audit_heads (chain, institution_id, seq, hash) \
     VALUES ($1, $2, 0, $3) ON CONFLICT (chain) DO NOTHING";
/// Claims the next position of a chain; the write also makes appenders on a chain take turns.
pub const AUDIT_HEAD_CLAIM: &str =
    "UPDATE audit_heads SET seq = seq + 1 WHERE chain = $1 RETURNING seq, hash";
pub const AUDIT_HEAD_SET_HASH: &str = "UPDATE audit_heads SET hash = $2 WHERE chain = $1";
/// How far the institution's chain and the server's have come: every change moves one of them,
/// so the sum says whether anything changed since it was last read.
pub const AUDIT_POSITION: &str =
    "SELECT CAST(COALESCE(SUM(seq), 0) AS BIGINT) FROM audit_heads WHERE chain IN ($1, $2)";
pub const AUDIT_CHAINS_IN_LOG: &str = "SELECT DISTINCT chain FROM audit_log ORDER BY chain";
/// Entries that name the institution but sit in another chain.
pub const AUDIT_FOREIGN_ENTRIES: &str =
    "SELECT COUNT(*) FROM audit_log WHERE institution_id = $1 AND chain <> $2";
/// Every head, with when its entry was written (none if the entry is gone).
pub const AUDIT_HEADS: &str = "SELECT h.chain, h.institution_id, h.seq, h.hash, l.occurred_at FROM audit_heads h \
     LEFT JOIN audit_log l ON l.chain = h.chain AND l.seq = h.seq ORDER BY h.chain";
pub const AUDIT_INSERT: &str = "INSERT INTO audit_log \
     (chain, seq, institution_id, occurred_at, actor_user_id, actor_login, actor_ip, request_id, action, \
     target_kind, target_id, before_json, after_json, key_id, prev_hash, hash) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";
/// The key of the newest sealed entry: which key the database expects (none before its first).
pub const AUDIT_LATEST_KEY_ID: &str =
    "SELECT key_id FROM audit_log WHERE key_id IS NOT NULL ORDER BY id DESC LIMIT 1";
/// Institutions whose chain has no head: their log was removed.
pub const INSTITUTIONS_WITHOUT_CHAIN: &str = "SELECT i.id FROM institutions i \
     WHERE NOT EXISTS (SELECT 1 FROM audit_heads h WHERE h.institution_id = i.id) ORDER BY i.id";
macro_rules! audit_filter {
    () => {
        " FROM audit_log WHERE institution_id = $1 \
         AND ($2 IS NULL OR action = $2) AND ($3 IS NULL OR actor_login = $3) \
         AND ($4 IS NULL OR occurred_at >= $4) AND ($5 IS NULL OR occurred_at < $5)"
    };
}
pub const AUDIT_LIST: &str =
    concat!("SELECT ", audit_columns!(), audit_filter!(), " ORDER BY id DESC LIMIT $6 OFFSET $7");
pub const AUDIT_COUNT: &str = concat!("SELECT COUNT(*)", audit_filter!());
pub const AUDIT_CHAIN_PAGE: &str = concat!(
    "SELECT ",
    audit_columns!(),
    " FROM audit_log WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT $3"
);
/// What the audit log says of an incident's timeline entries (their place and hash), in order.
pub const AUDIT_INCIDENT_ENTRIES: &str = "SELECT after_json FROM audit_log \
     WHERE institution_id = $1 AND target_kind = 'incident' AND target_id = $2 \
     AND action IN ('incident.opened', 'incident.recorded', 'incident.closed') ORDER BY chain, seq";
/// Every incident the audit log saw opened: none may vanish.
pub const AUDIT_INCIDENTS_OPENED: &str = "SELECT institution_id, target_id FROM audit_log \
     WHERE target_kind = 'incident' AND action = 'incident.opened' ORDER BY id";

// ---- catalog (imported editions)

pub const EDITION_LATEST_VERSION: &str = "SELECT MAX(version) FROM catalog_editions WHERE id = $1";
pub const EDITION_INSERT: &str = "INSERT INTO catalog_editions \
     (id, version, fiscal_year, sheet, title, source_text, source_name, imported_at, imported_by) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
/// The newest version of every imported edition.
pub const EDITIONS_LATEST: &str = "SELECT e.id, e.version, e.source_text, e.source_name, e.imported_at, e.imported_by \
     FROM catalog_editions e WHERE e.version = (SELECT MAX(v.version) FROM catalog_editions v WHERE v.id = e.id) \
     ORDER BY e.fiscal_year, e.id";

// ---- catalog drafts (editions being made in the editor, per institution)

macro_rules! draft_columns {
    () => {
        "id, source_edition, fiscal_year, sheet, content, official_name, official_sha256, \
         created_by, created_at, updated_by, updated_at, published_edition"
    };
}
pub const DRAFT_INSERT: &str = "INSERT INTO catalog_drafts (institution_id, source_edition, fiscal_year, sheet, \
     content, official_name, official_sha256, created_by, created_at, updated_by, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $9) RETURNING id";
pub const DRAFT_BY_ID: &str =
    concat!("SELECT ", draft_columns!(), " FROM catalog_drafts WHERE institution_id = $1 AND id = $2");
pub const DRAFTS_OF_INSTITUTION: &str =
    concat!("SELECT ", draft_columns!(), " FROM catalog_drafts WHERE institution_id = $1 ORDER BY id DESC");
pub const DRAFT_UPDATE: &str = "UPDATE catalog_drafts SET content = $3, updated_by = $4, updated_at = $5 \
     WHERE institution_id = $1 AND id = $2";
pub const DRAFT_PUBLISHED: &str = "UPDATE catalog_drafts SET published_edition = $3, updated_by = $4, \
     updated_at = $5 WHERE institution_id = $1 AND id = $2";

// ---- assessments

macro_rules! assessment_columns {
    () => {
        "id, institution_id, fiscal_year, edition_id, vendor_contract, carried_from, carry_flags, created_at, updated_at"
    };
}

pub const ASSESSMENT_INSERT: &str = "INSERT INTO assessments \
     (institution_id, fiscal_year, edition_id, vendor_contract, carried_from, carry_flags, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
pub const ASSESSMENT_BY_ID: &str =
    concat!("SELECT ", assessment_columns!(), " FROM assessments WHERE institution_id = $1 AND id = $2");
pub const ASSESSMENTS_OF_INSTITUTION: &str = concat!(
    "SELECT ",
    assessment_columns!(),
    " FROM assessments WHERE institution_id = $1 ORDER BY fiscal_year DESC, id DESC"
);
pub const ASSESSMENTS_USING_EDITION: &str = "SELECT COUNT(*) FROM assessments WHERE edition_id = $1";
pub const ASSESSMENT_SET_FACTS: &str =
    "UPDATE assessments SET vendor_contract = $3, updated_at = $4 WHERE institution_id = $1 AND id = $2";
pub const ASSESSMENT_TOUCH: &str =
    "UPDATE assessments SET updated_at = $3 WHERE institution_id = $1 AND id = $2";
pub const ANSWERS_OF_ASSESSMENT: &str = "SELECT item_key, scope, answer, confirmed_1, confirmed_2, target_date, note, \
     confirmed_by, draft FROM assessment_answers WHERE institution_id = $1 AND assessment_id = $2 ORDER BY item_key, scope";
pub const ANSWER_UPSERT: &str = "INSERT INTO assessment_answers \
     (institution_id, assessment_id, item_key, scope, answer, confirmed_1, confirmed_2, target_date, note, confirmed_by, \
     draft, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
     ON CONFLICT (assessment_id, item_key, scope) DO UPDATE SET answer = $5, confirmed_1 = $6, confirmed_2 = $7, \
     target_date = $8, note = $9, confirmed_by = $10, draft = $11, updated_at = $12, updated_by = $13";

// ---- evidence

pub const EVIDENCE_INSERT: &str = "INSERT INTO evidence_files \
     (institution_id, assessment_id, item_key, file_name, content_type, size, sha256, data, uploaded_at, uploaded_by) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
pub const EVIDENCE_OF_ASSESSMENT: &str = "SELECT id, assessment_id, item_key, file_name, content_type, size, sha256, \
     uploaded_at, uploaded_by FROM evidence_files WHERE institution_id = $1 AND assessment_id = $2 ORDER BY item_key, id";
pub const EVIDENCE_META: &str = "SELECT id, assessment_id, item_key, file_name, content_type, size, sha256, \
     uploaded_at, uploaded_by FROM evidence_files WHERE institution_id = $1 AND id = $2";
pub const EVIDENCE_DATA: &str = "SELECT data FROM evidence_files WHERE institution_id = $1 AND id = $2";
pub const EVIDENCE_DELETE: &str = "DELETE FROM evidence_files WHERE institution_id = $1 AND id = $2";

// ---- assets

macro_rules! asset_columns {
    () => {
        "id, asset_no, data, created_at, updated_at"
    };
}
/// `$5`–`$8`: the marks filtered by (`core::ledger::MarkDays::holds`, in SQL), each NULL when
/// not asked for: support ended before day `$5`; support ending from day `$6` to `$7`;
/// confirmed before day `$8` or never. An asset with a mark is one in use.
macro_rules! asset_filter {
    () => {
        " FROM assets WHERE institution_id = $1 AND ($2 IS NULL OR search LIKE $2 ESCAPE '\\') AND ($3 IS NULL OR kind = $3) \
         AND ($4 OR retired = FALSE) \
         AND ($5 IS NULL OR (retired = FALSE AND support_end_day < $5)) \
         AND ($6 IS NULL OR (retired = FALSE AND support_end_day >= $6 AND support_end_day <= $7)) \
         AND ($8 IS NULL OR (retired = FALSE AND (confirmed_day IS NULL OR confirmed_day < $8)))"
    };
}

pub const ASSET_LIST: &str =
    concat!("SELECT ", asset_columns!(), asset_filter!(), " ORDER BY asset_no LIMIT $9 OFFSET $10");
/// How many assets in use carry each mark on a day: `$2` today, `$3` the fiscal year's last
/// day, `$4` the oldest confirmation that still holds.
pub const ASSET_MARK_COUNTS: &str = "SELECT \
     COUNT(CASE WHEN support_end_day < $2 THEN 1 END), \
     COUNT(CASE WHEN support_end_day >= $2 AND support_end_day <= $3 THEN 1 END), \
     COUNT(CASE WHEN confirmed_day IS NULL OR confirmed_day < $4 THEN 1 END) \
     FROM assets WHERE institution_id = $1 AND retired = FALSE";
pub const ASSET_COUNT: &str = concat!("SELECT COUNT(*)", asset_filter!());
pub const ASSETS_ALL: &str =
    concat!("SELECT ", asset_columns!(), " FROM assets WHERE institution_id = $1 ORDER BY asset_no");
/// Every asset's JSON in 管理番号 order (with its id, to name a row that does not read).
pub const ASSETS_ALL_DATA: &str = "SELECT id, data FROM assets WHERE institution_id = $1 ORDER BY asset_no";
/// Every asset as the suggestion rules read it, in one JSON row (see [`json_rows`]): the stored
/// JSON of each asset, in 管理番号 order, joined as text (it was written as JSON, so it need not
/// be parsed twice).
pub const ASSETS_DATA_JSON: JsonRows = JsonRows {
    sqlite: "SELECT '[' || COALESCE(group_concat(data, ',' ORDER BY asset_no), '') || ']' FROM assets \
             WHERE institution_id = $1",
    postgres: "SELECT '[' || COALESCE(string_agg(data, ',' ORDER BY asset_no), '') || ']' FROM assets \
               WHERE institution_id = $1",
};
pub const ASSET_BY_ID: &str =
    concat!("SELECT ", asset_columns!(), " FROM assets WHERE institution_id = $1 AND id = $2");
pub const ASSET_INSERT: &str = "INSERT INTO assets \
     (institution_id, asset_no, name, kind, zone, retired, search, data, created_at, updated_at, \
     support_end_day, confirmed_day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11) RETURNING id";
pub const ASSET_UPDATE: &str = "UPDATE assets SET asset_no = $3, name = $4, kind = $5, zone = $6, retired = $7, \
     search = $8, data = $9, updated_at = $10, support_end_day = $11, confirmed_day = $12 \
     WHERE institution_id = $1 AND id = $2";
pub const ASSET_BY_NO: &str =
    concat!("SELECT ", asset_columns!(), " FROM assets WHERE institution_id = $1 AND asset_no = $2");

// Devices seen on the network (discovery) and the imports that saw them.
pub const SIGHTING_UPSERT: &str = "INSERT INTO asset_sightings (institution_id, asset_id, seen_at, source) \
     SELECT $1, id, $3, $4 FROM assets WHERE institution_id = $1 AND asset_no = $2 \
     ON CONFLICT (institution_id, asset_id) DO UPDATE SET seen_at = excluded.seen_at, source = excluded.source";
pub const SIGHTINGS_ALL: &str = "SELECT a.asset_no, s.seen_at, s.source FROM asset_sightings s \
     JOIN assets a ON a.id = s.asset_id AND a.institution_id = s.institution_id WHERE s.institution_id = $1 \
     ORDER BY a.asset_no";
pub const DISCOVERY_IMPORT_INSERT: &str = "INSERT INTO discovery_imports \
     (institution_id, imported_at, imported_by, files, summary) VALUES ($1, $2, $3, $4, $5) RETURNING id";
pub const DISCOVERY_IMPORT_LATEST: &str = "SELECT imported_at, imported_by, files, summary FROM discovery_imports \
     WHERE institution_id = $1 ORDER BY imported_at DESC, id DESC LIMIT 1";

// Signed end-of-support and vulnerability bundles (server-wide).
pub const LIFECYCLE_BUNDLE_INSERT: &str = "INSERT INTO lifecycle_bundles \
     (created_on, signed_by, source_name, payload, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
pub const LIFECYCLE_BUNDLES_ALL: &str = "SELECT id, created_on, signed_by, source_name, payload, imported_at, imported_by \
     FROM lifecycle_bundles ORDER BY created_on, id";
/// Import: insert, or replace the asset of the same 管理番号.
/// Rows per statement of an import: 12 parameters each stays far below both databases' limits
/// (SQLite 32,766, PostgreSQL 65,535) while saving a round trip per row.
pub const ASSET_BATCH: usize = 250;

/// The upsert of `rows` assets in one statement; each row binds institution, asset_no, name,
/// kind, zone, retired, search, data, created_at, updated_at, support_end_day and
/// confirmed_day. The only SQL text built at run time, and only from the row count.
///
/// PostgreSQL gets `$n` placeholders. SQLite gets plain `?`: it finds a numbered parameter's
/// name by a linear search through the statement's names, once per parameter bound, so with
/// hundreds of `$n` binding took longer than inserting.
pub fn asset_upsert_batch(rows: usize, numbered: bool) -> String {
    const COLUMNS: usize = 12;
    let param = |i: usize| if numbered { format!("${}", i + 1) } else { "?".to_owned() };
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let row: Vec<String> = (r * COLUMNS..(r + 1) * COLUMNS).map(param).collect();
            format!("({})", row.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO assets (institution_id, asset_no, name, kind, zone, retired, search, data, created_at, \
         updated_at, support_end_day, confirmed_day) VALUES {} ON CONFLICT (institution_id, asset_no) DO UPDATE \
         SET name = excluded.name, kind = excluded.kind, zone = excluded.zone, retired = excluded.retired, \
         search = excluded.search, data = excluded.data, updated_at = excluded.updated_at, \
         support_end_day = excluded.support_end_day, confirmed_day = excluded.confirmed_day",
        values.join(", ")
    )
}
/// 管理番号 looked up per statement by [`asset_ids`].
pub const ASSET_IDS_BATCH: usize = 200;

/// `asset_no, id` of the assets whose 管理番号 is one of `$2…`; built from the count only.
pub fn asset_ids(count: usize) -> String {
    let params: Vec<String> = (2..count + 2).map(|n| format!("${n}")).collect();
    format!(
        "SELECT asset_no, id FROM assets WHERE institution_id = $1 AND asset_no IN ({})",
        params.join(", ")
    )
}
pub const ASSET_NOS: &str = "SELECT asset_no FROM assets WHERE institution_id = $1";

/// `asset_no, id, data` of the assets whose 管理番号 is one of the `count` given (after
/// `$1`, the institution): what an import compares each asset it writes with. Plain `?` for
/// SQLite, as [`asset_upsert_batch`] explains.
pub fn assets_by_no(count: usize, numbered: bool) -> String {
    let params: Vec<String> =
        (2..count + 2).map(|n| if numbered { format!("${n}") } else { "?".to_owned() }).collect();
    let institution = if numbered { "$1" } else { "?" };
    format!(
        "SELECT asset_no, id, data FROM assets WHERE institution_id = {institution} AND asset_no IN ({})",
        params.join(", ")
    )
}

// ---- import layouts

pub const IMPORT_LAYOUTS: &str = "SELECT layout FROM import_layouts WHERE institution_id = $1 AND kind = $2 ORDER BY updated_at DESC, id DESC";
pub const IMPORT_LAYOUT_GET: &str =
    "SELECT layout FROM import_layouts WHERE institution_id = $1 AND kind = $2 AND signature = $3";
pub const IMPORT_LAYOUT_PUT: &str = "INSERT INTO import_layouts (institution_id, kind, signature, layout, updated_at) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (institution_id, kind, signature) \
     DO UPDATE SET layout = excluded.layout, updated_at = excluded.updated_at";
pub const AUDIT_FOR_TARGET: &str = concat!(
    "SELECT ",
    audit_columns!(),
    " FROM audit_log WHERE institution_id = $1 AND target_kind = $2 AND target_id = $3 ORDER BY id DESC LIMIT $4"
);

// ---- import staging

pub const STAGING_INSERT: &str = "INSERT INTO import_staging (institution_id, token, file_name, data, created_at) VALUES ($1, $2, $3, $4, $5)";
pub const STAGING_GET: &str =
    "SELECT file_name, data FROM import_staging WHERE institution_id = $1 AND token = $2";
pub const STAGING_DELETE: &str = "DELETE FROM import_staging WHERE institution_id = $1 AND token = $2";
pub const STAGING_EXPIRE: &str = "DELETE FROM import_staging WHERE created_at < $1";

// ---- registers (systems, vendors, backups, restore tests, contacts)

macro_rules! entry_columns {
    () => {
        "id, register, data, created_at, updated_at"
    };
}
/// A register's entries by key, optionally those whose text contains `$3`, as one JSON row.
pub const ENTRY_LIST_JSON: JsonRows = json_rows!(
    "'id', id, 'register', register, 'data', data, 'created_at', created_at, 'updated_at', updated_at",
    "FROM register_records WHERE institution_id = $1 AND register = $2 \
     AND ($3 IS NULL OR search LIKE $3 ESCAPE '\\')",
    "record_key"
);
/// Every register's entries by register and key, as one JSON row.
pub const ENTRIES_ALL_JSON: JsonRows = json_rows!(
    "'id', id, 'register', register, 'data', data, 'created_at', created_at, 'updated_at', updated_at",
    "FROM register_records WHERE institution_id = $1",
    "register, record_key"
);
pub const ENTRY_BY_ID: &str = concat!(
    "SELECT ",
    entry_columns!(),
    " FROM register_records WHERE institution_id = $1 AND register = $2 AND id = $3"
);
pub const ENTRY_INSERT: &str = "INSERT INTO register_records \
     (institution_id, register, record_key, search, data, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
pub const ENTRY_UPDATE: &str = "UPDATE register_records SET record_key = $4, search = $5, data = $6, updated_at = $7 \
     WHERE institution_id = $1 AND register = $2 AND id = $3";
pub const ENTRY_UPSERT: &str = "INSERT INTO register_records \
     (institution_id, register, record_key, search, data, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (institution_id, register, record_key) \
     DO UPDATE SET search = excluded.search, data = excluded.data, updated_at = excluded.updated_at";
pub const ENTRY_KEYS: &str =
    "SELECT record_key FROM register_records WHERE institution_id = $1 AND register = $2";
pub const ENTRY_DELETE: &str =
    "DELETE FROM register_records WHERE institution_id = $1 AND register = $2 AND id = $3";
pub const ENTRY_IN_USE: &str = "SELECT (SELECT COUNT(*) FROM record_files WHERE institution_id = $1 AND record_id = $2) \
     + (SELECT COUNT(*) FROM vendor_sheets WHERE institution_id = $1 AND vendor_id = $2)";

macro_rules! record_file_columns {
    () => {
        "id, record_id, file_name, content_type, size, sha256, uploaded_at, uploaded_by"
    };
}
pub const RECORD_FILES: &str = concat!(
    "SELECT ",
    record_file_columns!(),
    " FROM record_files WHERE institution_id = $1 AND record_id = $2 ORDER BY id DESC"
);
pub const RECORD_FILE: &str = concat!(
    "SELECT ",
    record_file_columns!(),
    ", data FROM record_files WHERE institution_id = $1 AND id = $2"
);
pub const RECORD_FILE_INSERT: &str = "INSERT INTO record_files \
     (institution_id, record_id, file_name, content_type, size, sha256, data, uploaded_at, uploaded_by) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
pub const ENTRY_EXISTS: &str = "SELECT COUNT(*) FROM register_records WHERE institution_id = $1 AND id = $2";

// ---- vendor sheets and suggestion reviews

pub const VENDOR_SHEETS: &str = "SELECT vendor_id, edition_id, sent_on, returned_on, answers, updated_at \
     FROM vendor_sheets WHERE institution_id = $1 ORDER BY vendor_id, edition_id";
pub const VENDOR_SHEET_UPSERT: &str = "INSERT INTO vendor_sheets \
     (institution_id, vendor_id, edition_id, sent_on, returned_on, answers, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (institution_id, vendor_id, edition_id) \
     DO UPDATE SET sent_on = excluded.sent_on, returned_on = excluded.returned_on, answers = excluded.answers, \
     updated_at = excluded.updated_at";
pub const VENDOR_EXISTS: &str =
    "SELECT COUNT(*) FROM register_records WHERE institution_id = $1 AND id = $2 AND register = 'vendors'";
pub const SUGGESTION_REVIEWS: &str = "SELECT assessment_id, item_key, suggested, decision, reason, decided_at, \
     decided_by FROM suggestion_reviews WHERE institution_id = $1 AND assessment_id = $2 ORDER BY item_key";
pub const SUGGESTION_REVIEW_UPSERT: &str = "INSERT INTO suggestion_reviews \
     (institution_id, assessment_id, item_key, suggested, decision, reason, decided_at, decided_by) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (institution_id, assessment_id, item_key) \
     DO UPDATE SET suggested = excluded.suggested, decision = excluded.decision, reason = excluded.reason, \
     decided_at = excluded.decided_at, decided_by = excluded.decided_by";
pub const ASSESSMENT_EXISTS: &str = "SELECT COUNT(*) FROM assessments WHERE institution_id = $1 AND id = $2";

// ---- account reviews

macro_rules! account_review_columns {
    () => {
        "r.id, r.reviewed_on, r.fiscal_year, r.unused_days, r.sources, r.roster_file, r.account_count, \
         r.staff_count, r.created_at, r.created_by, \
         (SELECT COUNT(*) FROM account_review_findings f WHERE f.institution_id = r.institution_id \
         AND f.review_id = r.id AND f.decision IS NULL) AS open_count, \
         (SELECT COUNT(*) FROM account_review_findings f WHERE f.institution_id = r.institution_id \
         AND f.review_id = r.id AND f.decision IS NOT NULL) AS decided_count"
    };
}
macro_rules! account_finding_columns {
    () => {
        "id, review_id, kind, system, login, account_name, employee_no, staff_name, idle_days, decision, reason, \
         decided_at, decided_by"
    };
}

pub const ACCOUNT_REVIEW_INSERT: &str = "INSERT INTO account_reviews \
     (institution_id, reviewed_on, fiscal_year, unused_days, sources, roster_file, account_count, staff_count, \
     created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
pub const ACCOUNT_FINDING_INSERT: &str = "INSERT INTO account_review_findings \
     (institution_id, review_id, position, kind, system, login, account_name, employee_no, staff_name, idle_days) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
pub const ACCOUNT_REVIEWS_OF_INSTITUTION: &str = concat!(
    "SELECT ",
    account_review_columns!(),
    " FROM account_reviews r WHERE r.institution_id = $1 ORDER BY r.reviewed_on DESC, r.id DESC"
);
pub const ACCOUNT_REVIEW_BY_ID: &str = concat!(
    "SELECT ",
    account_review_columns!(),
    " FROM account_reviews r WHERE r.institution_id = $1 AND r.id = $2"
);
/// A review's findings, in the order the review found them, as one JSON row (see [`json_rows`]).
pub const ACCOUNT_FINDINGS_JSON: JsonRows = json_rows!(
    "'id', id, 'review_id', review_id, 'kind', kind, 'system', system, 'login', login, \
     'account_name', account_name, 'employee_no', employee_no, 'staff_name', staff_name, \
     'idle_days', idle_days, 'decision', decision, 'reason', reason, 'decided_at', decided_at, \
     'decided_by', decided_by",
    "FROM account_review_findings WHERE institution_id = $1 AND review_id = $2",
    "position"
);
pub const ACCOUNT_FINDING_BY_ID: &str = concat!(
    "SELECT ",
    account_finding_columns!(),
    " FROM account_review_findings WHERE institution_id = $1 AND review_id = $2 AND id = $3"
);
pub const ACCOUNT_FINDINGS_DECIDE_OPEN: &str = "UPDATE account_review_findings SET decision = $4, reason = $5, \
     decided_at = $6, decided_by = $7 WHERE institution_id = $1 AND review_id = $2 AND kind = $3 \
     AND decision IS NULL";
pub const ACCOUNT_REVIEW_EXISTS: &str =
    "SELECT COUNT(*) FROM account_reviews WHERE institution_id = $1 AND id = $2";
pub const ACCOUNT_FINDING_DECIDE: &str = "UPDATE account_review_findings SET decision = $4, reason = $5, \
     decided_at = $6, decided_by = $7 WHERE institution_id = $1 AND review_id = $2 AND id = $3";

// ---- incidents

macro_rules! incident_columns {
    () => {
        "i.id, i.kind, i.title, i.systems, i.detected_by, i.detected_how, i.detected_at, i.is_drill, \
         i.opened_at, i.opened_by, \
         (SELECT MAX(t.recorded_at) FROM incident_timeline t WHERE t.incident_id = i.id AND t.kind = 'closed') \
         AS closed_at, \
         (SELECT MAX(t.recorded_at) FROM incident_timeline t WHERE t.incident_id = i.id) AS last_entry_at"
    };
}

macro_rules! timeline_columns {
    () => {
        "id, institution_id, incident_id, seq, recorded_at, recorded_by, kind, step, status, actor, done_at, \
         note, corrects, base, payload, prev_hash, hash"
    };
}

pub const INCIDENT_INSERT: &str = "INSERT INTO incidents \
     (institution_id, kind, title, systems, detected_by, detected_how, detected_at, is_drill, opened_at, opened_by) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
pub const INCIDENT_HEAD_INSERT: &str =
    "INSERT INTO incident_heads (incident_id, institution_id, seq, hash) VALUES ($1, $2, 0, $3)";
pub const INCIDENTS_OF_INSTITUTION: &str = concat!(
    "SELECT ",
    incident_columns!(),
    " FROM incidents i WHERE i.institution_id = $1 AND i.is_drill = $2 ORDER BY i.detected_at DESC, i.id DESC"
);
pub const INCIDENT_BY_ID: &str =
    concat!("SELECT ", incident_columns!(), " FROM incidents i WHERE i.institution_id = $1 AND i.id = $2");
/// Moves the incident's head one place on and returns where it now stands with the hash
/// before it; the row lock serialises appends to one incident.
pub const INCIDENT_HEAD_CLAIM: &str = "UPDATE incident_heads SET seq = seq + 1 \
     WHERE institution_id = $1 AND incident_id = $2 RETURNING seq, hash";
pub const INCIDENT_HEAD_SET_HASH: &str =
    "UPDATE incident_heads SET hash = $3 WHERE institution_id = $1 AND incident_id = $2";
pub const INCIDENT_TIMELINE_INSERT: &str = "INSERT INTO incident_timeline \
     (institution_id, incident_id, seq, recorded_at, recorded_by, kind, step, status, actor, done_at, note, \
     corrects, base, payload, prev_hash, hash) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id";
pub const INCIDENT_TIMELINE_OF: &str = concat!(
    "SELECT ",
    timeline_columns!(),
    " FROM incident_timeline WHERE institution_id = $1 AND incident_id = $2 ORDER BY seq"
);
pub const INCIDENT_ENTRY_EXISTS: &str =
    "SELECT COUNT(*) FROM incident_timeline WHERE institution_id = $1 AND incident_id = $2 AND id = $3";
/// Every incident's head on the server, for verification.
pub const INCIDENT_HEADS_ALL: &str =
    "SELECT incident_id, institution_id, seq, hash FROM incident_heads ORDER BY incident_id";
/// Incidents with timeline entries but no head: written around the application.
pub const INCIDENT_TIMELINES_WITHOUT_HEAD: &str = "SELECT DISTINCT t.incident_id FROM incident_timeline t \
     WHERE NOT EXISTS (SELECT 1 FROM incident_heads h WHERE h.incident_id = t.incident_id) ORDER BY t.incident_id";
/// Incidents without a head: their facts were written around the application.
pub const INCIDENTS_WITHOUT_HEAD: &str = "SELECT i.id FROM incidents i \
     WHERE NOT EXISTS (SELECT 1 FROM incident_heads h WHERE h.incident_id = i.id) ORDER BY i.id";
pub const INCIDENT_TIMELINE_PAGE: &str = concat!(
    "SELECT ",
    timeline_columns!(),
    " FROM incident_timeline WHERE incident_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
);
pub const INCIDENT_TARGETS_OF: &str =
    "SELECT step, minutes FROM incident_targets WHERE institution_id = $1 ORDER BY step";
pub const INCIDENT_TARGETS_CLEAR: &str = "DELETE FROM incident_targets WHERE institution_id = $1";
pub const INCIDENT_TARGET_INSERT: &str = "INSERT INTO incident_targets \
     (institution_id, step, minutes, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)";

pub const SURVEY_ANSWERS_OF_INSTITUTION: &str = "SELECT fiscal_year, edition_id, answers, confirmed, sources, \
     updated_at, updated_by FROM survey_answers WHERE institution_id = $1 ORDER BY fiscal_year DESC, edition_id";
pub const SURVEY_ANSWERS_GET: &str = "SELECT fiscal_year, edition_id, answers, confirmed, sources, updated_at, \
     updated_by FROM survey_answers WHERE institution_id = $1 AND fiscal_year = $2 AND edition_id = $3";
pub const SURVEY_ANSWERS_UPSERT: &str = "INSERT INTO survey_answers \
     (institution_id, fiscal_year, edition_id, answers, confirmed, sources, updated_at, updated_by) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (institution_id, fiscal_year, edition_id) DO UPDATE SET \
     answers = excluded.answers, confirmed = excluded.confirmed, sources = excluded.sources, \
     updated_at = excluded.updated_at, updated_by = excluded.updated_by";
pub const SURVEY_ARCHIVE_INSERT: &str = "INSERT INTO survey_archives \
     (institution_id, fiscal_year, edition_id, bundle, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) \
     RETURNING id";
pub const SURVEY_ARCHIVES_OF_INSTITUTION: &str = "SELECT id, fiscal_year, edition_id, created_at, created_by \
     FROM survey_archives WHERE institution_id = $1 ORDER BY fiscal_year DESC, id DESC";
pub const SURVEY_ARCHIVE_BUNDLE: &str =
    "SELECT bundle FROM survey_archives WHERE institution_id = $1 AND id = $2";

// ---- BCP

pub const BCP_CHECK_OF: &str = "SELECT fiscal_year, body, updated_at, updated_by FROM bcp_checks \
     WHERE institution_id = $1 AND fiscal_year = $2";
pub const BCP_CHECK_UPSERT: &str = "INSERT INTO bcp_checks (institution_id, fiscal_year, body, updated_at, updated_by) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (institution_id, fiscal_year) \
     DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by";
pub const BCP_CARD_PRINT_INSERT: &str = "INSERT INTO bcp_card_prints (institution_id, printed_at, printed_by, fingerprint) VALUES ($1, $2, $3, $4)";
pub const BCP_CARD_PRINT_LATEST: &str = "SELECT printed_at, printed_by, fingerprint FROM bcp_card_prints \
     WHERE institution_id = $1 ORDER BY printed_at DESC, id DESC LIMIT 1";

// ---- Role checklists and the director's page

pub const ROLE_LIST_LATEST_VERSION: &str = "SELECT MAX(version) FROM role_lists WHERE id = $1";
pub const ROLE_LIST_INSERT: &str = "INSERT INTO role_lists \
     (id, version, audience, title, source_text, source_name, imported_at, imported_by) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
pub const ROLE_LISTS_LATEST: &str = "SELECT l.id, l.version, l.source_text, l.source_name, l.imported_at, l.imported_by \
     FROM role_lists l WHERE l.version = (SELECT MAX(v.version) FROM role_lists v WHERE v.id = l.id) ORDER BY l.id";
/// How many answers and codes use a list, on any institution: an answered list keeps its content.
pub const ROLE_LIST_USES: &str = "SELECT (SELECT COUNT(*) FROM role_answers WHERE list_id = $1) \
     + (SELECT COUNT(*) FROM staff_codes WHERE list_id = $1)";
pub const ROLE_ANSWERS_OF_YEAR: &str = "SELECT audience, list_id, body, updated_at, updated_by FROM role_answers \
     WHERE institution_id = $1 AND fiscal_year = $2 ORDER BY audience";
pub const ROLE_ANSWERS_ONE: &str = "SELECT list_id, body FROM role_answers \
     WHERE institution_id = $1 AND fiscal_year = $2 AND audience = $3";
pub const ROLE_ANSWERS_UPSERT: &str = "INSERT INTO role_answers \
     (institution_id, fiscal_year, audience, list_id, body, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7) \
     ON CONFLICT (institution_id, fiscal_year, audience) DO UPDATE SET \
     body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by";
/// A staff code with the number of answers given through it, `$where` naming which.
macro_rules! staff_code_select {
    ($where:literal) => {
        concat!(
            "SELECT c.id, c.institution_id, c.fiscal_year, c.label, c.departments, c.list_id, \
             c.created_at, c.created_by, c.revoked_at, c.revoked_by, \
             (SELECT COUNT(*) FROM staff_answers a WHERE a.code_id = c.id) AS answers FROM staff_codes c ",
            $where
        )
    };
}
pub const STAFF_CODE_INSERT: &str = "INSERT INTO staff_codes \
     (institution_id, fiscal_year, code_hash, label, departments, list_id, created_at, created_by) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
pub const STAFF_CODES_OF_YEAR: &str =
    staff_code_select!("WHERE c.institution_id = $1 AND c.fiscal_year = $2 ORDER BY c.id");
pub const STAFF_CODE_ONE: &str = staff_code_select!("WHERE c.institution_id = $1 AND c.id = $2");
/// The one query of institution data not filtered by institution: a code is how a staff member
/// without an account reaches their institution's check, and its hash is unique on the server.
pub const STAFF_CODE_BY_HASH: &str = staff_code_select!("WHERE c.code_hash = $1");
pub const STAFF_CODE_REVOKE: &str = "UPDATE staff_codes SET revoked_at = $3, revoked_by = $4 \
     WHERE institution_id = $1 AND id = $2 AND revoked_at IS NULL";
pub const STAFF_ANSWER_INSERT: &str = "INSERT INTO staff_answers \
     (institution_id, fiscal_year, list_id, code_id, department, job_role, body, received_on, entered_by) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
pub const STAFF_ANSWERS_OF_YEAR: &str = "SELECT id, list_id, code_id, department, job_role, body, received_on, entered_by \
     FROM staff_answers WHERE institution_id = $1 AND fiscal_year = $2 ORDER BY id";
pub const SIGNOFF_INSERT: &str = "INSERT INTO director_signoffs \
     (institution_id, fiscal_year, signed_on, comment, signed_as, director_name, recorded_at, recorded_by) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
pub const SIGNOFFS_OF_YEAR: &str = "SELECT id, signed_on, comment, signed_as, director_name, recorded_at, recorded_by \
     FROM director_signoffs WHERE institution_id = $1 AND fiscal_year = $2 ORDER BY id DESC";
