//! The yearly checklist as a person does it, counted: from a fresh install with a small ledger,
//! the 令和7年度 医療機関確認用 checklist (22 answers) is started, answered on the one-page form
//! (suggestions adopted in bulk, a few answers changed, the rest by keyboard) and printed. Every
//! click, answer key, typed field and page the person opens is one action; the count is printed
//! and must stay within 40.
use crate::browser::{browser_available, fill, log_in_as_admin, screenshot, start_browser};
use crate::harness::*;
use fantoccini::{Client, Locator};

/// A small hospital's ledger, kept up to date.
const LEDGER: &str = "管理番号,名称,種別,パッチ適用状況,USB制限,アクセスログ,不要サービス停止,接続元制限,リモート保守,最終確認日\n\
SV-001,電子カルテサーバ,サーバ,適用済み,はい,はい,はい,はい,いいえ,2026-11-01\n\
PC-001,受付端末,端末,適用済み,はい,はい,はい,はい,いいえ,2026-11-01\n\
NW-001,院内ルータ,ルータ,適用済み,はい,はい,はい,はい,いいえ,2026-11-01\n";

/// What the person did, one by one.
#[derive(Default)]
struct Actions(Vec<String>);

impl Actions {
    fn did(&mut self, what: impl Into<String>) {
        self.0.push(what.into());
    }
}

async fn click(c: &Client, a: &mut Actions, css: &str) {
    c.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
    a.did(format!("click {css}"));
}

async fn select(c: &Client, a: &mut Actions, css: &str, value: &str) {
    c.find(Locator::Css(css)).await.unwrap().select_by_value(value).await.unwrap();
    a.did(format!("choose {value}"));
}

/// A date typed into a date field (set directly: typing into Chromium's date widget depends on
/// the locale).
async fn type_date(c: &Client, a: &mut Actions, name: &str, date: &str) {
    let js = format!("document.querySelector(\"input[name='{name}']\").value = '{date}';");
    c.execute(&js, vec![]).await.unwrap();
    a.did(format!("type {name}"));
}

/// The rows of the form still without an answer.
async fn open_rows(c: &Client) -> usize {
    let n = c
        .execute(
            "return [...document.querySelectorAll('tr[data-slot]')]
                .filter(r => r.querySelector('[data-answer]') && !r.querySelector('[data-answer]:checked')).length;",
            vec![],
        )
        .await
        .unwrap();
    n.as_u64().unwrap() as usize
}

#[tokio::test]
async fn the_yearly_checklist_is_answered_and_printed_in_few_actions_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    assert!(create_admin(dir.path(), &[]).status.success());
    std::fs::write(dir.path().join("ledger.csv"), LEDGER).unwrap();
    let imported = run(dir.path(), &["ledger", "import", "ledger.csv"], "");
    assert!(imported.status.success(), "{}", stderr(&imported));
    let server = Server::start(dir.path(), &["serve"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;
    let mut a = Actions::default();

    log_in_as_admin(&c, server.url("/login")).await;
    let login = 4; // open, login id, password, log in

    c.goto(&server.url("/assessments")).await.unwrap();
    a.did("open 自己点検");
    select(&c, &mut a, "#fiscal_year", "2025").await;
    select(&c, &mut a, "#edition_id", "mhlw-checklist-r7-hospital").await;
    click(&c, &mut a, "#start-assessment").await;
    c.wait().for_element(Locator::Css("#answer-link")).await.unwrap();
    click(&c, &mut a, "#answer-link").await;
    c.wait().for_element(Locator::Css("#answer-sheet")).await.unwrap();
    assert_eq!(c.find_all(Locator::Css("tr[data-slot]")).await.unwrap().len(), 22, "22 answers");

    // Every suggestion that says はい or いいえ, at once, after one look at the list.
    click(&c, &mut a, "#adopt-link").await;
    c.wait().for_element(Locator::Css("#adopt-plan")).await.unwrap();
    screenshot(&c, "answer-adopt").await;
    click(&c, &mut a, "#adopt-confirm").await;
    c.wait().for_element(Locator::Css("#answer-sheet")).await.unwrap();
    let after_adopting = open_rows(&c).await;
    assert!(after_adopting < 22, "suggestions were adopted");

    // The rest by keyboard: the first open row has the focus; Y answers it and moves on.
    for _ in 0..after_adopting {
        c.active_element().await.unwrap().send_keys("y").await.unwrap();
        a.did("key Y");
    }
    assert_eq!(open_rows(&c).await, 0, "every row answered");

    // A person knows better on two: their own judgement, with its reason and its plan.
    for (row, note) in [
        ("auth.two_factor.general", "二要素認証は来年度導入"),
        ("media.usb_restriction.general", "検査部門の端末が未対応"),
    ] {
        click(&c, &mut a, &format!("input[name='{row}.value'][value='no']")).await;
        type_date(&c, &mut a, &format!("{row}.target"), "2026-03-31").await;
        fill(&c, &format!("input[name='{row}.note']"), note).await;
        a.did(format!("type {row}.note"));
    }
    screenshot(&c, "answer-sheet").await;
    click(&c, &mut a, "#sheet-save").await;
    c.wait().for_element(Locator::Css("#differences")).await.unwrap();
    let saved = c.source().await.unwrap();
    assert!(saved.contains("回答を保存しました"), "{saved}");
    assert!(saved.contains("検査部門の端末が未対応"), "the differing answer is listed with its reason");

    click(&c, &mut a, "#print-link").await;
    c.wait().for_element(Locator::Css("#print-institution")).await.unwrap();
    let print = c.source().await.unwrap();
    assert!(print.contains("二要素認証は来年度導入"));
    screenshot(&c, "answer-print").await;
    c.close().await.unwrap();

    let answering = a.0.len();
    println!(
        "令和7年度 医療機関確認用 (22 answers): {answering} actions from the checklist list to the print copy \
         ({} with logging in); {after_adopting} answered by keyboard after adopting the suggestions",
        answering + login
    );
    assert!(answering <= 40, "{answering} actions: {:?}", a.0);
}
