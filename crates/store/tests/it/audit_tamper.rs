//! Someone who can write the database but does not hold the key: every way of rewriting the
//! history found so far is caught by verification.
use crate::harness::*;
use crate::incidents::facts;
use iryosec_core::audit::witness::WitnessLine;
use iryosec_core::audit::{BreakKind, ChainBreak, GENESIS_HASH};
use iryosec_core::incident::timeline::TimelineEntry;
use iryosec_core::role::Role;
use iryosec_store::{AuditStore, IncidentStore, InstitutionStore, SqlStore, Store};

/// Rewrites a chain the way the log was written before it had a key: plain SHA-256 hashes,
/// with `login` put into the entry at `seq`, and moves the head to match.
async fn rewrite_with_plain_hashes(db: &TestDb, chain: &str, seq: i64, login: &str) {
    let mut prev = GENESIS_HASH.to_owned();
    let mut statements = Vec::new();
    for mut e in db.store.audit_chain_page(chain, 0, 1_000).await.unwrap() {
        if e.seq == seq {
            e.actor_login = login.to_owned();
        }
        e.key_id = None;
        e.prev_hash = prev;
        e.hash = e.legacy_hash();
        statements.push(format!(
            "UPDATE audit_log SET actor_login = '{}', key_id = NULL, prev_hash = '{}', hash = '{}' WHERE id = {}",
            e.actor_login, e.prev_hash, e.hash, e.id
        ));
        prev = e.hash;
    }
    statements.push(format!("UPDATE audit_heads SET hash = '{prev}' WHERE chain = '{chain}'"));
    raw_owned(db, &statements).await;
}

async fn first_break(s: &SqlStore) -> ChainBreak {
    s.verify_audit().await.unwrap().first_break.expect("the tampering must be found")
}

on_every_backend!(a_chain_rewritten_with_plain_hashes_is_found, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    user(s, a.id, "nurse", Role::Editor).await;
    assert_eq!(s.verify_audit().await.unwrap().first_break, None);
    drop_guards(&db).await;
    let chain = format!("institution:{}", a.id);
    rewrite_with_plain_hashes(&db, &chain, 2, "someone-else").await;
    // Every link holds again, but nothing in the chain carries the key's seal: named at its end.
    let b = first_break(s).await;
    assert_eq!((b.chain.as_str(), b.seq, b.problem), (chain.as_str(), 3, BreakKind::Unsealed));
    let own = s.verify_institution_audit(a.id).await.unwrap().first_break.unwrap();
    assert_eq!(own.problem, BreakKind::Unsealed);
});

on_every_backend!(a_changed_or_deleted_entry_is_found, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    for login in ["nurse", "clerk", "doctor"] {
        user(s, a.id, login, Role::Viewer).await;
    }
    drop_guards(&db).await;
    raw(&db, &["UPDATE audit_log SET after_json = '{\"role\":\"admin\"}' WHERE seq = 3"]).await.unwrap();
    let b = first_break(s).await;
    assert_eq!((b.seq, b.problem), (3, BreakKind::HashMismatch));
    raw(&db, &["DELETE FROM audit_log WHERE seq = 3"]).await.unwrap();
    let b = first_break(s).await;
    assert_eq!((b.seq, b.problem), (4, BreakKind::Gap));
});

on_every_backend!(an_institution_whose_whole_chain_and_head_were_deleted_is_found, |db| {
    let s = &db.store;
    institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    drop_guards(&db).await;
    let chain = format!("institution:{}", b.id);
    raw_owned(
        &db,
        &[
            format!("DELETE FROM audit_log WHERE chain = '{chain}'"),
            format!("DELETE FROM audit_heads WHERE chain = '{chain}'"),
        ],
    )
    .await;
    let broken = first_break(s).await;
    assert_eq!((broken.chain.as_str(), broken.problem), (chain.as_str(), BreakKind::Missing));
    let own = s.verify_institution_audit(b.id).await.unwrap().first_break.unwrap();
    assert_eq!(own.problem, BreakKind::Missing);
});

on_every_backend!(a_chain_cut_back_below_a_witnessed_head_is_found, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    user(s, a.id, "nurse", Role::Viewer).await;
    let witnessed: Vec<WitnessLine> = s
        .audit_heads()
        .await
        .unwrap()
        .iter()
        .map(|h| WitnessLine::new(&h.chain, h.institution_id, h.seq, &h.hash, h.at, NOW))
        .collect();
    user(s, a.id, "clerk", Role::Viewer).await;
    assert_eq!(s.verify_witnessed(&witnessed).await.unwrap(), None, "a longer log still holds the head");

    // Cut the last two entries off and move the head back: the chain alone still verifies.
    let chain = format!("institution:{}", a.id);
    let kept = s.audit_chain_page(&chain, 1, 1).await.unwrap().remove(0);
    drop_guards(&db).await;
    raw_owned(
        &db,
        &[
            format!("DELETE FROM audit_log WHERE chain = '{chain}' AND seq > 2"),
            format!("UPDATE audit_heads SET seq = 2, hash = '{}' WHERE chain = '{chain}'", kept.hash),
        ],
    )
    .await;
    assert_eq!(s.verify_audit().await.unwrap().first_break, None);
    let b = s.verify_witnessed(&witnessed).await.unwrap().expect("the witness must catch the cut");
    assert_eq!((b.chain.as_str(), b.seq, b.problem), (chain.as_str(), 3, BreakKind::WitnessMissing));

    let mut other = witnessed.clone();
    other[0].seq = 2;
    other[0].hash = "0".repeat(64);
    let b = s.verify_witnessed(&other).await.unwrap().unwrap();
    assert_eq!((b.seq, b.entry_id, b.problem), (2, Some(kept.id), BreakKind::WitnessDiffers));
});

on_every_backend!(changed_incident_facts_are_found, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let id = s.open_incident(a.id, &facts(false), &actor(), NOW).await.unwrap();
    drop_guards(&db).await;
    let three_days = 3 * 24 * 60 * 60 * 1000;
    let changes = [
        ("is_drill = TRUE", "is_drill = FALSE"),
        (
            &format!("detected_at = detected_at - {three_days}"),
            &format!("detected_at = detected_at + {three_days}"),
        ),
        ("kind = 'other'", "kind = 'ransomware'"),
        ("title = '訓練'", "title = '電子カルテ端末に脅迫文'"),
        ("systems = '[]'", "systems = '[\"電子カルテ\",\"PACS\"]'"),
        ("detected_by = '誰か'", "detected_by = '外来看護師 佐藤'"),
        ("opened_by = 'admin'", "opened_by = 'test'"),
    ];
    for (change, back) in changes {
        raw_owned(&db, &[format!("UPDATE incidents SET {change} WHERE id = {id}")]).await;
        let b = s.verify_incident_timelines().await.unwrap().first_break.expect(change);
        assert_eq!(
            (b.chain, b.seq, b.problem),
            (format!("incident:{id}"), 1, BreakKind::FactsDiffer),
            "{change}"
        );
        raw_owned(&db, &[format!("UPDATE incidents SET {back} WHERE id = {id}")]).await;
        assert_eq!(s.verify_incident_timelines().await.unwrap().first_break, None, "{back}");
    }
});

on_every_backend!(a_timeline_rewritten_and_rehashed_is_found, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let id = s.open_incident(a.id, &facts(false), &actor(), NOW).await.unwrap();
    s.add_incident_note(a.id, id, "警察に相談した", None, &actor(), NOW.plus_minutes(5)).await.unwrap();
    drop_guards(&db).await;
    // Change the note and recompute the timeline's hashes and head: the chain holds again.
    let mut entries: Vec<TimelineEntry> = s.incident_timeline(a.id, id).await.unwrap();
    entries[1].note = "何もなかった".into();
    let forged = entries[1].clone().seal(2, entries[0].hash.clone());
    raw_owned(
        &db,
        &[
            format!(
                "UPDATE incident_timeline SET note = '何もなかった', hash = '{}' WHERE id = {}",
                forged.hash, forged.id
            ),
            format!("UPDATE incident_heads SET hash = '{}' WHERE incident_id = {id}", forged.hash),
        ],
    )
    .await;
    let b = s.verify_incident_timelines().await.unwrap().first_break.unwrap();
    assert_eq!((b.seq, b.entry_id, b.problem), (2, Some(forged.id), BreakKind::NotInLog));
});

on_every_backend!(an_incident_removed_with_its_timeline_is_found, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let id = s.open_incident(a.id, &facts(false), &actor(), NOW).await.unwrap();
    drop_guards(&db).await;
    raw_owned(
        &db,
        &[
            format!("DELETE FROM incident_timeline WHERE incident_id = {id}"),
            format!("DELETE FROM incident_heads WHERE incident_id = {id}"),
            format!("DELETE FROM incidents WHERE id = {id}"),
        ],
    )
    .await;
    let b = s.verify_incident_timelines().await.unwrap().first_break.unwrap();
    assert_eq!((b.chain, b.problem), (format!("incident:{id}"), BreakKind::Missing));
});

on_every_backend!(nothing_is_written_without_the_key, |db| {
    let keyless = SqlStore::connect(&db.url, iryosec_store::MigrateMode::Leave).await.unwrap();
    let admin = new_user("a-admin", Role::Admin);
    let refused = iryosec_store::InstitutionStore::create_institution(
        &keyless,
        &profile("a病院"),
        false,
        &admin,
        false,
        &actor(),
        NOW,
    )
    .await;
    assert!(matches!(refused, Err(iryosec_store::StoreError::NoAuditKey)), "{refused:?}");
    assert_eq!(db.store.institutions().await.unwrap().len(), 0, "nothing half-written");
});
