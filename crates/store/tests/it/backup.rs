use crate::harness::*;
use iryosec_core::role::Role;
use iryosec_store::backup::{self, BackupKind, NoProgress};
use iryosec_store::{
    AuditFilter, AuditStore, DatabaseUrl, InstitutionStore, MigrateMode, SqlStore, Store, UserStore,
};

/// Everything a person would miss if it were lost, in a comparable form.
async fn contents(s: &SqlStore) -> String {
    let mut out = String::new();
    for inst in s.institutions().await.unwrap() {
        out += &format!("{inst:?}\n");
        for u in s.users(inst.id).await.unwrap() {
            out += &format!("{u:?}\n");
        }
        for a in iryosec_store::AssessmentStore::assessments(s, inst.id).await.unwrap() {
            out += &format!(
                "{a:?}\n{:?}\n",
                iryosec_store::AssessmentStore::answers(s, inst.id, a.id).await.unwrap()
            );
            for e in iryosec_store::EvidenceStore::evidence_of(s, inst.id, a.id).await.unwrap() {
                out += &format!(
                    "{e:?} {:?}\n",
                    iryosec_store::EvidenceStore::evidence_file(s, inst.id, e.id).await.unwrap()
                );
            }
        }
        for register in iryosec_core::register::Register::ALL {
            for e in iryosec_store::RegisterStore::entries(s, inst.id, register, None).await.unwrap() {
                out += &format!("{e:?}\n");
                for f in iryosec_store::RegisterStore::record_files(s, inst.id, e.id).await.unwrap() {
                    let file = iryosec_store::RegisterStore::record_file(s, inst.id, f.id).await.unwrap();
                    out += &format!("{file:?}\n");
                }
            }
        }
        out += &format!("{:?}\n", iryosec_store::ReviewStore::vendor_sheets(s, inst.id).await.unwrap());
        for r in iryosec_store::AccountReviewStore::account_reviews(s, inst.id).await.unwrap() {
            out += &format!(
                "{r:?}\n{:?}\n",
                iryosec_store::AccountReviewStore::account_review_findings(s, inst.id, r.id).await.unwrap()
            );
        }
        for drills in [false, true] {
            for i in iryosec_store::IncidentStore::incidents(s, inst.id, drills).await.unwrap() {
                let timeline =
                    iryosec_store::IncidentStore::incident_timeline(s, inst.id, i.id).await.unwrap();
                out += &format!("{i:?}\n{timeline:?}\n");
            }
        }
        out += &format!("{:?}\n", iryosec_store::IncidentStore::incident_targets(s, inst.id).await.unwrap());
        out += &format!("{:?}\n", iryosec_store::SurveyStore::survey_answer_sets(s, inst.id).await.unwrap());
        for x in iryosec_store::SurveyStore::survey_archives(s, inst.id).await.unwrap() {
            let bundle = iryosec_store::SurveyStore::survey_archive_bundle(s, inst.id, x.id).await.unwrap();
            out += &format!("{x:?} {bundle:?}\n");
        }
        for year in [2025, 2026] {
            out += &format!("{:?}\n", iryosec_store::BcpStore::bcp_check(s, inst.id, year).await.unwrap());
        }
        out += &format!("{:?}\n", iryosec_store::BcpStore::latest_card_print(s, inst.id).await.unwrap());
        out += &crate::roles::contents(s, inst.id).await;
        let (log, _) = s.audit_entries(inst.id, &AuditFilter::default(), 10_000, 0).await.unwrap();
        for e in log {
            out += &format!("{e:?}\n");
        }
    }
    out
}

async fn populate(s: &SqlStore) {
    use iryosec_store::{AssessmentStore, EvidenceStore, NewAssessment, NewEvidence};
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    user(s, a.id, "a-nurse", Role::Editor).await;
    user(s, b.id, "b-director", Role::Viewer).await;
    let mut answers = std::collections::BTreeMap::new();
    let yes = iryosec_core::assessment::Answer {
        value: Some(iryosec_core::assessment::YesNo::Yes),
        confirmed: [Some(time::macros::date!(2025 - 05 - 20)), None],
        ..Default::default()
    };
    answers.insert(iryosec_core::assessment::Slot::new("governance.security_officer", None), yes);
    let new = NewAssessment {
        fiscal_year: 2025,
        edition_id: "mhlw-checklist-r7-hospital".into(),
        facts: iryosec_core::assessment::Facts::default(),
        carried_from: None,
        carry_flags: "{}".into(),
        answers,
    };
    let assessment = s.create_assessment(a.id, &new, &actor(), NOW).await.unwrap();
    let file = NewEvidence {
        item_key: "governance.security_officer".into(),
        file_name: "辞令.pdf".into(),
        content_type: "application/pdf".into(),
        sha256: "00".repeat(32),
        data: vec![0, 1, 2, 254, 255, b'%', b'\\', b'"'],
    };
    s.add_evidence(a.id, assessment.id, &file, &actor(), NOW).await.unwrap();
    use iryosec_core::register::Register;
    use iryosec_store::{RegisterStore, ReviewStore};
    let vendor =
        crate::registers::record(Register::Vendors, &[("name", "A社"), ("mds_sds_received_on", "R7.4.1")]);
    let v = s.save_entry(a.id, Register::Vendors, None, &vendor, &actor(), NOW).await.unwrap();
    s.add_record_file(a.id, v, &crate::registers::mds_file(), &actor(), NOW).await.unwrap();
    let sheet = iryosec_store::VendorSheet {
        vendor_id: v,
        edition_id: "mhlw-checklist-r7-vendor".into(),
        sent_on: Some(time::macros::date!(2025 - 06 - 01)),
        returned_on: None,
        answers: Some("{}".into()),
        updated_at: NOW,
    };
    s.save_vendor_sheet(a.id, &sheet, &actor(), NOW).await.unwrap();
    let review = iryosec_store::SuggestionReview {
        assessment_id: assessment.id,
        item_key: "patch.apply".into(),
        suggested: "no".into(),
        decision: "accepted".into(),
        reason: String::new(),
        decided_at: NOW,
        decided_by: "a".into(),
    };
    s.save_suggestion_review(a.id, &review, &actor()).await.unwrap();
    use iryosec_store::AccountReviewStore;
    let review =
        s.create_account_review(a.id, &crate::account_reviews::new_review(), &actor(), NOW).await.unwrap();
    let first = s.account_review_findings(a.id, review).await.unwrap()[0].id;
    let keep = iryosec_core::account_review::Decision::Keep;
    s.decide_account_finding(a.id, review, first, keep, "委託先の保守用", &actor(), NOW).await.unwrap();
    use iryosec_store::IncidentStore;
    let incident = s.open_incident(a.id, &crate::incidents::facts(false), &actor(), NOW).await.unwrap();
    let step = iryosec_core::incident::StepChange {
        step: iryosec_core::incident::step_def("isolate_network").unwrap(),
        status: iryosec_core::incident::StepStatus::Done,
        actor: "田中".into(),
        done_at: Some(NOW.plus_minutes(20)),
        note: "LANケーブルを抜いた".into(),
    };
    s.record_step(a.id, incident, &step, 0, &actor(), NOW.plus_minutes(25)).await.unwrap();
    s.add_incident_note(a.id, incident, "事業者に連絡", None, &actor(), NOW.plus_minutes(30)).await.unwrap();
    s.open_incident(a.id, &crate::incidents::facts(true), &actor(), NOW).await.unwrap();
    let targets = iryosec_core::incident::Targets([("report_executive".to_owned(), 45)].into());
    s.save_incident_targets(a.id, &targets, &actor(), NOW).await.unwrap();
    use iryosec_store::SurveyStore;
    s.save_survey_answers(a.id, &crate::surveys::answer_set(), None, &actor(), NOW).await.unwrap();
    s.archive_survey(a.id, 2023, crate::surveys::FY2023, "{\"answers\":{\"Q2\":true}}", &actor(), NOW)
        .await
        .unwrap();
    use iryosec_store::BcpStore;
    let check = crate::bcp::check(iryosec_core::bcp::ItemStatus::Done, "机上訓練を実施");
    s.save_bcp_check(a.id, 2026, &check, &actor(), NOW).await.unwrap();
    s.record_card_print(a.id, "fingerprint-of-the-card", &actor(), NOW).await.unwrap();
    let paper = crate::registers::record(
        Register::PaperOperations,
        &[("department", "外来"), ("procedure", "紙カルテで受付")],
    );
    s.save_entry(a.id, Register::PaperOperations, None, &paper, &actor(), NOW).await.unwrap();
    crate::roles::populate(s, a.id).await;
}

#[tokio::test]
async fn sqlite_round_trip_loses_nothing() {
    let db = sqlite().await;
    populate(&db.store).await;
    let file = temp_path(&db, "backup.sqlite3");
    let summary = db.store.backup_to(&file, &NoProgress).await.unwrap();
    assert!(summary.bytes > 0);
    assert_eq!(backup::detect(&file).unwrap(), BackupKind::SqliteFile);
    // The server keeps writing after the backup; the copy must not see it.
    user(&db.store, iryosec_core::InstitutionId(1), "after-backup", Role::Viewer).await;

    let target_dir = tempfile::tempdir().unwrap();
    let target = target_dir.path().join("data/iryosec.sqlite3");
    backup::restore_sqlite_file(&file, &target, false, "old").await.unwrap();
    let restored = SqlStore::connect(&DatabaseUrl::Sqlite(target.clone()), MigrateMode::Run)
        .await
        .unwrap()
        .with_audit_key(test_key());
    let original = contents(&db.store).await;
    assert!(
        original.contains("委託先の保守用")
            && original.contains("職員名簿.xlsx")
            && original.contains("机上訓練を実施")
            && original.contains("fingerprint-of-the-card"),
        "reviews are compared"
    );
    let copy = contents(&restored).await;
    assert_eq!(
        copy,
        original.lines().filter(|l| !l.contains("after-backup")).collect::<Vec<_>>().join("\n") + "\n"
    );
    assert_eq!(restored.verify_audit().await.unwrap().first_break, None);
    assert_eq!(
        iryosec_store::IncidentStore::verify_incident_timelines(&restored).await.unwrap().first_break,
        None
    );

    // A second restore onto it is refused, and with --force the old one is kept aside.
    let refused = backup::restore_sqlite_file(&file, &target, false, "old").await;
    assert!(refused.is_err());
    restored.close().await;
    let forced = backup::restore_sqlite_file(&file, &target, true, "old").await.unwrap();
    assert!(forced.moved_aside.unwrap().exists());
}

#[tokio::test]
async fn sqlite_backup_never_overwrites() {
    let db = sqlite().await;
    populate(&db.store).await;
    let file = temp_path(&db, "exists.sqlite3");
    std::fs::write(&file, b"precious").unwrap();
    assert!(db.store.backup_to(&file, &NoProgress).await.is_err());
    assert_eq!(std::fs::read(&file).unwrap(), b"precious");
}

#[tokio::test]
async fn damaged_backups_are_refused_before_anything_is_touched() {
    let db = sqlite().await;
    populate(&db.store).await;
    let file = temp_path(&db, "b.sqlite3");
    db.store.backup_to(&file, &NoProgress).await.unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    let half = bytes.len() / 2;
    bytes.truncate(half);
    let cut = temp_path(&db, "cut.sqlite3");
    std::fs::write(&cut, &bytes).unwrap();
    let target = temp_path(&db, "restored/iryosec.sqlite3");
    assert!(backup::restore_sqlite_file(&cut, &target, false, "old").await.is_err());
    assert!(!target.exists());

    let junk = temp_path(&db, "junk.bin");
    std::fs::write(&junk, b"hello, this is not a backup").unwrap();
    assert!(backup::detect(&junk).is_err());
}

#[tokio::test]
async fn postgres_round_trip_loses_nothing() {
    let Some(db) = postgres().await else { return };
    populate(&db.store).await;
    let file = temp_path(&db, "backup.iryosec-dump.gz");
    let summary = db.store.backup_to(&file, &NoProgress).await.unwrap();
    assert!(summary.rows.unwrap() > 10);
    assert_eq!(backup::detect(&file).unwrap(), BackupKind::Dump);

    let target_url = fresh_postgres_url().await.unwrap();
    let target = SqlStore::connect(&target_url, MigrateMode::Run).await.unwrap().with_audit_key(test_key());
    backup::restore_dump(&file, &target, &NoProgress).await.unwrap();
    let original = contents(&db.store).await;
    assert!(
        original.contains("委託先の保守用")
            && original.contains("職員名簿.xlsx")
            && original.contains("机上訓練を実施")
            && original.contains("fingerprint-of-the-card"),
        "reviews are compared"
    );
    assert_eq!(contents(&target).await, original);
    assert_eq!(target.verify_audit().await.unwrap().first_break, None);
    let incidents = iryosec_store::IncidentStore::verify_incident_timelines(&target).await.unwrap();
    assert_eq!((incidents.chains, incidents.entries, incidents.first_break), (2, 4, None));
    // Ids continue after the restored ones.
    let (c, _) = institution(&target, "c").await;
    assert_eq!(c.id.get(), 3);

    // A database that already holds data is refused.
    assert!(backup::restore_dump(&file, &target, &NoProgress).await.is_err());

    // A cut-off dump is refused and leaves the target empty.
    let bytes = std::fs::read(&file).unwrap();
    let cut = temp_path(&db, "cut.gz");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let empty = SqlStore::connect(&fresh_postgres_url().await.unwrap(), MigrateMode::Run)
        .await
        .unwrap()
        .with_audit_key(test_key());
    assert!(backup::restore_dump(&cut, &empty, &NoProgress).await.is_err());
    assert_eq!(empty.institution_count().await.unwrap(), 0);
}

/// A new table must be added to the dump (or to `NOT_DUMPED` with a reason), or a restore
/// would silently lose it.
#[tokio::test]
async fn every_postgres_table_is_in_the_dump() {
    let Some(db) = postgres().await else { return };
    use sqlx::Connection;
    let iryosec_store::DatabaseUrl::Postgres(url) = &db.url else { unreachable!() };
    let mut c = sqlx::PgConnection::connect(url).await.unwrap();
    let mut tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    tables.retain(|t| !backup::NOT_DUMPED.contains(&t.as_str()));
    tables.sort();
    let mut dumped: Vec<String> = backup::dumped_tables().into_iter().map(String::from).collect();
    dumped.sort();
    assert_eq!(tables, dumped);
}
