//! Every kind of audit entry reads in the person's words: no field name, enum code, catalog key
//! or JSON reaches the audit page or a history.
use crate::harness::*;
use iryosec_core::Clock;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::role::Role;
use iryosec_store::AuditStore;
use serde_json::{Value, json};

/// A representative detail of each action, shaped as its store writes it.
fn detail(
    action: AuditAction,
    assessment: &str,
) -> (&'static str, Option<String>, Option<Value>, Option<Value>) {
    use AuditAction::*;
    let answer = |a: Option<&str>, c: Option<&str>, t: Option<&str>, note: &str| {
        json!([{ "item": "media.usb_restriction", "scope": "general", "answer": a, "confirmed_1": c,
                 "confirmed_2": null, "target": t, "note": note }])
    };
    let profile = |beds: u32, pref: u8| json!({ "name": "さくら記念病院", "kind": "hospital", "prefecture": pref, "beds": beds, "medical_code": null });
    let user =
        |role: &str| json!({ "login_id": "tanaka", "display_name": "田中", "role": role, "disabled": false });
    let asset = json!({ "name": "電子カルテサーバ", "kind": "medical_device", "zone": "internal", "source": "台帳２０２５.xlsx" });
    let step = json!({ "seq": 2, "kind": "step", "step": "report_officer", "status": "done", "actor": "田中",
                       "done_at": 1_747_353_600_000_i64, "note": "報告済み", "corrects": null, "hash": "ab12cd" });
    let id = Some("1".to_owned());
    let number: i64 = assessment.parse().unwrap();
    match action {
        LoginSucceeded | Logout | PasswordReset | PasswordChanged => ("user", id, None, None),
        LoginFailed => ("user", id, None, Some(json!({ "failed_logins": 2, "account_failed_logins": 3 }))),
        AccountLocked => {
            ("user", id, None, Some(json!({ "locked_until": 1_747_353_600_000_i64, "client": "192.0.2.7" })))
        }
        InstitutionCreated => ("institution", id, None, Some(profile(120, 13))),
        InstitutionUpdated => ("institution", id, Some(profile(120, 13)), Some(profile(199, 27))),
        UserCreated => ("user", id, None, Some(user("editor"))),
        UserUpdated => (
            "user",
            id,
            Some(user("editor")),
            Some(json!({ "login_id": "tanaka", "display_name": "田中",
            "role": "auditor", "disabled": true, "unlocked": true })),
        ),
        PreferencesChanged => ("user", id, None, Some(json!({ "lang": "en", "date_style": "western" }))),
        DemoLoaded => ("institution", id, None, None),
        Restored => ("backup", Some("バックアップ２０２５".into()), None, None),
        AuditKeyCreated => ("audit_key", None, None, Some(json!({ "sealed_from_seq": 12 }))),
        DefinitionImported => (
            "catalog_edition",
            None,
            None,
            Some(json!({ "source": "新しい版.xlsx", "title": "令和9年度 医療機関確認用" })),
        ),
        DefinitionDraftSaved => (
            "catalog_draft",
            id,
            Some(json!({ "item": "2-⑤", "wording": "古い文言", "checked_by": "", "checked_on": "" })),
            Some(
                json!({ "item": "2-⑤", "wording": "新しい文言", "checked_by": "佐藤", "checked_on": "2026-06-10" }),
            ),
        ),
        AssessmentCreated => (
            "assessment",
            Some(assessment.into()),
            None,
            Some(json!({ "fiscal_year": 2025,
            "edition": "mhlw-checklist-r7-hospital", "carried_from": null, "carried_answers": 0 })),
        ),
        AssessmentUpdated => {
            ("assessment", Some(assessment.into()), None, Some(json!({ "vendor_contract": true })))
        }
        AnswersSaved => (
            "assessment",
            Some(assessment.into()),
            Some(answer(Some("no"), None, Some("2026-03-31"), "")),
            Some(answer(Some("yes"), Some("2025-05-16"), None, "USBを制限した")),
        ),
        EvidenceAdded => (
            "evidence",
            id,
            None,
            Some(json!({ "assessment": number, "item": "media.usb_restriction",
            "file_name": "設定画面.pdf", "size": 2048, "sha256": "ab12" })),
        ),
        EvidenceDeleted => (
            "evidence",
            id,
            Some(json!({ "assessment": number, "item": "media.usb_restriction",
            "file_name": "設定画面.pdf", "sha256": "ab12" })),
            None,
        ),
        AssetCreated | AssetDiscovered => ("asset", id, None, Some(asset)),
        AssetUpdated | AssetReconciled => {
            ("asset", id, Some(json!({ "name": "電子カルテサーバ" })), Some(asset))
        }
        AssetsImported => (
            "asset",
            None,
            None,
            Some(json!({ "source": "台帳.xlsx", "inserted": 3, "updated": 1, "unchanged": 0,
            "added": ["PC-001"], "changed": ["PC-002"], "removed": [] })),
        ),
        AssetImportUpdated => (
            "asset",
            id,
            Some(json!({ "name": "電子カルテサーバ" })),
            Some(json!({ "name": "電子カルテサーバ２", "source": "台帳.xlsx" })),
        ),
        ImportLayoutRemembered => (
            "import_layout",
            None,
            None,
            Some(
                json!({ "import": "ledger", "sheet": "台帳", "header_row": 4, "columns": ["管理番号", "機器名称"] }),
            ),
        ),
        RecordCreated => ("systems", id, None, Some(json!({ "name": "電子カルテ", "vendors": ["A社"] }))),
        RecordUpdated => {
            ("systems", id, Some(json!({ "name": "電子カルテ" })), Some(json!({ "name": "電子カルテ２" })))
        }
        RecordDeleted => ("systems", id, Some(json!({ "name": "電子カルテ" })), None),
        RecordsImported => {
            ("systems", None, None, Some(json!({ "source": "システム.xlsx", "inserted": 2, "updated": 0 })))
        }
        RecordFileAdded => (
            "record_file",
            id,
            None,
            Some(json!({ "record": 1, "file_name": "契約書.pdf", "size": 10, "sha256": "ff" })),
        ),
        VendorSheetSaved => (
            "vendors",
            id,
            None,
            Some(json!({ "edition": "mhlw-checklist-r7-vendor",
            "sent_on": "2025-05-01", "returned_on": "2025-05-20", "answers": true })),
        ),
        SuggestionReviewed => (
            "assessment",
            Some(assessment.into()),
            None,
            Some(json!({ "item": "media.usb_restriction",
            "suggested": "yes", "decision": "overridden", "reason": "持ち込み端末がある" })),
        ),
        AccountReviewCreated => (
            "account_review",
            id,
            None,
            Some(json!({ "reviewed_on": "2025-06-01", "fiscal_year": 2025,
            "unused_days": 90, "sources": [{ "system": "電子カルテ", "file": "アカウント.csv" }], "roster_file": "名簿.xlsx",
            "accounts": 30, "staff": 25, "findings": 2 })),
        ),
        AccountFindingDecided => (
            "account_review",
            id,
            Some(
                json!({ "finding": 3, "kind": "leaver_enabled", "system": "電子カルテ", "login": "yamada", "decision": "keep", "reason": "引継ぎ中" }),
            ),
            Some(
                json!({ "finding": 3, "kind": "leaver_enabled", "system": "電子カルテ", "login": "yamada", "decision": "delete", "reason": "" }),
            ),
        ),
        AccountFindingsDecidedTogether => (
            "account_review",
            id,
            None,
            Some(json!({ "kind": "unused", "decision": "disable", "reason": "", "count": 4 })),
        ),
        IncidentOpened | IncidentRecorded | IncidentClosed => ("incident", id, None, Some(step)),
        IncidentTargetsSaved => (
            "incident_targets",
            None,
            Some(json!({ "report_officer": 30 })),
            Some(json!({ "report_officer": 15 })),
        ),
        SurveySaved | SurveyImported => (
            "survey",
            id,
            None,
            Some(json!({ "fiscal_year": 2023, "edition": "mhlw-survey-fy2023-hospital",
            "answers": { "Q1": 1 }, "confirmed": false, "sources": { "Q1": "institution" } })),
        ),
        SurveyArchived => (
            "survey",
            id,
            None,
            Some(json!({ "archive": 2, "fiscal_year": 2023, "edition": "mhlw-survey-fy2023-hospital" })),
        ),
        BcpCheckSaved => (
            "bcp_check",
            Some("2025".into()),
            None,
            Some(json!({ "document": 4, "items": { "a": { "answer": "yes" } } })),
        ),
        BcpCardPrinted => ("bcp_card", None, None, None),
        RoleAnswersSaved => (
            "role_answers",
            Some("2025".into()),
            None,
            Some(json!({ "list": "mhlw-roles-fy2021-executive", "answers": { "a": "yes" } })),
        ),
        StaffCodeIssued => (
            "staff_code",
            id,
            None,
            Some(
                json!({ "fiscal_year": 2025, "label": "看護部", "departments": ["看護部"], "list": "mhlw-roles-fy2021-executive" }),
            ),
        ),
        StaffCodeRevoked => ("staff_code", id, None, None),
        StaffAnswerReceived => {
            ("staff_answer", id, None, Some(json!({ "fiscal_year": 2025, "code": 1, "paper": false })))
        }
        DirectorSignedOff => (
            "director_page",
            None,
            None,
            Some(json!({ "signed_on": "2025-06-01", "comment": "確認した",
            "signed_as": "on_behalf", "director_name": "院長 太郎" })),
        ),
        DiscoveryRecorded => (
            "discovery_import",
            id,
            None,
            Some(json!({ "files": ["院内スキャン.xml"], "added": 1, "changed": 2, "seen": 40 })),
        ),
        LifecycleImported => (
            "lifecycle_bundle",
            id,
            None,
            Some(json!({ "source": "データ.json", "signed_by": "iryosec", "created": "2025-04-01" })),
        ),
    }
}

/// The text of the audit table's rows, as a person reads it.
fn table_text(body: &str) -> String {
    let rows = body.split("<tbody>").nth(1).and_then(|b| b.split("</tbody>").next()).unwrap_or_default();
    let mut text = String::new();
    let mut in_tag = false;
    for ch in rows.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// An ASCII identifier (`report_officer`), catalog key (`audit.field.beds`), `key: value` or
/// JSON where words should be.
fn raw_words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let words = text.split(|c: char| !(c.is_ascii_lowercase() || c == '_' || c == '.' || c == ':'));
    for w in words.filter(|w| !w.is_empty()) {
        let core = w.trim_matches(|c| c == '.' || c == ':');
        let identifier = core.split(['_', '.']).filter(|p| !p.is_empty()).count() > 1;
        if identifier || (w.ends_with(':') && core.len() > 1) {
            found.push(w.to_owned());
        }
    }
    if text.contains('{') || text.contains('[') {
        found.push("JSON".into());
    }
    found
}

#[tokio::test]
async fn every_kind_of_audit_entry_reads_in_words() {
    let t = ready().await;
    let mut editor = logged_in(&t, Role::Editor).await;
    let made = editor
        .post_form(
            &t,
            "/assessments",
            "/assessments",
            &[("fiscal_year", "2025"), ("edition_id", "mhlw-checklist-r7-hospital"), ("carry_from", "")],
        )
        .await;
    let assessment = made.location().split('?').next().unwrap().rsplit('/').next().unwrap().to_owned();
    let institution = t.users[&Role::Admin].institution_id.get();
    let actor = Actor { user_id: None, login: "admin".into(), ip: None, request_id: None };
    for action in AuditAction::ALL {
        let (target_kind, target_id, before, after) = detail(action, &assessment);
        let event =
            AuditEvent { institution_id: Some(institution), action, target_kind, target_id, before, after };
        t.db.append_audit(&event, &actor, t.clock.now()).await.unwrap();
    }
    let mut auditor = logged_in(&t, Role::Auditor).await;
    for action in AuditAction::ALL {
        let page = auditor.get(&t, &format!("/audit?action={}", action.code())).await;
        let text = table_text(&page.body);
        assert!(!text.trim().is_empty(), "{} is listed", action.code());
        assert_eq!(raw_words(&text), Vec::<String>::new(), "{}: {text}", action.code());
    }
    let answers = table_text(
        &auditor.get(&t, &format!("/audit?action={}", AuditAction::AnswersSaved.code())).await.body,
    );
    assert!(answers.contains("2-⑨ 医療情報システム全般 回答: いいえ → はい"), "{answers}");
    assert!(
        answers.contains("確認日（1回目）: — → 令和7年5月16日")
            && answers.contains("目標日: 令和8年3月31日 → —")
    );
    let incident = table_text(
        &auditor.get(&t, &format!("/audit?action={}", AuditAction::IncidentRecorded.code())).await.body,
    );
    assert!(incident.contains("手順: 医療情報システム安全管理責任者・システム担当に報告する"), "{incident}");
    let profile = table_text(
        &auditor.get(&t, &format!("/audit?action={}", AuditAction::InstitutionUpdated.code())).await.body,
    );
    assert!(
        profile.contains("都道府県: 東京都 → 大阪府") && profile.contains("病床数: 120 → 199"),
        "{profile}"
    );
    let user = table_text(
        &auditor.get(&t, &format!("/audit?action={}", AuditAction::UserUpdated.code())).await.body,
    );
    assert!(user.contains("役割: 担当者 → 監査者"), "{user}");
}
