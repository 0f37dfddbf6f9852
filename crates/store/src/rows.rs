//! Rows as the databases return them, and their conversion into domain types. Conversion
//! can fail only if someone edited the database by hand; that is reported, never guessed.

use crate::error::StoreError;
use iryosec_core::audit::AuditEntry;
use iryosec_core::date::DateStyle;
use iryosec_core::institution::{Institution, InstitutionKind, InstitutionProfile};
use iryosec_core::prefecture::Prefecture;
use iryosec_core::role::Role;
use iryosec_core::user::{LoginId, User};
use iryosec_core::{InstitutionId, Timestamp, UserId};

#[derive(sqlx::FromRow)]
pub(crate) struct InstitutionRow {
    id: i64,
    name: String,
    kind: String,
    prefecture: i64,
    beds: Option<i64>,
    medical_code: Option<String>,
    is_demo: bool,
    created_at: i64,
    updated_at: i64,
}

fn corrupt(table: &str, id: i64, what: &str) -> StoreError {
    StoreError::Corrupt(format!("{table} id {id}: {what}"))
}

impl TryFrom<InstitutionRow> for Institution {
    type Error = StoreError;
    fn try_from(r: InstitutionRow) -> Result<Self, Self::Error> {
        let kind = InstitutionKind::parse(&r.kind).ok_or_else(|| corrupt("institutions", r.id, "kind"))?;
        let prefecture = u8::try_from(r.prefecture)
            .ok()
            .and_then(Prefecture::from_code)
            .ok_or_else(|| corrupt("institutions", r.id, "prefecture"))?;
        let beds =
            r.beds.map(u32::try_from).transpose().map_err(|_| corrupt("institutions", r.id, "beds"))?;
        Ok(Institution {
            id: InstitutionId(r.id),
            profile: InstitutionProfile {
                name: r.name,
                kind,
                prefecture,
                beds,
                medical_code: r.medical_code,
            },
            is_demo: r.is_demo,
            created_at: Timestamp(r.created_at),
            updated_at: Timestamp(r.updated_at),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    institution_id: i64,
    login_id: String,
    display_name: String,
    role: String,
    password_hash: String,
    lang: String,
    date_style: String,
    disabled: bool,
    failed_logins: i64,
    last_failed_login_at: Option<i64>,
    locked_until: Option<i64>,
    last_login_at: Option<i64>,
    password_changed_at: i64,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<Self, Self::Error> {
        let login_id = LoginId::parse(&r.login_id).map_err(|_| corrupt("users", r.id, "login_id"))?;
        let role = Role::parse(&r.role).ok_or_else(|| corrupt("users", r.id, "role"))?;
        Ok(User {
            id: UserId(r.id),
            institution_id: InstitutionId(r.institution_id),
            login_id,
            display_name: r.display_name,
            role,
            password_hash: r.password_hash,
            lang: r.lang,
            date_style: DateStyle::parse(&r.date_style).unwrap_or_default(),
            disabled: r.disabled,
            failed_logins: r.failed_logins,
            last_failed_login_at: r.last_failed_login_at.map(Timestamp),
            locked_until: r.locked_until.map(Timestamp),
            last_login_at: r.last_login_at.map(Timestamp),
            password_changed_at: Timestamp(r.password_changed_at),
            created_at: Timestamp(r.created_at),
            updated_at: Timestamp(r.updated_at),
        })
    }
}

/// An account found by login id, with what it remembers of the address trying it.
#[derive(sqlx::FromRow)]
pub(crate) struct LoginRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub client_locked_until: Option<i64>,
    pub client_last_login_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    pub token_hash: String,
    pub csrf_token: String,
    pub session_created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    #[sqlx(flatten)]
    pub user: UserRow,
}

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    id: i64,
    chain: String,
    seq: i64,
    institution_id: Option<i64>,
    occurred_at: i64,
    actor_user_id: Option<i64>,
    actor_login: String,
    actor_ip: Option<String>,
    request_id: Option<String>,
    action: String,
    target_kind: String,
    target_id: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
    key_id: Option<String>,
    prev_hash: String,
    hash: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        AuditEntry {
            id: r.id,
            chain: r.chain,
            seq: r.seq,
            institution_id: r.institution_id,
            occurred_at: r.occurred_at,
            actor_user_id: r.actor_user_id,
            actor_login: r.actor_login,
            actor_ip: r.actor_ip,
            request_id: r.request_id,
            action: r.action,
            target_kind: r.target_kind,
            target_id: r.target_id,
            before_json: r.before_json,
            after_json: r.after_json,
            key_id: r.key_id,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AuditHeadRow {
    pub chain: String,
    pub institution_id: Option<i64>,
    pub seq: i64,
    pub hash: String,
    pub occurred_at: Option<i64>,
}
