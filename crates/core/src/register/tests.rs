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
