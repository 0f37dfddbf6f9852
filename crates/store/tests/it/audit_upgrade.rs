//! A database written before the audit log had a key: its entries carry plain SHA-256 hashes.
//! Sealing every chain once pins them; afterwards they verify, and changing them is caught.
use crate::harness::*;
use crate::incidents::facts;
use iryosec_core::audit::{AuditEntry, BreakKind, GENESIS_HASH};
use iryosec_core::incident::timeline::{KIND_OPENED, NewEntry, TimelineEntry};
use iryosec_core::role::Role;
use iryosec_store::{AuditStore, DatabaseUrl, IncidentStore, MigrateMode, SqlStore, Store};
use std::path::Path;

/// The last migration before the key.
const BEFORE_KEY: i64 = 12;

fn lit(value: &Option<String>) -> String {
    value.as_ref().map_or_else(|| "NULL".to_owned(), |v| format!("'{v}'"))
}

fn num(value: Option<i64>) -> String {
    value.map_or_else(|| "NULL".to_owned(), |v| v.to_string())
}

/// A chain written the way the log was written before the key.
fn legacy_chain(
    chain: &str,
    institution: Option<i64>,
    events: &[(&str, &str, Option<String>)],
) -> Vec<AuditEntry> {
    let mut prev = GENESIS_HASH.to_owned();
    let mut seq = 0;
    events
        .iter()
        .map(|(action, target_kind, after)| {
            seq += 1;
            let mut e = AuditEntry {
                id: 0,
                chain: chain.to_owned(),
                seq,
                institution_id: institution,
                occurred_at: NOW.millis() + seq,
                actor_user_id: None,
                actor_login: "admin".into(),
                actor_ip: Some("127.0.0.1".into()),
                request_id: None,
                action: (*action).to_owned(),
                target_kind: (*target_kind).to_owned(),
                target_id: institution.map(|i| i.to_string()),
                before_json: None,
                after_json: after.clone(),
                key_id: None,
                prev_hash: prev.clone(),
                hash: String::new(),
            };
            e.hash = e.legacy_hash();
            prev.clone_from(&e.hash);
            e
        })
        .collect()
}

fn insert_entry(e: &AuditEntry) -> String {
    format!(
        "INSERT INTO audit_log (chain, seq, institution_id, occurred_at, actor_user_id, actor_login, actor_ip, \
         request_id, action, target_kind, target_id, before_json, after_json, prev_hash, hash) VALUES \
         ('{}', {}, {}, {}, {}, '{}', {}, {}, '{}', '{}', {}, {}, {}, '{}', '{}')",
        e.chain,
        e.seq,
        num(e.institution_id),
        e.occurred_at,
        num(e.actor_user_id),
        e.actor_login,
        lit(&e.actor_ip),
        lit(&e.request_id),
        e.action,
        e.target_kind,
        lit(&e.target_id),
        lit(&e.before_json),
        lit(&e.after_json),
        e.prev_hash,
        e.hash
    )
}

/// What an institution with one incident looked like in a database before the key.
fn legacy_rows() -> Vec<String> {
    let t = NOW.millis();
    let payload = serde_json::to_string(&facts(false)).unwrap();
    let new = NewEntry { kind: KIND_OPENED, payload: Some(payload.clone()), ..NewEntry::default() };
    let opened = TimelineEntry::start(1, 1, &new, "admin", t).seal(1, GENESIS_HASH.to_owned());
    let countersign = serde_json::json!({ "seq": 1, "kind": "opened", "hash": opened.hash }).to_string();
    let ours = legacy_chain(
        "institution:1",
        Some(1),
        &[
            ("institution.created", "institution", None),
            ("incident.opened", "incident", Some(countersign)),
            ("logout", "user", None),
        ],
    );
    let system = legacy_chain("system", None, &[("login.failed", "login", None)]);
    let f = facts(false);
    let mut rows = vec![
        format!(
            "INSERT INTO institutions (name, kind, prefecture, beds, is_demo, created_at, updated_at) \
             VALUES ('旧病院', 'hospital', 13, 120, FALSE, {t}, {t})"
        ),
        format!(
            "INSERT INTO incidents (institution_id, kind, title, systems, detected_by, detected_how, detected_at, \
             is_drill, opened_at, opened_by) VALUES (1, 'ransomware', '{}', '{}', '{}', '{}', {}, FALSE, {t}, 'admin')",
            f.title,
            serde_json::to_string(&f.systems).unwrap(),
            f.detected_by,
            f.detected_how,
            f.detected_at.millis()
        ),
        format!(
            "INSERT INTO incident_timeline (institution_id, incident_id, seq, recorded_at, recorded_by, kind, actor, \
             note, payload, prev_hash, hash) VALUES (1, 1, 1, {t}, 'admin', 'opened', '', '', '{payload}', '{}', '{}')",
            opened.prev_hash, opened.hash
        ),
        format!(
            "INSERT INTO incident_heads (incident_id, institution_id, seq, hash) VALUES (1, 1, 1, '{}')",
            opened.hash
        ),
    ];
    for chain in [&ours, &system] {
        rows.extend(chain.iter().map(insert_entry));
        let head = chain.last().unwrap();
        rows.push(format!(
            "INSERT INTO audit_heads (chain, institution_id, seq, hash) VALUES ('{}', {}, {}, '{}')",
            head.chain,
            num(head.institution_id),
            head.seq,
            head.hash
        ));
    }
    rows
}

/// A new database of `like`'s kind with the schema before the key and data written then;
/// the returned store has since been upgraded and holds the key.
async fn legacy_database(like: &TestDb) -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let (backend, url) = match like.url {
        DatabaseUrl::Sqlite(_) => ("sqlite", DatabaseUrl::sqlite_in(dir.path())),
        DatabaseUrl::Postgres(_) => ("postgres", fresh_postgres_url().await.unwrap()),
    };
    let old = dir.path().join("old-migrations");
    std::fs::create_dir(&old).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
    for file in std::fs::read_dir(shipped).unwrap().map(|f| f.unwrap().path()) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if name[..4].parse::<i64>().unwrap() <= BEFORE_KEY {
            std::fs::copy(&file, old.join(name)).unwrap();
        }
    }
    let migrator = sqlx::migrate::Migrator::new(old.as_path()).await.unwrap();
    match &url {
        DatabaseUrl::Sqlite(path) => {
            let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path).create_if_missing(true);
            let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
            migrator.run(&pool).await.unwrap();
            pool.close().await;
        }
        DatabaseUrl::Postgres(u) => {
            let pool = sqlx::PgPool::connect(u).await.unwrap();
            migrator.run(&pool).await.unwrap();
            pool.close().await;
        }
    }
    let placeholder = SqlStore::connect(&url, MigrateMode::Leave).await.unwrap();
    let db = TestDb { store: placeholder, url: url.clone(), dir };
    raw_owned(&db, &legacy_rows()).await;
    db.store.close().await;
    let store = SqlStore::connect(&url, MigrateMode::Run).await.unwrap().with_audit_key(test_key());
    TestDb { store, ..db }
}

on_every_backend!(a_log_from_before_the_key_is_sealed_and_stays_verifiable, |db| {
    let old = legacy_database(&db).await;
    let s = &old.store;
    assert!(s.schema_version().await.unwrap() > BEFORE_KEY, "the key's migration and later ones ran");
    assert_eq!(s.latest_audit_key_id().await.unwrap(), None, "nothing sealed yet");
    let unsealed = s.verify_audit().await.unwrap().first_break.unwrap();
    assert_eq!(unsealed.problem, BreakKind::Unsealed, "plain hashes alone prove nothing");

    assert_eq!(s.seal_every_chain(&actor(), NOW.plus_minutes(1)).await.unwrap(), 2);
    assert_eq!(s.latest_audit_key_id().await.unwrap().as_deref(), Some(test_key().id()));
    let v = s.verify_audit().await.unwrap();
    assert_eq!((v.chains, v.entries, v.first_break), (2, 6, None));
    let i = s.verify_incident_timelines().await.unwrap();
    assert_eq!((i.chains, i.entries, i.first_break), (1, 1, None), "old incidents' facts verify too");
    user(s, iryosec_core::InstitutionId(1), "nurse", Role::Viewer).await;
    assert_eq!(s.verify_audit().await.unwrap().first_break, None);

    drop_guards(&old).await;
    raw(&old, &["UPDATE incidents SET is_drill = TRUE"]).await.unwrap();
    let b = s.verify_incident_timelines().await.unwrap().first_break.unwrap();
    assert_eq!((b.chain.as_str(), b.problem), ("incident:1", BreakKind::FactsDiffer));

    // Rewriting an old entry and every plain hash after it still breaks at the first seal.
    let mut entries = s.audit_chain_page("institution:1", 0, 3).await.unwrap();
    entries[0].actor_login = "forger".into();
    let mut prev = GENESIS_HASH.to_owned();
    let mut statements = Vec::new();
    for e in &mut entries {
        e.prev_hash = prev;
        e.hash = e.legacy_hash();
        statements.push(format!(
            "UPDATE audit_log SET actor_login = '{}', prev_hash = '{}', hash = '{}' WHERE id = {}",
            e.actor_login, e.prev_hash, e.hash, e.id
        ));
        prev = e.hash.clone();
    }
    raw_owned(&old, &statements).await;
    let b = s.verify_audit().await.unwrap().first_break.unwrap();
    assert_eq!((b.chain.as_str(), b.seq, b.problem), ("institution:1", 4, BreakKind::BrokenLink));
});
