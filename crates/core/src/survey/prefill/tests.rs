use super::*;
use crate::register::{Register, parse_record};
use crate::survey::builtin::edition;
use crate::survey::evaluate;
use std::collections::BTreeMap;

const FY2022: &str = "mhlw-survey-fy2022-hospital";
const FY2023: &str = "mhlw-survey-fy2023-hospital";

fn record(register: Register, fields: &[(&str, &str)]) -> Record {
    let map: BTreeMap<&str, &str> = fields.iter().copied().collect();
    parse_record(register, &|code| map.get(code).copied().unwrap_or("").to_owned()).unwrap()
}

fn hospital() -> Registers {
    Registers {
        systems: vec![
            record(
                Register::Systems,
                &[("name", "電子カルテ"), ("category", "ehr"), ("patient_info", "はい")],
            ),
            record(Register::Systems, &[("name", "レセコン"), ("category", "receipt")]),
        ],
        backups: vec![
            record(
                Register::Backups,
                &[
                    ("name", "日次NAS"),
                    ("system", "電子カルテ"),
                    ("method", "NAS"),
                    ("frequency", "daily"),
                    ("generations", "7"),
                    ("media", "rewritable"),
                    ("offline", "いいえ"),
                    ("encrypted", "はい"),
                ],
            ),
            record(
                Register::Backups,
                &[
                    ("name", "週次テープ"),
                    ("system", "電子カルテ"),
                    ("method", "LTOテープ"),
                    ("frequency", "weekly"),
                    ("generations", "4"),
                    ("media", "immutable"),
                    ("offline", "はい"),
                ],
            ),
            // Another system's backup is not the EHR's.
            record(
                Register::Backups,
                &[("name", "レセ"), ("system", "レセコン"), ("method", "USB"), ("frequency", "monthly")],
            ),
        ],
        contacts: vec![record(Register::Contacts, &[("role", "security_officer"), ("name", "山田 太郎")])],
        documents: vec![record(Register::Documents, &[("kind", "bcp"), ("title", "サイバー攻撃時のBCP")])],
        ..Registers::default()
    }
}

fn vpn(no: &str, os: &str, version: &str) -> Asset {
    Asset {
        asset_no: no.into(),
        name: format!("VPN-{no}"),
        kind: Some(AssetKind::Vpn),
        location: "サーバ室".into(),
        os: os.into(),
        os_version: version.into(),
        ..Asset::default()
    }
}

fn proposals(edition_id: &str, r: &Registers, assets: &[Asset]) -> BTreeMap<String, (Answer, String)> {
    let e = edition(edition_id).unwrap();
    prefill(e, r, assets).into_iter().map(|p| (p.id, (p.answer, p.source))).collect()
}

fn answer(p: &BTreeMap<String, (Answer, String)>, id: &str) -> Answer {
    p.get(id).unwrap_or_else(|| panic!("no proposal for {id}: {p:?}")).0.clone()
}

#[test]
fn fy2023_reads_the_officer_the_ehr_its_backups_and_the_bcp() {
    let p = proposals(FY2023, &hospital(), &[]);
    assert_eq!(answer(&p, "Q2"), Answer::YesNo(true));
    assert!(p["Q2"].1.contains("山田 太郎"), "{}", p["Q2"].1);
    assert_eq!(answer(&p, "Q10"), Answer::YesNo(true));
    assert!(p["Q10"].1.contains("サイバー攻撃時のBCP"));
    assert_eq!(answer(&p, "Q11"), Answer::YesNo(true));
    assert!(p["Q11"].1.contains("電子カルテ"));
    assert_eq!(answer(&p, "Q12"), Answer::YesNo(true));
    assert_eq!(answer(&p, "Q12-1"), Answer::Choice(1), "daily is 毎日");
    assert_eq!(answer(&p, "Q12-2"), Answer::Choice(2), "two EHR backups, not the receipt system's");
    assert_eq!(answer(&p, "Q12-3"), Answer::Choice(1), "7 generations is 3世代以上");
    assert_eq!(answer(&p, "Q12-4"), Answer::Choice(2), "NAS and tape");
    assert_eq!(answer(&p, "Q12-5"), Answer::YesNo(true));
    assert_eq!(answer(&p, "Q12-6"), Answer::YesNo(true));
    assert!(p["Q12-2"].1.contains("日次NAS") && !p["Q12-2"].1.contains("レセ）"), "{}", p["Q12-2"].1);
    // Questions the registers say nothing about get no proposal.
    for id in ["Q1", "Q3", "Q6", "Q7", "Q13-1"] {
        assert!(!p.contains_key(id), "{id}");
    }
    // Every proposal is a valid answer, and together they branch as the survey does.
    let e = edition(FY2023).unwrap();
    let answers: crate::survey::Answers = p.iter().map(|(id, (a, _))| (id.clone(), a.clone())).collect();
    assert!(evaluate(e, &answers).invalid.is_empty(), "{:?}", evaluate(e, &answers).invalid);
}

#[test]
fn nothing_is_proposed_from_empty_registers() {
    assert!(proposals(FY2023, &Registers::default(), &[]).is_empty());
    assert!(proposals(FY2022, &Registers::default(), &[]).is_empty());
}

#[test]
fn fy2023_backup_choices_follow_the_numbers() {
    let mut r = hospital();
    r.backups.truncate(1);
    let p = proposals(FY2023, &r, &[]);
    assert_eq!(answer(&p, "Q12-2"), Answer::Choice(3), "one backup is 1つ");
    assert_eq!(answer(&p, "Q12-4"), Answer::Choice(3), "one method is 1種類");
    assert_eq!(answer(&p, "Q12-5"), Answer::YesNo(false), "the only backup is not offline");
    r.backups = vec![record(
        Register::Backups,
        &[
            ("name", "月次"),
            ("system", "電子カルテ"),
            ("method", "NAS"),
            ("frequency", "irregular"),
            ("generations", "2"),
        ],
    )];
    let p = proposals(FY2023, &r, &[]);
    assert_eq!(answer(&p, "Q12-1"), Answer::Choice(5), "irregular is その他");
    assert_eq!(answer(&p, "Q12-3"), Answer::Choice(2));
    assert!(!p.contains_key("Q12-5") && !p.contains_key("Q12-6"), "unknown offline and encryption stay open");
}

#[test]
fn fy2022_reads_backups_and_the_vpn_devices_grouped_by_maker_and_version() {
    let assets = [
        vpn("N-1", "FortiOS", "7.0.12"),
        vpn("N-2", "FortiOS", "7.0.12"),
        vpn("N-3", "RTX", "15.02"),
        Asset {
            retired_on: time::Date::from_calendar_date(2023, time::Month::April, 1).ok(),
            ..vpn("N-4", "RTX", "14")
        },
        Asset { kind: Some(AssetKind::Router), ..vpn("N-5", "RTX", "15.02") },
    ];
    let p = proposals(FY2022, &hospital(), &assets);
    assert_eq!(answer(&p, "Q2"), Answer::YesNo(true));
    assert_eq!(answer(&p, "Q6"), Answer::YesNo(true), "BCP");
    assert_eq!(answer(&p, "Q7"), Answer::YesNo(true), "EHR");
    assert_eq!(answer(&p, "Q8"), Answer::Choice(2), "two or more backups");
    assert_eq!(answer(&p, "Q9"), Answer::Choice(1), "rewritable and WORM combined");
    assert_eq!(answer(&p, "Q9-1"), Answer::YesNo(true));
    assert_eq!(answer(&p, "Q10"), Answer::Choice(1));
    assert_eq!(answer(&p, "Q10-1"), Answer::YesNo(true));
    assert_eq!(answer(&p, "Q10-2"), Answer::YesNo(true));
    assert_eq!(answer(&p, "pre-Q14"), Answer::YesNo(true));
    assert_eq!(answer(&p, "Q14"), Answer::YesNo(true));
    let row = |cells: &[(&str, Answer)]| -> Row {
        cells.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    };
    assert_eq!(
        answer(&p, "Q15"),
        Answer::Table(vec![row(&[
            ("count", Answer::Number(2)),
            ("os_version", Answer::Text("FortiOS 7.0.12".into()))
        ])]),
        "the two FortiGates in one row; the model is left to type"
    );
    assert_eq!(answer(&p, "pre-Q17"), Answer::YesNo(true));
    assert_eq!(
        answer(&p, "Q17"),
        Answer::Table(vec![row(&[
            ("maker", Answer::Text("ヤマハ".into())),
            ("count", Answer::Number(1)),
            ("os_version", Answer::Text("RTX 15.02".into())),
        ])]),
        "retired devices and routers are left out"
    );
    assert!(p["Q17"].1.contains("N-3") && p["Q17"].1.contains("1台"), "{}", p["Q17"].1);
}

#[test]
fn fy2022_without_fortinet_lists_every_device_under_q17() {
    let p = proposals(FY2022, &hospital(), &[vpn("N-3", "RTX", "15.02"), vpn("N-6", "", "")]);
    assert_eq!(answer(&p, "Q15"), Answer::Table(Vec::new()), "no Fortinet device");
    assert!(!p.contains_key("pre-Q17"), "asked only after a Fortinet row");
    let Answer::Table(rows) = answer(&p, "Q17") else { panic!() };
    assert_eq!(rows.len(), 2);
    let mut r = hospital();
    r.backups[1] = record(
        Register::Backups,
        &[("name", "b"), ("system", "電子カルテ"), ("method", "m"), ("frequency", "irregular")],
    );
    let p = proposals(FY2022, &r, &[]);
    assert!(!p.contains_key("Q9"), "a backup without its media kind leaves Q9 open");
    assert_eq!(answer(&p, "Q10"), Answer::Choice(1), "the daily one counts");
}

#[test]
fn the_ledger_s_maker_and_model_fill_their_columns() {
    let mut fg = vpn("N-1", "FortiOS", "7.2.10");
    fg.maker = "Fortinet".into();
    fg.model = "FortiGate 60F".into();
    let mut other = vpn("N-2", "", "3.1");
    other.maker = "アライドテレシス".into();
    other.model = "AR4050S".into();
    let p = proposals(FY2022, &hospital(), &[fg, other]);
    let Answer::Table(rows) = answer(&p, "Q15") else { panic!() };
    assert_eq!(rows[0].get("model"), Some(&Answer::Text("FortiGate 60F".into())));
    let Answer::Table(rows) = answer(&p, "Q17") else { panic!() };
    assert_eq!(rows.len(), 1, "only the device that is not a Fortinet");
    assert_eq!(rows[0].get("maker"), Some(&Answer::Text("アライドテレシス".into())));
    assert_eq!(rows[0].get("model"), Some(&Answer::Text("AR4050S".into())));
}

#[test]
fn fy2022_vpn_answers_read_the_end_of_support_and_exploited_data() {
    let today = time::macros::date!(2025 - 06 - 30);
    let assets = [vpn("N-1", "FortiOS", "6.0.4"), vpn("N-2", "RTX", "15.02"), vpn("N-3", "PAN-OS", "9.0.5")];
    let lifecycle = crate::lifecycle::matching::check_ledger(crate::lifecycle::builtin(), &assets, today);
    let edition = crate::survey::builtin::edition(FY2022).unwrap();
    let proposals = crate::survey::prefill_with(edition, &hospital(), &assets, &lifecycle);
    let get = |id: &str| proposals.iter().find(|p| p.id == id).unwrap();
    assert_eq!(get("Q16-1").answer, Answer::YesNo(false), "still on an exploited FortiOS version");
    assert!(get("Q16-1").source.contains("CVE-2018-13379"), "{}", get("Q16-1").source);
    assert!(proposals.iter().all(|p| p.id != "pre-Q16-1"), "the retired gate gets no proposal");
    assert_eq!(get("Q17-1").answer, Answer::YesNo(false), "PAN-OS 9.0 reached its end of life in 2022");
    assert!(get("Q17-1").source.contains("N-3"));
}

#[test]
fn vpn_lines_of_the_connections_register_say_a_vpn_device_is_there() {
    let mut r = hospital();
    let get = |code: &str| match code {
        "name" => "電子カルテ保守VPN".to_owned(),
        "kind" => "リモート保守回線".to_owned(),
        _ => String::new(),
    };
    r.connections.push(parse_record(Register::Connections, &get).unwrap());
    let proposals = crate::survey::prefill(edition(FY2022).unwrap(), &r, &[]);
    let present = proposals.iter().find(|p| p.id == "pre-Q14").unwrap();
    assert_eq!(present.answer, Answer::YesNo(true));
    assert!(present.source.contains("電子カルテ保守VPN"));
}

#[test]
fn the_respondent_is_filled_in_as_far_as_the_records_know_and_says_what_is_left() {
    let text = |s: &str| Answer::Text(s.to_owned());
    let mut r = Registers::default();
    r.contacts.push(record(
        Register::Contacts,
        &[("role", "security_officer"), ("name", "医療 一郎"), ("phone", "内線110")],
    ));
    r.contacts.push(record(
        Register::Contacts,
        &[("role", "system_admin"), ("name", "情報 太郎"), ("phone", "内線120")],
    ));
    for id in [FY2022, FY2023] {
        let p = respondent(edition(id).unwrap(), "さくら記念病院", &r).unwrap();
        let Answer::Table(rows) = &p.answer else { panic!("{:?}", p.answer) };
        assert_eq!(rows[0].get("hospital"), Some(&text("さくら記念病院")), "{id}");
        assert_eq!(rows[0].get("name"), Some(&text("情報 太郎")), "the システム担当 answers: {id}");
        assert_eq!(rows[0].get("contact"), Some(&text("内線120")));
        assert_eq!(rows[0].get("corporation"), None, "the corporation is not on record");
        assert!(p.source.contains("法人名は記録がないため、記入してください"), "{}", p.source);
    }
    let nobody = respondent(edition(FY2023).unwrap(), "さくら記念病院", &Registers::default()).unwrap();
    assert!(nobody.source.contains("法人名・氏名・連絡先は記録がないため"), "{}", nobody.source);
}
