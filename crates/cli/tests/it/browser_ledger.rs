//! The first ledger import as a new user does it, counted: from a fresh data folder, a ledger
//! kept by hand in Excel (a cover sheet before it, a merged title, a note and a blank row above
//! the header, 「No.」 beside 「管理番号」, two columns that both name the device, 和暦 dates,
//! full-width digits, a month, 「DHCP」, 「サポート終了」 and a totals row) is uploaded, the
//! question answered and the file imported with its own 管理番号; then a changed copy comes
//! pre-mapped and each changed asset's history shows the change. The count of actions is printed.
use crate::browser::{browser_available, log_in_as_admin, screenshot, start_browser};
use crate::harness::*;
use fantoccini::{Client, Locator};
use iryosec_io::samples::{Sheet, workbook};

/// The hospital's workbook; `changes` writes over cells of the ledger sheet (row, column, text).
fn hand_made_ledger(changes: &[(u32, u16, &str)]) -> Vec<u8> {
    let cover = Sheet::new("表紙").row(1, &["情報機器台帳（〇〇病院）"]).row(3, &["作成: 医療情報課"]);
    let ledger = Sheet::new("台帳")
        .merged((1, 1), (0, 8), "情報機器台帳（〇〇病院）令和7年4月1日現在")
        .row(2, &["※ 廃棄した機器は廃棄日を記入すること"])
        .row(
            4,
            &[
                "No.",
                "管理番号",
                "機器名称",
                "ホスト名",
                "種別",
                "IPアドレス",
                "導入日",
                "サポート終了日",
                "設置部署",
            ],
        )
        .row(
            5,
            &[
                "１",
                "SV-001",
                "電子カルテサーバ",
                "EMR-SV1",
                "サーバ",
                "192.168.1.10",
                "令和３年４月１日",
                "2031年10月",
                "医療情報課",
            ],
        )
        .row(
            6,
            &["２", "PC-101", "受付端末", "UKE-PC1", "端末PC", "DHCP", "R2.10.1", "サポート終了", "医事課"],
        )
        .row(
            7,
            &[
                "３",
                "CT-01",
                "CT装置",
                "CT-WS",
                "検査機器",
                "192.168.5.21",
                "令和4年5月1日",
                "2027-03-31",
                "放射線科",
            ],
        )
        .row(9, &["合計", "", "3台"]);
    let ledger = changes.iter().fold(ledger, |sheet, (row, col, text)| sheet.set(*row, *col, text));
    workbook(&[cover, ledger])
}

#[derive(Default)]
struct Actions(Vec<String>);

async fn click(c: &Client, a: &mut Actions, css: &str) {
    c.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
    a.0.push(format!("click {css}"));
}

async fn upload(c: &Client, a: &mut Actions, url: String, file: &std::path::Path) -> String {
    c.goto(&url).await.unwrap();
    a.0.push("open 取り込み".into());
    let input = c.find(Locator::Css("input[type='file']")).await.unwrap();
    input.send_keys(&file.display().to_string()).await.unwrap();
    a.0.push("choose file".into());
    click(c, a, "form[action='/ledger/import'] button[type='submit']").await;
    c.wait().for_element(Locator::Css("#preview-found")).await.unwrap();
    c.source().await.unwrap()
}

#[tokio::test]
async fn a_hand_made_ledger_is_imported_and_reimported_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    assert!(create_admin(dir.path(), &[]).status.success());
    let first_file = dir.path().join("情報機器台帳.xlsx");
    std::fs::write(&first_file, hand_made_ledger(&[])).unwrap();
    let changed_file = dir.path().join("情報機器台帳（6月）.xlsx");
    std::fs::write(&changed_file, hand_made_ledger(&[(6, 8, "総務課"), (7, 7, "2026-03-31")])).unwrap();
    let server = Server::start(dir.path(), &["serve"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;
    let mut a = Actions::default();
    log_in_as_admin(&c, server.url("/login")).await;

    let first = upload(&c, &mut a, server.url("/ledger/import"), &first_file).await;
    assert!(first.contains("シート「台帳」の4行目を見出しとして読みました。"), "{first}");
    assert!(first.contains("台帳の項目に当たる見出しが最も多いシートです"), "{first}");
    assert!(first.contains("「名称」として読む列はどれですか。"), "{first}");
    assert!(first.contains("A 「No.」"), "{first}");
    screenshot(&c, "ledger-preview-question").await;

    click(&c, &mut a, "input[name='q_name'][value='2']").await;
    click(&c, &mut a, "#preview-questions button").await;
    c.wait().for_element(Locator::Css("#preview-ok")).await.unwrap();
    let answered = c.source().await.unwrap();
    assert!(answered.contains("その月の末日（令和13年10月31日）として読みました。"), "{answered}");
    assert!(answered.contains("アドレス割当「DHCP」として読みました。"), "{answered}");
    assert!(answered.contains("合計などの行"), "{answered}");
    screenshot(&c, "ledger-preview-ready").await;
    click(&c, &mut a, "#import-commit").await;
    c.wait().for_element(Locator::Css(".notice")).await.unwrap();
    let list = c.source().await.unwrap();
    for no in ["SV-001", "PC-101", "CT-01"] {
        assert!(list.contains(no), "the file's own 管理番号 {no}: {list}");
    }
    assert!(list.contains("サポート終了"), "the ended device is marked");

    let again = upload(&c, &mut a, server.url("/ledger/import"), &changed_file).await;
    assert!(again.contains("id=\"preview-remembered\""), "{again}");
    assert!(!again.contains("として読む列はどれですか。"), "the answer was remembered");
    screenshot(&c, "ledger-preview-remembered").await;
    click(&c, &mut a, "#import-commit").await;
    c.wait().for_element(Locator::Css(".notice")).await.unwrap();

    for (no, seen) in [("PC-101", "総務課"), ("CT-01", "令和8年3月31日")] {
        c.goto(&server.url(&format!("/ledger?q={no}"))).await.unwrap();
        a.0.push(format!("search {no}"));
        // The asset's own link, waited for: the list of the search, not the page before it.
        let own = format!("//td[contains(@class, 'nowrap')]/a[normalize-space() = '{no}']");
        c.wait().for_element(Locator::XPath(&own)).await.unwrap().click().await.unwrap();
        a.0.push(format!("open {no}"));
        c.wait().for_element(Locator::Css("#history")).await.unwrap();
        let history = c.find(Locator::Css("#history")).await.unwrap().text().await.unwrap();
        assert!(history.contains("台帳の取り込みによる変更") && history.contains(seen), "{no}: {history}");
    }
    screenshot(&c, "ledger-asset-history").await;
    c.close().await.unwrap();
    println!(
        "first ledger import and a re-import with the columns remembered: {} actions after logging in",
        a.0.len()
    );
    assert!(a.0.len() <= 20, "{:?}", a.0);
}
