use iryosec_core::audit::{Actor, AuditKey};
use iryosec_core::institution::{Institution, InstitutionInput, InstitutionProfile};
use iryosec_core::role::Role;
use iryosec_core::user::{LoginId, User};
use iryosec_core::{InstitutionId, Timestamp};
use iryosec_store::{DatabaseUrl, InstitutionStore, MigrateMode, NewUser, SqlStore, UserStore};
use rand::Rng;
use std::path::PathBuf;

/// A store on a fresh, empty database, and what a test needs to reach it directly.
pub struct TestDb {
    pub store: SqlStore,
    pub url: DatabaseUrl,
    pub dir: tempfile::TempDir,
}

pub const NOW: Timestamp = Timestamp(1_747_353_600_000); // 2025-05-16 09:00 JST

/// The key every test store seals its audit log with.
pub fn test_key() -> AuditKey {
    AuditKey::from_bytes([42; 32])
}

pub fn actor() -> Actor {
    Actor { user_id: None, login: "test".into(), ip: Some("127.0.0.1".into()), request_id: None }
}

/// Runs a test body once per available backend.
macro_rules! on_every_backend {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                let $db = $crate::harness::sqlite().await;
                $body
            }
            #[tokio::test]
            async fn postgres() {
                let Some($db) = $crate::harness::postgres().await else { return };
                $body
            }
        }
    };
}
pub(crate) use on_every_backend;

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::sqlite_in(dir.path());
    let store = SqlStore::connect(&url, MigrateMode::Run).await.unwrap().with_audit_key(test_key());
    TestDb { store, url, dir }
}

/// A new database on the test server, or `None` (with a note) when there is no server.
pub async fn postgres() -> Option<TestDb> {
    let url = fresh_postgres_url().await?;
    let store = SqlStore::connect(&url, MigrateMode::Run).await.unwrap().with_audit_key(test_key());
    Some(TestDb { store, url, dir: tempfile::tempdir().unwrap() })
}

/// Creates an empty database named at random on the server of `TEST_PG_URL`.
pub async fn fresh_postgres_url() -> Option<DatabaseUrl> {
    let Ok(admin_url) = std::env::var("TEST_PG_URL") else {
        assert!(std::env::var("REQUIRE_PG").is_err(), "REQUIRE_PG is set but TEST_PG_URL is not");
        eprintln!("TEST_PG_URL not set: skipping the PostgreSQL run of this test");
        return None;
    };
    use sqlx::Connection;
    let name = format!("iryosec_test_{:016x}", rand::thread_rng().r#gen::<u64>());
    let mut conn = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap();
    Some(DatabaseUrl::parse(&format!("{base}/{name}")).unwrap())
}

pub fn profile(name: &str) -> InstitutionProfile {
    InstitutionInput {
        name: name.into(),
        kind: "hospital".into(),
        prefecture: "13".into(),
        beds: "120".into(),
        medical_code: String::new(),
    }
    .parse()
    .unwrap()
}

pub fn new_user(login: &str, role: Role) -> NewUser {
    NewUser {
        login_id: LoginId::parse(login).unwrap(),
        display_name: format!("{login} さん"),
        role,
        password_hash: "$argon2id$fake".into(),
        lang: "ja".into(),
    }
}

/// An institution with its administrator (login `<prefix>-admin`).
pub async fn institution(store: &SqlStore, prefix: &str) -> (Institution, User) {
    let admin = new_user(&format!("{prefix}-admin"), Role::Admin);
    store
        .create_institution(&profile(&format!("{prefix}病院")), false, &admin, false, &actor(), NOW)
        .await
        .unwrap()
}

pub async fn user(store: &SqlStore, inst: InstitutionId, login: &str, role: Role) -> User {
    store.create_user(inst, &new_user(login, role), &actor(), NOW).await.unwrap()
}

/// Runs raw SQL against the test database, bypassing the store: for tampering tests.
pub async fn raw(db: &TestDb, statements: &[&str]) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    match &db.url {
        DatabaseUrl::Sqlite(path) => {
            let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await?;
            for s in statements {
                sqlx::query(s).execute(&mut c).await?;
            }
        }
        DatabaseUrl::Postgres(url) => {
            let mut c = sqlx::PgConnection::connect(url).await?;
            for s in statements {
                sqlx::query(s).execute(&mut c).await?;
            }
        }
    }
    Ok(())
}

pub fn temp_path(db: &TestDb, name: &str) -> PathBuf {
    db.dir.path().join(name)
}

/// Drops the triggers that keep the audit log, its heads and the incident records append-only,
/// as someone with write access to the database file or server could.
pub async fn drop_guards(db: &TestDb) {
    let statements: &[&str] = match db.url {
        DatabaseUrl::Sqlite(_) => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
            "DROP TRIGGER audit_heads_no_delete",
            "DROP TRIGGER incidents_no_update",
            "DROP TRIGGER incidents_no_delete",
            "DROP TRIGGER incident_timeline_no_update",
            "DROP TRIGGER incident_timeline_no_delete",
            "DROP TRIGGER incident_heads_no_delete",
        ],
        DatabaseUrl::Postgres(_) => &[
            "DROP TRIGGER audit_log_no_update ON audit_log",
            "DROP TRIGGER audit_heads_no_delete ON audit_heads",
            "DROP TRIGGER incidents_no_change ON incidents",
            "DROP TRIGGER incident_timeline_no_change ON incident_timeline",
            "DROP TRIGGER incident_heads_no_delete ON incident_heads",
        ],
    };
    raw(db, statements).await.unwrap();
}

/// Runs statements built at run time (values written by the test itself, without quotes).
pub async fn raw_owned(db: &TestDb, statements: &[String]) {
    let refs: Vec<&str> = statements.iter().map(String::as_str).collect();
    raw(db, &refs).await.unwrap();
}
