//! The inspector's copy in a real browser: for every shipped edition an assessment can use,
//! the print view is laid out as Chromium prints it on A4 (print media, the width inside the
//! page margins) and no cell's text may run out of its cell or over its neighbour; and the
//! PDF Chromium prints has more than one page, each with the running header and its number.
use crate::browser::{Visit, screenshot};
use crate::harness::*;
use crate::pdf_text;
use fantoccini::Client;
use fantoccini::wd::{PrintConfiguration, PrintOrientation, PrintSize};
use iryosec_core::catalog::{Edition, Sheet, builtin};
use serde_json::{Value, json};
use std::io::{Read, Write};

/// A4 less the 12 mm side margins of `@page`, in CSS pixels: 186 mm.
const A4_CONTENT_WIDTH: u32 = 703;

/// The longest things a person writes: a note without spaces to break at, a long name.
const LONG_NOTE: &str = "ログ保管装置の導入を令和8年度予算で計画中。保守事業者と仕様を調整している。\
    参照: https://example.invalid/iryosec/very/long/path/without/any/break/0123456789abcdef";
const LONG_NAME: &str = "医療情報システム安全管理責任者代理 山田太郎左衛門";

/// Every shipped edition an institution answers (the vendor sheets go to vendors).
fn editions() -> Vec<&'static Edition> {
    builtin::editions().iter().filter(|e| e.sheet != Sheet::Vendor).collect()
}

/// A bundle answering every slot, in turns いいえ with a 目標日, はい, and a carried draft.
fn bundle(edition: &Edition) -> Value {
    let year = edition.fiscal_year;
    let mut answers = Vec::new();
    for (n, (item, scope)) in
        edition.items.iter().flat_map(|i| i.slots().into_iter().map(move |s| (i, s))).enumerate()
    {
        let (answer, target, draft) = match (item.gate, n % 3) {
            (true, _) | (_, 1) => ("yes", Value::Null, false),
            (_, 0) => ("no", json!(format!("{}-03-31", year + 1)), false),
            _ => ("no", json!(format!("{}-03-31", year + 1)), true),
        };
        let second = if edition.confirmations >= 2 { json!(format!("{year}-12-28")) } else { Value::Null };
        answers.push(json!({
            "key": item.key, "number": item.number, "title": item.title,
            "scope": scope.map(|s| s.code()), "answer": answer,
            "confirmed_1": format!("{year}-11-30"), "confirmed_2": second, "target": target,
            "note": LONG_NOTE, "confirmed_by": LONG_NAME, "draft": draft,
        }));
    }
    json!({
        "format": "iryosec-assessment", "version": 1, "exported_at": "2026-12-01T10:00:00+09:00",
        "institution": { "name": "さくら記念病院", "kind": "hospital", "prefecture": 13, "medical_code": null },
        "fiscal_year": year,
        "edition": { "id": edition.id, "title": edition.title, "sheet": edition.sheet.code(), "fiscal_year": year },
        "vendor_contract": true, "answers": answers, "evidence": [],
    })
}

/// An institution (its administrator already made) with one assessment per edition (ids 1, 2,
/// … in the order of `editions()`).
fn every_edition(dir: &std::path::Path) {
    for e in editions() {
        let file = dir.join(format!("{}.json", e.id));
        std::fs::write(&file, bundle(e).to_string()).unwrap();
        let out = run(dir, &["assessment", "import", file.to_str().unwrap()], "");
        assert!(out.status.success(), "{}: {}", e.id, stderr(&out));
    }
}

/// Runs one of Chromium's DevTools commands through chromedriver and reads its status line.
fn devtools(port: u16, session: &str, cmd: &str, params: Value) {
    let body = json!({ "cmd": cmd, "params": params }).to_string();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    write!(
        s,
        "POST /session/{session}/goog/cdp/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut status = [0u8; 12];
    s.read_exact(&mut status).unwrap();
    assert_eq!(&status, b"HTTP/1.1 200", "{cmd}");
}

/// Lays the page out as on A4 paper: print media, the width inside the margins.
async fn as_on_a4(c: &Client, port: u16) {
    let session = c.session_id().await.unwrap().unwrap();
    devtools(port, &session, "Emulation.setEmulatedMedia", json!({ "media": "print" }));
    let metrics =
        json!({ "width": A4_CONTENT_WIDTH, "height": 1100, "deviceScaleFactor": 1, "mobile": false });
    devtools(port, &session, "Emulation.setDeviceMetricsOverride", metrics);
}

/// Every cell whose text runs out of it (wider than its box, or drawn outside it), every date
/// broken over two lines, and every cell that overlaps the one before it in its row, in words.
const OVERFLOWS: &str = r#"
const bad = [];
const cells = document.querySelectorAll('table.print-table td, table.print-table th, table.print-meta td, table.print-meta th, .running-head');
for (const cell of cells) {
  const box = cell.getBoundingClientRect();
  const text = cell.textContent.trim().slice(0, 30);
  if (cell.scrollWidth > cell.clientWidth + 1) { bad.push('wider than its cell: ' + text); continue; }
  const range = document.createRange();
  range.selectNodeContents(cell);
  for (const r of range.getClientRects()) {
    if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1)) {
      bad.push('drawn outside its cell: ' + text); break;
    }
  }
}
for (const cell of document.querySelectorAll('table.print-table .date')) {
  const range = document.createRange();
  range.selectNodeContents(cell);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  if (tops.size > 1) bad.push('a date broken over lines: ' + cell.textContent.trim());
}
for (const row of document.querySelectorAll('table.print-table tr')) {
  const boxes = [...row.children].map(c => c.getBoundingClientRect());
  for (let i = 1; i < boxes.length; i++) {
    if (boxes[i].left < boxes[i - 1].right - 1) bad.push('overlaps its neighbour: ' + row.children[i].textContent.trim().slice(0, 30));
  }
}
return [bad, cells.length];
"#;

#[tokio::test]
async fn no_text_runs_out_of_its_cell_on_the_a4_print_of_any_edition() {
    let Some((v, c)) = Visit::as_admin(every_edition).await else { return };
    as_on_a4(&c, v.driver.port).await;
    for (id, edition) in (1..).zip(editions()) {
        c.goto(&v.url(&format!("/assessments/{id}/print"))).await.unwrap();
        let title = c.find(fantoccini::Locator::Css("h1")).await.unwrap().text().await.unwrap();
        assert_eq!(title, edition.title, "assessment {id} is the edition's");
        let found = c.execute(OVERFLOWS, vec![]).await.unwrap();
        let cells = found[1].as_u64().unwrap();
        assert!(cells > 100, "{}: the cells were measured ({cells})", edition.id);
        assert_eq!(found[0], json!([]), "{}: text runs out of its cell in print", edition.id);
        screenshot(&c, &format!("print-a4-{}", edition.id)).await;
    }
    c.close().await.unwrap();
}

#[tokio::test]
async fn chromium_prints_the_copy_on_several_a4_pages_each_with_its_header_and_number() {
    let Some((v, c)) = Visit::as_admin(every_edition).await else { return };
    let r7 = editions().iter().position(|e| e.id == "mhlw-checklist-r7-hospital").unwrap() + 1;
    c.goto(&v.url(&format!("/assessments/{r7}/print"))).await.unwrap();
    let a4 = PrintConfiguration::builder().size(PrintSize { width: 21.0, height: 29.7 }).build().unwrap();
    let pdf = c.print(a4).await.unwrap();
    let pdf_dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../browser-screenshots");
    std::fs::create_dir_all(&pdf_dir).unwrap();
    std::fs::write(pdf_dir.join("print-r7-hospital.pdf"), &pdf).unwrap();
    let pages = pdf_text::pages(&pdf);
    assert!(pages.len() > 1, "a full edition takes more than one page: {}", pages.len());
    let count = pages.len();
    for (n, text) in (1..).zip(&pages) {
        assert!(
            text.contains("さくら記念病院") && text.contains("令和7年度"),
            "page {n} has the header: {text}"
        );
        assert!(text.contains(&format!("{n} / {count}")), "page {n} is numbered: {text}");
    }
    assert!(pages[1].contains("番号") && pages[1].contains("区分"), "the column heads repeat: {}", pages[1]);
    assert!(
        pages[count - 1].contains("確認欄 上記の内容を確認しました。"),
        "the signature box is printed: {}",
        pages[count - 1]
    );
    c.close().await.unwrap();
}

/// Ten contacts, each with both numbers and a mail address: five in the hospital, two vendors,
/// three outside bodies.
const TEN_CONTACTS: &str = "役割,氏名・名称,所属・組織,電話番号,夜間・休日の連絡先,メールアドレス,連絡順\n\
経営層,桜井 花子（院長）,さくら記念病院,内線100,090-0000-0100,director@example.invalid,1\n\
医療情報システム安全管理責任者,医療 一郎（事務長）,さくら記念病院,内線110,090-0000-0110,jimu@example.invalid,2\n\
システム担当,情報 太郎,情報システム室,内線120,090-0000-0120,it@example.invalid,3\n\
部署の連絡担当,看護部長 山本 由美,看護部,内線200,090-0000-0200,kango@example.invalid,4\n\
部署の連絡担当,医事課長 佐藤 健,医事課,内線300,090-0000-0300,iji@example.invalid,5\n\
事業者（保守窓口）,みどり医療システム 保守窓口,みどり医療システム株式会社,03-0000-1111,0120-000-111,support@example.invalid,6\n\
事業者（保守窓口）,ひかりネット ネットワーク保守,ひかりネット株式会社,03-0000-3333,0120-000-333,noc@example.invalid,7\n\
厚生労働省,医政局 特別対策室,厚生労働省,03-5253-1111,,,8\n\
都道府県・保健所,医療安全課,東京都保健医療局,03-5320-0000,,,9\n\
警察（サイバー犯罪相談窓口）,サイバー犯罪相談窓口,警視庁,03-3431-8109,,,10\n";

#[tokio::test]
async fn the_contact_chart_of_ten_contacts_prints_on_one_a4_page() {
    let import = |dir: &std::path::Path| {
        std::fs::write(dir.join("contacts.csv"), TEN_CONTACTS).unwrap();
        let out = run(dir, &["registers", "import", "contacts", "contacts.csv"], "");
        assert!(out.status.success(), "{}", stderr(&out));
    };
    let Some((v, c)) = Visit::as_admin(import).await else { return };
    c.goto(&v.url("/contact-chart")).await.unwrap();
    let a4 = PrintConfiguration::builder()
        .size(PrintSize { width: 21.0, height: 29.7 })
        .orientation(PrintOrientation::Landscape)
        .build()
        .unwrap();
    let pdf = c.print(a4).await.unwrap();
    let pdf_dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../browser-screenshots");
    std::fs::create_dir_all(&pdf_dir).unwrap();
    std::fs::write(pdf_dir.join("contact-chart.pdf"), &pdf).unwrap();
    let pages = pdf_text::pages(&pdf);
    assert_eq!(pages.len(), 1, "the chart and its list fit one page: {pages:?}");
    for name in ["桜井", "医事課", "ひかりネット", "警視庁"] {
        assert!(pages[0].contains(name), "{name} is on the page: {}", pages[0]);
    }
    c.close().await.unwrap();
}
