//! The registers as the suggestions read them are kept between pages and read again after any
//! change, whichever way it was written.

use super::*;
use iryosec_core::CancelToken;
use iryosec_core::catalog::Scope;
use iryosec_core::register::Register;
use iryosec_core::suggest::{Suggested, Suggestion};
use iryosec_io::table::Source;

async fn suggested(t: &T, inst: &Institution, key: &str, scope: Scope) -> Suggested {
    t.app.suggestions_for_item(inst.id, 2025, key, &[Some(scope)]).await.unwrap().remove(0)
}

#[tokio::test]
async fn kept_facts_are_read_again_after_every_kind_of_write() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let first = t.app.register_facts(inst.id, 2025).await.unwrap();
    let again = t.app.register_facts(inst.id, 2025).await.unwrap();
    assert!(Arc::ptr_eq(&first, &again), "nothing changed: the kept view is used");
    assert_eq!(
        suggested(&t, &inst, "system.in_use", Scope::General).await.suggestion,
        Suggestion::Insufficient
    );
    assert_eq!(
        suggested(&t, &inst, "patch.apply", Scope::General).await.suggestion,
        Suggestion::Insufficient
    );

    let never = CancelToken::never();
    // A register imported from a file.
    let systems = "システム名,区分\r\n電子カルテ,電子カルテ\r\n".as_bytes();
    let source = Source::new("システム.csv", systems, &never);
    t.app.import_register(inst.id, Register::Systems, source, false, &actor()).await.unwrap();
    assert_eq!(suggested(&t, &inst, "system.in_use", Scope::General).await.suggestion, Suggestion::Yes);

    // The ledger imported from a file (written while it is read, by its own path).
    let ledger = "管理番号,名称,種別,パッチ適用状況\r\nPC-1,受付端末,端末,未適用\r\n".as_bytes();
    let source = Source::new("台帳.csv", ledger, &never);
    let report = t
        .app
        .import_ledger(inst.id, source, &iryosec_app::ledger_import::LedgerChoice::default(), false, &actor())
        .await
        .unwrap();
    assert!(report.imported.is_some(), "{:?}", report.read.errors);
    assert_ne!(
        suggested(&t, &inst, "patch.apply", Scope::General).await.suggestion,
        Suggestion::Insufficient
    );

    // One entry typed into a register's form, and one into the ledger's.
    let chart = suggested(&t, &inst, "incident.contact_chart", Scope::General).await;
    let contact: std::collections::HashMap<String, String> =
        [("role", "security_officer"), ("name", "情報 太郎"), ("phone", "内線100")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
    t.app.save_entry(inst.id, Register::Contacts, None, &contact, &actor()).await.unwrap();
    assert_ne!(suggested(&t, &inst, "incident.contact_chart", Scope::General).await, chart);
    assert_eq!(
        suggested(&t, &inst, "governance.security_officer", Scope::General).await.suggestion,
        Suggestion::Yes
    );
    let ledger_before = suggested(&t, &inst, "assets.ledger", Scope::General).await;
    let asset: std::collections::HashMap<String, String> =
        [("asset_no", "SV-1"), ("name", "サーバ"), ("kind", "サーバ")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
    t.app.create_asset(inst.id, &asset, &actor()).await.unwrap();
    assert_ne!(suggested(&t, &inst, "assets.ledger", Scope::General).await, ledger_before);
    let last = t.app.register_facts(inst.id, 2025).await.unwrap();
    assert!(!Arc::ptr_eq(&first, &last));
    assert_eq!(last.assets.len(), 2);
}
