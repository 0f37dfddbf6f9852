use super::*;
use crate::catalog::{ItemChange, Scope, Verification, diff};

fn shipped(id: &str) -> &'static Edition {
    edition(id).unwrap_or_else(|| panic!("{id} is not shipped"))
}

/// (number, key) of an edition's items in form order.
fn numbers(e: &Edition) -> Vec<(&str, &str)> {
    e.items.iter().map(|i| (i.number.as_str(), i.key.as_str())).collect()
}

#[test]
fn every_shipped_edition_is_valid() {
    for (file, text) in FILES {
        if let Err(errors) = parse_toml(text) {
            panic!("{file}: {errors:?}");
        }
    }
    assert_eq!(editions().len(), 11);
}

#[test]
fn ids_name_year_and_sheet() {
    for e in editions() {
        let year = match e.fiscal_year {
            2023 => "r5",
            2024 => "r6",
            2025 => "r7",
            2026 => "r8",
            other => panic!("unexpected year {other}"),
        };
        assert_eq!(e.id, format!("mhlw-checklist-{year}-{}", e.sheet.code().replace('_', "-")));
    }
}

#[test]
fn the_r6_hospital_edition_has_the_gate_and_fourteen_items() {
    let e = shipped("mhlw-checklist-r6-hospital");
    assert_eq!(e.items.len(), 14);
    assert_eq!(e.gate().map(|g| g.title.as_str()), Some("医療情報システムを導入、運用している。"));
    assert_eq!(e.confirmations, 2);
}

#[test]
fn r6_numbers_follow_the_seeds_on_every_sheet() {
    for sheet in ["hospital", "pharmacy", "vendor"] {
        let e = shipped(&format!("mhlw-checklist-r6-{sheet}"));
        let tail: Vec<_> =
            numbers(e).into_iter().filter(|(n, _)| n.starts_with("2-(") && n > &"2-(6)").collect();
        assert_eq!(
            tail,
            vec![
                ("2-(7)", "patch.apply"),
                ("2-(8)", "network.restrict_sources"),
                ("2-(9)", "hardening.stop_unneeded_services"),
            ],
            "{sheet}"
        );
        assert_eq!(
            e.item("patch.apply").map(|i| i.title.as_str()),
            Some("セキュリティパッチ(最新ファームウェアや更新プログラム)を適用している。")
        );
    }
}

#[test]
fn r5_marks_terminal_pcs_for_the_next_year_and_asks_whether_there_is_a_system() {
    let e = shipped("mhlw-checklist-r5-hospital");
    let accounts = e.item("access.remove_unneeded_accounts").unwrap();
    assert_eq!(accounts.number, "2-(5)");
    assert_eq!(accounts.due_for(Some(Scope::Server)), 2023);
    assert_eq!(accounts.due_for(Some(Scope::Terminal)), 2024);
    for sheet in ["hospital", "pharmacy"] {
        let e = shipped(&format!("mhlw-checklist-r5-{sheet}"));
        let gate = e.gate().unwrap_or_else(|| panic!("R5 {sheet} has no 医療情報システムの有無"));
        assert_eq!((gate.number.as_str(), gate.key.as_str()), ("pre", "system.in_use"));
        assert_eq!(gate.verification, Verification::Inferred, "the R5 wording of the question is not known");
    }
}

#[test]
fn vendor_sheets_carry_the_vendors_own_wording() {
    for year in ["r5", "r6", "r7", "r8"] {
        let v = shipped(&format!("mhlw-checklist-{year}-vendor"));
        assert!(v.items.iter().all(|i| i.section == "1" || i.section == "2"), "{year}");
        let remote = v.item("vendor.remote_maintenance_checked").unwrap();
        assert_eq!(remote.title, "リモートメンテナンス(保守)している機器の有無を確認した。", "{year}");
        assert!(!remote.title.contains("事業者に確認"), "{year}: the hospital's wording");
        assert!(v.item("vendor.mds_sds_obtained").unwrap().title.starts_with("医療機関に"), "{year}");
        assert!(v.items.iter().all(|i| i.verification == Verification::Inferred), "{year}");
    }
}

#[test]
fn r7_items_seen_only_in_the_draft_say_so() {
    let e = shipped("mhlw-checklist-r7-hospital");
    let draft: Vec<&str> =
        e.items.iter().filter(|i| i.verification == Verification::Draft).map(|i| i.number.as_str()).collect();
    assert_eq!(draft, ["1-①", "2-①", "2-②", "2-③", "2-⑥", "2-⑦", "2-⑧", "2-⑫", "2-⑬", "3-②"]);
    assert!(e.items.iter().all(|i| i.verification != Verification::Final), "the final R7 text was not read");
    let rights = e.item("access.role_based_rights").unwrap();
    assert_eq!(rights.title, "利用者の職種・担当業務別の情報区分毎のアクセス利用権限を設定している。");
    assert_eq!(rights.verification, Verification::Inferred);
    assert!(e.item("vendor.mds_sds_obtained").unwrap().source_note.contains("令和6年度版から補った"));
}

#[test]
fn pharmacy_sheets_claim_nothing_checked_and_r5_was_published_in_a_month() {
    for year in ["r5", "r6", "r7"] {
        let p = shipped(&format!("mhlw-checklist-{year}-pharmacy"));
        assert!(p.items.iter().all(|i| i.verification == Verification::Inferred), "{year}");
    }
    assert_eq!(shipped("mhlw-checklist-r5-pharmacy").published, "2023-10");
}

#[test]
fn r5_items_the_seeds_confirm_are_final() {
    let e = shipped("mhlw-checklist-r5-hospital");
    let fin: Vec<&str> =
        e.items.iter().filter(|i| i.verification == Verification::Final).map(|i| i.number.as_str()).collect();
    assert_eq!(fin, ["1-(1)", "2-(1)", "2-(3)", "2-(4)", "2-(5)", "2-(6)", "2-(7)", "2-(8)"]);
}

#[test]
fn r7_adds_five_items_and_merges_the_patch_scopes() {
    let r6 = shipped("mhlw-checklist-r6-hospital");
    let r7 = shipped("mhlw-checklist-r7-hospital");
    let changes = diff(r6, r7);
    let added: Vec<_> = changes
        .iter()
        .filter_map(|c| match c {
            ItemChange::Added { key, .. } => Some(key.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        added,
        vec![
            "password.length_and_rotation",
            "password.no_reuse",
            "media.usb_restriction",
            "auth.two_factor",
            "policy.operation_rules"
        ]
    );
    assert!(!changes.iter().any(|c| matches!(c, ItemChange::Removed { .. })), "nothing was removed");
    assert_eq!(r7.item("patch.apply").unwrap().scopes, vec![Scope::General]);
    assert_eq!(r7.item("auth.two_factor").unwrap().due, 2027);
}

#[test]
fn the_provisional_r8_editions_keep_r7_keys_and_follow_guideline_seven() {
    for (r8, r7) in [
        ("mhlw-checklist-r8-hospital-pharmacy", "mhlw-checklist-r7-hospital"),
        ("mhlw-checklist-r8-vendor", "mhlw-checklist-r7-vendor"),
    ] {
        let (e, last) = (shipped(r8), shipped(r7));
        assert!(e.provisional && e.fiscal_year == 2026 && e.published == "2026-06", "{r8}");
        let keys = |e: &Edition| e.items.iter().map(|i| i.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(e), keys(last), "{r8}: answers carry from 令和7年度 by key");
        assert_eq!(e.items_not_final().len(), e.items.len(), "{r8}: every item says it is inferred");
        let password = &e.item("password.length_and_rotation").unwrap().title;
        assert!(!password.contains("定期的に変更") && password.contains("ロック"), "{password}");
        let two_factor = e.item("auth.two_factor").unwrap();
        assert!(two_factor.title.contains("クライアント端末") && two_factor.title.contains("サーバ"));
        assert!(two_factor.title.contains("令和9年4月1日"));
        assert_eq!(two_factor.due, 2027);
        assert!(e.item("access.logs").unwrap().title.contains("定期的に確認"));
        assert!(e.items.iter().filter(|i| i.key != "auth.two_factor").all(|i| i.due == 2026), "{r8}");
    }
    assert_eq!(shipped("mhlw-checklist-r8-hospital-pharmacy").sheet, Sheet::HospitalPharmacy);
}

#[test]
fn items_not_checked_against_the_final_text_say_why() {
    for e in editions() {
        for i in e.items.iter().filter(|i| i.verification != Verification::Final) {
            assert!(!i.source_note.is_empty(), "{} {} has no note", e.id, i.number);
        }
        assert!(e.items.iter().all(|i| !i.guidance.is_empty()), "{}", e.id);
    }
}

#[test]
fn the_edition_in_force_follows_the_fiscal_year() {
    assert_eq!(for_fiscal_year(Sheet::Hospital, 2025).map(|e| e.fiscal_year), Some(2025));
    assert_eq!(for_fiscal_year(Sheet::HospitalPharmacy, 2026).map(|e| e.fiscal_year), Some(2026));
    assert_eq!(for_fiscal_year(Sheet::Pharmacy, 2023).map(|e| e.fiscal_year), Some(2023));
    assert_eq!(for_fiscal_year(Sheet::Hospital, 2022), None);
}
