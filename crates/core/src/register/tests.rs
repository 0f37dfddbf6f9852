use super::*;
use std::collections::{HashMap, HashSet};

fn read(register: Register, pairs: &[(&str, &str)]) -> Result<Record, Vec<crate::FieldError>> {
    let map: HashMap<&str, &str> = pairs.iter().copied().collect();
    parse_record(register, &|code| map.get(code).copied().unwrap_or("").to_owned())
}

#[test]
fn a_system_reads_choices_dates_flags_and_lists_as_people_write_them() {
    let r = read(
        Register::Systems,
        &[
            ("name", " 電子カルテ "),
            ("category", "電子カルテシステム"),
            ("assets", "SV-01、SV-02, SV-01\nPC-1"),
            ("renewal_on", "R8.3.31"),
            ("patient_info", "有"),
            ("recovery_priority", "１"),
        ],
    )
    .unwrap();
    assert_eq!(r.text("name"), "電子カルテ");
    assert_eq!(r.text("category"), "ehr");
    assert_eq!(r.list("assets"), vec!["SV-01", "SV-02", "PC-1"]);
    assert_eq!(r.date("renewal_on"), Some(time::macros::date!(2026 - 03 - 31)));
    assert_eq!(r.flag("patient_info"), Some(true));
    assert_eq!(r.number("recovery_priority"), Some(1));
    let category = Register::Systems.field("category").unwrap();
    assert_eq!(r.display(category), "電子カルテ");
    assert_eq!(r.key(Register::Systems), "電子カルテ");
}

#[test]
fn every_problem_is_named_by_field() {
    let problems = read(
        Register::Backups,
        &[
            ("name", ""),
            ("system", "電子カルテ"),
            ("method", "NAS"),
            ("frequency", "毎時"),
            ("generations", "0"),
        ],
    )
    .unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, vec!["name", "frequency", "generations"]);
    assert_eq!(problems[1].message.key, "ledger.error.choice");
    assert_eq!(problems[2].message.key, "register.error.number");
}

#[test]
fn a_contact_is_identified_by_role_and_name_so_one_person_may_hold_two_roles() {
    let a = read(Register::Contacts, &[("role", "院長"), ("name", "山田")]).unwrap();
    let b = read(Register::Contacts, &[("role", "安全管理責任者"), ("name", "山田")]).unwrap();
    assert_ne!(a.key(Register::Contacts), b.key(Register::Contacts));
    assert_eq!(contact_group(a.text("role")), "internal");
}

#[test]
fn the_tables_are_consistent() {
    for register in Register::ALL {
        assert_eq!(Register::parse(register.code()), Some(register));
        let codes: HashSet<&str> = register.fields().iter().map(|f| f.code).collect();
        assert_eq!(codes.len(), register.fields().len(), "{register:?} repeats a field");
        for key in register.key_fields().iter().chain(register.list_fields()) {
            assert!(codes.contains(key), "{register:?} names unknown field {key}");
        }
        for key in register.key_fields() {
            assert!(register.field(key).unwrap().required, "{register:?}: key field {key} must be required");
        }
    }
}

#[test]
fn a_stored_record_reads_back_the_same() {
    let r = read(Register::Vendors, &[("name", "A社"), ("mds_sds_received_on", "令和7年4月1日")]).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(json, r#"{"mds_sds_received_on":"2025-04-01","name":"A社"}"#);
    assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), r);
}

mod rules_over_registers {
    use super::*;
    use crate::catalog::Scope;
    use crate::suggest::{Evidence, Suggestion, suggest};
    use time::macros::date;

    fn rec(register: Register, pairs: &[(&str, &str)]) -> Record {
        read(register, pairs).unwrap()
    }

    fn judge(key: &str, r: &Registers) -> crate::suggest::Suggested {
        suggest(
            key,
            Scope::General,
            &Evidence {
                today: date!(2026 - 11 - 21),
                fiscal_year: crate::date::FiscalYear(2026),
                assets: &[],
                registers: r,
                account_reviews: &[],
                bcp_check: None,
                network: &crate::suggest::NetworkEvidence::default(),
            },
        )
    }

    fn full_chart() -> Vec<Record> {
        [
            ("経営層", "院長 山田"),
            ("安全管理責任者", "事務長 佐藤"),
            ("システム担当", "情報 太郎"),
            ("事業者", "A社 保守窓口"),
            ("警察", "サイバー犯罪相談窓口"),
            ("保健所", "○○保健所"),
        ]
        .iter()
        .map(|(role, name)| rec(Register::Contacts, &[("role", role), ("name", name), ("phone", "000")]))
        .collect()
    }

    #[test]
    fn a_contact_chart_needs_every_role_and_a_way_to_reach_each() {
        let mut r = Registers::default();
        assert_eq!(judge("incident.contact_chart", &r).suggestion, Suggestion::No);
        r.contacts = full_chart();
        assert_eq!(judge("incident.contact_chart", &r).suggestion, Suggestion::Yes);
        assert_eq!(judge("governance.security_officer", &r).suggestion, Suggestion::Yes);
        r.contacts.remove(4);
        let s = judge("incident.contact_chart", &r);
        assert_eq!(
            (s.suggestion, s.records),
            (Suggestion::No, vec!["警察（サイバー犯罪相談窓口）".to_owned()])
        );
        r.contacts = full_chart();
        r.contacts.push(rec(Register::Contacts, &[("role", "顧問弁護士"), ("name", "X法律事務所")]));
        let s = judge("incident.contact_chart", &r);
        assert_eq!((s.suggestion, s.records), (Suggestion::No, vec!["X法律事務所".to_owned()]));
    }

    #[test]
    fn every_vendor_named_by_a_system_must_have_handed_over_its_mds_sds() {
        let mut r = Registers::default();
        assert_eq!(judge("vendor.mds_sds_obtained", &r).suggestion, Suggestion::Insufficient);
        r.systems = vec![
            rec(
                Register::Systems,
                &[("name", "電子カルテ"), ("category", "電子カルテ"), ("vendors", "A社、B社")],
            ),
            rec(Register::Systems, &[("name", "PACS"), ("category", "PACS"), ("vendors", "A社")]),
        ];
        r.vendors = vec![rec(Register::Vendors, &[("name", "A社"), ("mds_sds_received_on", "2025-05-01")])];
        let s = judge("vendor.mds_sds_obtained", &r);
        assert_eq!((s.suggestion, s.records), (Suggestion::No, vec!["B社".to_owned()]));
        r.vendors.push(rec(Register::Vendors, &[("name", "B社"), ("mds_sds_received_on", "R7.6.1")]));
        assert_eq!(judge("vendor.mds_sds_obtained", &r).suggestion, Suggestion::Yes);
        assert_eq!(judge("system.in_use", &r).suggestion, Suggestion::Yes);
    }

    fn backup(name: &str, method: &str, offline: &str) -> Record {
        rec(
            Register::Backups,
            &[
                ("name", name),
                ("system", "電子カルテ"),
                ("method", method),
                ("frequency", "毎日"),
                ("generations", "7"),
                ("offline", offline),
                ("procedure", "リストア手順書 v2"),
            ],
        )
    }

    #[test]
    fn backups_are_judged_per_system_with_every_unmet_check_given() {
        let mut r = Registers {
            systems: vec![rec(
                Register::Systems,
                &[("name", "電子カルテ"), ("category", "電子カルテ"), ("patient_info", "はい")],
            )],
            ..Registers::default()
        };
        let s = judge("backup.backup_and_restore", &r);
        assert_eq!((s.suggestion, s.reasons[0].key), (Suggestion::No, "suggest.reason.backup_none"));
        r.backups = vec![backup("日次NAS", "NAS", "いいえ")];
        let s = judge("backup.backup_and_restore", &r);
        let keys: Vec<&str> = s.reasons.iter().map(|m| m.key).collect();
        assert_eq!(
            keys,
            vec![
                "backup_plan.reason.methods_single",
                "backup_plan.reason.offline_missing",
                "backup_plan.reason.restore_never"
            ]
        );
        r.backups.push(backup("週次LTO", "LTO", "はい"));
        r.restore_tests = vec![rec(
            Register::RestoreTests,
            &[("system", "電子カルテ"), ("tested_on", "2026-06-10"), ("result", "成功"), ("minutes", "95")],
        )];
        assert_eq!(judge("backup.backup_and_restore", &r).suggestion, Suggestion::Yes);
        r.restore_tests[0] = rec(
            Register::RestoreTests,
            &[("system", "電子カルテ"), ("tested_on", "2025-06-10"), ("result", "成功")],
        );
        let s = judge("backup.backup_and_restore", &r);
        assert_eq!((s.suggestion, s.reasons[0].key), (Suggestion::No, "backup_plan.reason.restore_old"));
    }

    #[test]
    fn a_vendor_that_answered_no_turns_the_item_to_no() {
        let mut r = Registers::default();
        r.vendor_answers.insert("A社".into(), [("password.no_reuse".to_owned(), false)].into());
        r.vendor_answers.insert("B社".into(), [("password.no_reuse".to_owned(), true)].into());
        let s = judge("password.no_reuse", &r);
        assert_eq!((s.suggestion, s.records), (Suggestion::No, vec!["A社".to_owned()]));
        r.vendor_answers.remove("A社");
        let s = judge("password.no_reuse", &r);
        assert_eq!(
            s.suggestion,
            Suggestion::Insufficient,
            "a vendor's はい alone does not answer for the institution"
        );
        assert_eq!(s.reasons.last().unwrap().key, "suggest.reason.vendor_yes");
    }

    #[test]
    fn system_settings_need_every_system_and_name_the_ones_without() {
        let mut r = Registers::default();
        assert_eq!(judge("access.role_based_rights", &r).suggestion, Suggestion::Insufficient);
        r.systems = vec![
            rec(
                Register::Systems,
                &[("name", "電子カルテ"), ("category", "電子カルテ"), ("role_based_access", "有")],
            ),
            rec(Register::Systems, &[("name", "PACS"), ("category", "PACS")]),
        ];
        let unknown = judge("access.role_based_rights", &r);
        assert_eq!(
            (unknown.suggestion, unknown.records),
            (Suggestion::Insufficient, vec!["PACS".to_owned()])
        );
        r.systems[1] =
            rec(Register::Systems, &[("name", "PACS"), ("category", "PACS"), ("role_based_access", "無")]);
        let without = judge("access.role_based_rights", &r);
        assert_eq!((without.suggestion, without.records), (Suggestion::No, vec!["PACS".to_owned()]));
        r.systems[1] =
            rec(Register::Systems, &[("name", "PACS"), ("category", "PACS"), ("role_based_access", "有")]);
        assert_eq!(judge("access.role_based_rights", &r).suggestion, Suggestion::Yes);
        assert_eq!(
            judge("password.no_reuse", &r).suggestion,
            Suggestion::Insufficient,
            "each item reads its own setting"
        );
    }

    #[test]
    fn a_registered_document_grounds_the_rules_and_the_bcp() {
        let mut r = Registers::default();
        let none = judge("policy.operation_rules", &r);
        assert_eq!(
            (none.suggestion, none.reasons[0].key),
            (Suggestion::Insufficient, "suggest.reason.document_missing")
        );
        r.documents = vec![
            rec(
                Register::Documents,
                &[
                    ("kind", "運用管理規程"),
                    ("title", "医療情報システム運用管理規程"),
                    ("revised_on", "R7.4.1"),
                ],
            ),
            rec(Register::Documents, &[("kind", "BCP"), ("title", "サイバー攻撃を想定したBCP")]),
        ];
        let kept = judge("policy.operation_rules", &r);
        assert_eq!(kept.suggestion, Suggestion::Yes);
        assert_eq!(kept.records, vec!["医療情報システム運用管理規程".to_owned()]);
        assert!(kept.reasons[0].args.iter().any(|(_, v)| v == "2025-04-01"), "{:?}", kept.reasons);
        let bcp = judge("bcp.plan", &r);
        assert_eq!(
            (bcp.suggestion, bcp.reasons[0].key),
            (Suggestion::Insufficient, "suggest.reason.bcp_not_checked"),
            "a BCP on file is not enough without the year's check"
        );
    }
}

#[test]
fn an_external_connection_names_its_devices_vendors_and_systems_and_draws_unguarded_ones_in_red() {
    let vpn = read(
        Register::Connections,
        &[
            ("name", "電子カルテ保守VPN"),
            ("kind", "リモートメンテナンス"),
            ("devices", "NW-01"),
            ("vendors", "カルテ社"),
            ("systems", "電子カルテ、PACS"),
            ("two_factor", "なし"),
            ("source_restricted", "あり"),
        ],
    )
    .unwrap();
    assert_eq!(vpn.text("kind"), "remote_maintenance");
    assert_eq!(Register::Connections.reference("devices"), Some(Target::Ledger));
    assert_eq!(Register::Connections.reference("vendors"), Some(Target::Register(Register::Vendors)));
    let line = read(
        Register::Connections,
        &[
            ("name", "オン資 <回線>"),
            ("kind", "オン資"),
            ("destination", "支払基金"),
            ("two_factor", "はい"),
            ("source_restricted", "はい"),
        ],
    )
    .unwrap();
    let svg = diagram::connections_svg("さくら病院", &[vpn, line]);
    assert!(svg.starts_with("<svg") && svg.contains(r#"width="297mm""#), "A4 landscape");
    for shown in [
        "電子カルテ保守VPN（リモート保守回線）",
        "PACS",
        "カルテ社",
        "支払基金",
        "二要素認証 なし・接続元制限 あり",
        "オン資 &lt;回線&gt;",
    ] {
        assert!(svg.contains(shown), "{shown} in {svg}");
    }
    assert_eq!(
        svg.matches("#fdecea").count(),
        1,
        "only the connection without two-factor authentication is red"
    );
    assert_eq!(
        svg.matches("<line").count(),
        4,
        "two systems and one vendor for the VPN, the other end of the line"
    );
}
