//! The first inputs of every fuzz target: small files of the kinds people hand in, made with
//! the product's own writers where it has one (ledger, registers, assessment sheet, edition
//! template, bundles) and written out here where it reads what other programs make (account
//! exports, rosters, CSV in each encoding). `scripts/fuzz seed` writes them to
//! `fuzz/corpus/<target>/`.

use crate::assessment_bundle::{BundleHead, InstitutionRef, to_bundle};
use crate::assessment_sheet::{SheetHead, csv_cell};
use crate::survey_bundle::{SurveyBundle, SurveyEditionRef, write_survey_bundle};
use iryosec_core::assessment::{Answer, Slot, YesNo};
use iryosec_core::catalog::{self, Edition};
use iryosec_core::date::DateStyle;
use iryosec_core::ledger::{Asset, AssetKind};
use iryosec_core::register::{Input, Record, Register, parse_record};
use std::collections::BTreeMap;
use time::macros::date;

/// One seed: the target it is for, a file name, its bytes.
pub type Seed = (&'static str, String, Vec<u8>);

/// Every seed of every target.
pub fn seeds() -> Vec<Seed> {
    let mut out = Vec::new();
    tables(&mut out);
    registers(&mut out);
    accounts(&mut out);
    dates(&mut out);
    definitions(&mut out);
    conditions(&mut out);
    bundles(&mut out);
    workbooks(&mut out);
    out
}

fn add(out: &mut Vec<Seed>, target: &'static str, name: &str, bytes: impl Into<Vec<u8>>) {
    out.push((target, name.to_owned(), bytes.into()));
}

const LEDGER_CSV: &str = "管理番号,機器名,種別,メーカー,IPアドレス,導入日,サポート終了日,患者情報\r\n\
PC-001,受付端末,端末PC,富士通,192.168.10.21,令和3年4月1日,2031/3/31,はい\r\n\
SV-01,\"電子カルテ\nサーバ\",サーバ,NEC,10.0.0.5,R2.10.1,２０３０－０９－３０,あり\r\n\
\r\n\
FW-1,UTM,ファイアウォール,Fortinet,192.168.0.1,2020-04-01,,いいえ\r\n";

fn sample_assets() -> Vec<Asset> {
    let asset = |no: &str, name: &str, kind| Asset {
        asset_no: no.to_owned(),
        name: name.to_owned(),
        kind: Some(kind),
        maker: "富士通".to_owned(),
        introduced_on: Some(date!(2021 - 04 - 01)),
        ..Asset::default()
    };
    vec![asset("PC-001", "受付端末", AssetKind::Terminal), asset("VPN-1", "VPN装置", AssetKind::Vpn)]
}

/// The table reader and the ledger: CSV in every encoding and line ending, and workbooks.
fn tables(out: &mut Vec<Seed>) {
    let sjis = encoding_rs::SHIFT_JIS.encode(LEDGER_CSV).0.into_owned();
    let bom = [b"\xef\xbb\xbf".as_slice(), LEDGER_CSV.as_bytes()].concat();
    let old_mac = LEDGER_CSV.replace("\r\n", "\r");
    let assets = sample_assets();
    let xlsx = crate::ledger_sheet::write_xlsx(&assets, DateStyle::Wareki).unwrap_or_default();
    for target in ["table", "ledger"] {
        add(out, target, "utf8.csv", LEDGER_CSV);
        add(out, target, "bom.csv", bom.clone());
        add(out, target, "shift_jis.csv", sjis.clone());
        add(out, target, "cr.csv", old_mac.clone());
        add(out, target, "ledger.xlsx", xlsx.clone());
    }
    add(out, "ledger", "export.csv", crate::ledger_sheet::write_csv(&assets));
    add(out, "ledger", "bad_rows.csv", "管理番号,機器名,種別\nA,端末,謎の機器\nA,端末,サーバ\n,,サーバ\n");
    add(out, "table", "quoted.csv", "a,\"b\"\"c\",\"d\re\"\n1,2\n");
}

/// A value each kind of register field accepts.
fn sample_value(input: Input) -> String {
    match input {
        Input::Text(_) => "電子カルテ".to_owned(),
        Input::Long => "一行目\n二行目".to_owned(),
        Input::Date => "令和7年4月1日".to_owned(),
        Input::YesNo => "はい".to_owned(),
        Input::Number(low, _) => low.to_string(),
        Input::Choice(choices) => choices.first().map(|c| c.ja.to_owned()).unwrap_or_default(),
        Input::List => "A、B".to_owned(),
    }
}

/// Each register's export, as CSV (every register) and as a workbook (systems).
fn registers(out: &mut Vec<Seed>) {
    for register in Register::ALL {
        let fields = register.fields();
        let record: Option<Record> = parse_record(register, &|code| {
            register.field(code).map(|f| sample_value(f.input)).unwrap_or_default()
        })
        .ok();
        let records: Vec<Record> = record.into_iter().collect();
        let csv = crate::register_sheet::write_csv(register, &records);
        add(out, "registers", &format!("{}.csv", register.code()), csv);
        if register == Register::Systems {
            let xlsx =
                crate::register_sheet::write_xlsx(register, &records, DateStyle::Wareki).unwrap_or_default();
            add(out, "registers", "systems.xlsx", xlsx);
        }
        if register == Register::Vendors {
            let headers: Vec<String> = fields.iter().map(|f| csv_cell(f.label_ja())).collect();
            add(out, "registers", "vendors_header_only.csv", headers.join(","));
        }
    }
}

/// Account exports (Active Directory, an electronic medical record), staff rosters, and an
/// aggregation's roster of institutions.
fn accounts(out: &mut Vec<Seed>) {
    let ad = "SamAccountName,DisplayName,Enabled,LastLogonDate,EmployeeID\r\n\
tanaka,田中 一郎,True,2025/04/01 9:15,0001\r\n\
suzuki,鈴木 花子,False,,0002\r\n\
admin,Administrator,True,2024-12-01T08:00:00,\r\n";
    let emr = "ログインID,利用者名,有効,最終ログイン日時,職員番号\n\
u0001,田中 一郎,有効,令和7年4月1日,０００１\n\
u0002,鈴木 花子,無効,R6.3.31,0002\n";
    let roster = "職員番号,氏名,部署,入職日,退職日,休職\n\
0001,田中 一郎,事務部,2010-04-01,,\n\
0002,鈴木 花子,看護部,2015/4/1,令和7年3月31日,\n\
0003,山田 次郎,医事課,H24.4.1,,はい\n";
    let institutions = "医療機関コード,名称,都道府県,病床数\n\
1312345678,東京中央病院,東京都,350\n\
2712345678,大阪北クリニック,27,0\n";
    add(out, "accounts", "ad.csv", ad);
    add(out, "accounts", "emr.csv", emr);
    add(out, "accounts", "roster.csv", roster);
    add(out, "accounts", "roster_shift_jis.csv", encoding_rs::SHIFT_JIS.encode(roster).0.into_owned());
    add(out, "accounts", "institutions.csv", institutions);
}

fn dates(out: &mut Vec<Seed>) {
    let written = [
        "令和7年5月16日",
        "令和元年5月1日",
        "平成31年4月30日",
        "昭和64年1月7日",
        "明治6年1月1日",
        "R7.5.16",
        "h31/4/30",
        "2025/5/16",
        "2025-05-16",
        "2025年5月16日",
        "２０２５／５／１６",
        "令和７年５月１６日",
    ];
    for (i, text) in written.iter().enumerate() {
        add(out, "date", &format!("date{i:02}.txt"), *text);
    }
}

const SMALL_CHECKLIST: &str = r#"format = 1
id = "example-r8-hospital-pharmacy"
kind = "checklist"
title = "医療機関・薬局におけるサイバーセキュリティ対策チェックリスト（令和8年度版）"
fiscal_year = 2026
sheet = "hospital_pharmacy"
confirmations = 1

[[sections]]
number = "2"
title = "医療情報システムの管理・運用"

[[items]]
number = "2-⑤"
key = "access.remove_unneeded_accounts"
section = "2"
title = "退職者や使用していないアカウント等、不要なアカウントを削除している。"
scopes = ["server", "terminal"]
due = 2026
verification = "unverified"
"#;

const SMALL_SURVEY: &str = r#"format = 1
id = "example-survey"
kind = "survey"
title = "調査"
fiscal_year = 2025
issued = "2026-01-31"
period_start = "2026-02-01"
period_end = "2026-03-08"
source = "例"

[[questions]]
id = "Q1"
text = "VPN 機器を使っているか。"
answer = { type = "yes_no" }

[[questions]]
id = "Q2"
text = "機器"
show_if = { yes = "Q1" }

[questions.answer]
type = "table"
min_rows = 0
columns = [
  { id = "maker", label = "メーカー", answer = { type = "text" } },
  { id = "count", label = "台数", answer = { type = "number", min = 1, unit = "台" } },
]

[[questions]]
id = "Q3"
text = "確認したか。"
answer = { type = "yes_no" }
show_if = { and = [{ any_row = "Q2", where = { column = "maker", equals = "Fortinet" } }, { not = { no = "Q1" } }] }
"#;

fn definitions(out: &mut Vec<Seed>) {
    add(out, "checklist_definition", "small.toml", SMALL_CHECKLIST);
    if let Some((name, text)) = catalog::builtin::FILES.first() {
        add(out, "checklist_definition", name, *text);
    }
    add(out, "survey_definition", "small.toml", SMALL_SURVEY);
    if let Some((name, text)) = iryosec_core::survey::builtin::FILES.last() {
        add(out, "survey_definition", name, *text);
    }
}

fn conditions(out: &mut Vec<Seed>) {
    let cases = [
        r#"{"condition": {"yes": "Q1"}, "answers": {"Q1": true}}"#,
        r#"{"condition": {"question": "Q8", "in": [1, 2, "その他"]}, "answers": {"Q8": 2}}"#,
        r#"{"condition": {"question": "Q6", "contains": 3}, "answers": {"Q6": [1, 3]}}"#,
        r#"{"condition": {"any_row": "Q15", "where": {"or": [{"column": "maker", "equals": "Fortinet"}, {"not": {"column": "count", "equals": 0}}]}}, "answers": {"Q15": [{"maker": "ＦＯＲＴＩＮＥＴ", "count": 2}]}}"#,
        r#"{"condition": {"and": [{"no": "Q2"}, {"or": [{"question": "Q3", "equals": -1}, {"not": {"yes": "Q4"}}]}]}, "answers": {"Q2": false, "Q3": "text"}}"#,
    ];
    for (i, case) in cases.iter().enumerate() {
        add(out, "survey_condition", &format!("condition{i}.json"), *case);
    }
}

fn institution() -> InstitutionRef {
    InstitutionRef {
        name: "東京中央病院".to_owned(),
        kind: "hospital".to_owned(),
        prefecture: 13,
        medical_code: Some("1312345678".to_owned()),
        beds: Some(350),
    }
}

/// A few answers to the first items of an edition.
fn sample_answers(edition: &Edition) -> BTreeMap<Slot, Answer> {
    let mut answers = BTreeMap::new();
    for (i, item) in edition.items.iter().take(3).enumerate() {
        let value = if i % 2 == 0 { YesNo::Yes } else { YesNo::No };
        let answer = Answer {
            value: Some(value),
            confirmed: [Some(date!(2025 - 05 - 16)), None],
            target: (value == YesNo::No).then_some(date!(2026 - 03 - 31)),
            note: "備考".to_owned(),
            confirmed_by: "情報 太郎".to_owned(),
            draft: i == 2,
        };
        for scope in item.slots() {
            answers.insert(Slot::new(&item.key, scope), answer.clone());
        }
    }
    answers
}

fn bundles(out: &mut Vec<Seed>) {
    if let Some(edition) = catalog::builtin::editions().last() {
        let head = BundleHead {
            exported_at: "2025-06-01T09:00:00+09:00".to_owned(),
            institution: institution(),
            fiscal_year: edition.fiscal_year,
            vendor_contract: true,
            evidence: Vec::new(),
        };
        let bundle = to_bundle(head, edition, &sample_answers(edition));
        let json = serde_json::to_vec_pretty(&bundle).unwrap_or_default();
        add(out, "assessment_bundle", "assessment.json", json.clone());
        add(out, "aggregate_submission", "assessment.json", json);
    }
    if let Some(edition) = iryosec_core::survey::builtin::editions().last() {
        let answers = serde_json::json!({
            "Q1": [{"name": "情報 太郎", "corporation": "医療法人 中央会", "hospital": "東京中央病院", "contact": "03-0000-0000"}],
            "Q2": true,
            "Q3": false,
            "Q6": [1, 2],
        });
        let bundle = SurveyBundle {
            format: crate::survey_bundle::FORMAT.to_owned(),
            version: crate::survey_bundle::VERSION,
            exported_at: "2025-06-01".to_owned(),
            institution: institution(),
            fiscal_year: edition.fiscal_year,
            edition: SurveyEditionRef {
                id: edition.id.clone(),
                title: edition.title.clone(),
                fiscal_year: edition.fiscal_year,
            },
            answers: answers.as_object().cloned().unwrap_or_default(),
            confirmed: vec!["Q2".to_owned()],
            sources: BTreeMap::from([("Q2".to_owned(), "規程・文書".to_owned())]),
            complete: false,
        };
        let json = write_survey_bundle(&bundle);
        add(out, "survey_bundle", "survey.json", json.clone());
        add(out, "survey_bundle", "answers.json", serde_json::to_vec_pretty(&answers).unwrap_or_default());
        add(out, "aggregate_submission", "survey.json", json);
    }
}

/// The edition template (blank and filled) and an assessment's sheet.
fn workbooks(out: &mut Vec<Seed>) {
    let Some(edition) = catalog::parse_toml(SMALL_CHECKLIST).ok() else { return };
    let blank = crate::edition_xlsx::write_template(None).unwrap_or_default();
    let filled = crate::edition_xlsx::write_template(Some(&edition)).unwrap_or_default();
    add(out, "edition_template", "blank.xlsx", blank);
    add(out, "edition_template", "small.xlsx", filled);
    let head = SheetHead {
        institution: "東京中央病院".to_owned(),
        fiscal_year_label: "令和8年度".to_owned(),
        edition_id: edition.id.clone(),
        edition_title: edition.title.clone(),
        second_check: edition.confirmations >= 2,
        date_style: DateStyle::Wareki,
        extra: Vec::new(),
    };
    let rows = crate::assessment_sheet::rows(&edition, &sample_answers(&edition), &|_| false);
    let sheet = crate::assessment_sheet::write_xlsx(&head, &rows).unwrap_or_default();
    add(out, "assessment_sheet", "small.xlsx", sheet);
}
