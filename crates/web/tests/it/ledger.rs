//! The asset ledger's pages: form, list, detail with history, import with preview, export.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::role::Role;

#[tokio::test]
async fn an_asset_is_registered_found_changed_and_its_history_kept() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let bad = c
        .post_form(
            &t,
            "/ledger/new",
            "/ledger/new",
            &[("asset_no", "SV-001"), ("name", ""), ("kind", "サーバ"), ("ip", "1.2.3.999")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("入力してください") && bad.body.contains("IP アドレスとして読めません"),
        "{}",
        bad.body
    );
    let ok = c
        .post_form(
            &t,
            "/ledger/new",
            "/ledger/new",
            &[
                ("asset_no", "SV-001"),
                ("name", "電子カルテサーバ"),
                ("kind", "サーバ"),
                ("zone", "閉域"),
                ("introduced_on", "2019-04-01"),
                ("remote_maintenance", "はい"),
            ],
        )
        .await;
    let at = ok.location().split('?').next().unwrap().to_owned();
    assert!(at.starts_with("/ledger/"), "{}", ok.body);
    let taken = c
        .post_form(
            &t,
            "/ledger/new",
            "/ledger/new",
            &[("asset_no", "SV-001"), ("name", "別"), ("kind", "サーバ")],
        )
        .await;
    assert!(taken.body.contains("この管理番号はすでに使われています"));

    let list = c.get(&t, "/ledger?q=カルテ").await;
    assert!(list.body.contains("電子カルテサーバ") && list.body.contains("1件"));
    assert!(c.get(&t, "/ledger?q=PACS").await.body.contains("登録された機器はありません"));

    let edit = format!("{at}/edit");
    let form = c.get(&t, &edit).await;
    assert!(form.body.contains("value=\"2019-04-01\""));
    c.post_form(
        &t,
        &edit,
        &edit,
        &[
            ("asset_no", "SV-001"),
            ("name", "電子カルテサーバ"),
            ("kind", "サーバ"),
            ("zone", "閉域"),
            ("introduced_on", "2019-04-01"),
            ("remote_maintenance", "はい"),
            ("patch_status", "最新"),
        ],
    )
    .await;
    let show = c.get(&t, &at).await;
    assert!(show.body.contains("機器の変更") && show.body.contains("機器の登録"), "{}", show.body);
    assert!(show.body.contains("パッチ状況: — → 最新"), "{}", show.body);
}

#[tokio::test]
async fn a_spreadsheet_is_previewed_corrected_and_imported() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let csv =
        "番号,機器名,種類,所在\r\nSV-001,電子カルテ,サーバー,サーバ室\r\nPC-101,受付PC,端末,1階受付\r\n";
    let csrf = c.get(&t, "/ledger/import").await.csrf();
    let staged = c.upload(&t, "/ledger/import", &csrf, "台帳.csv", csv.as_bytes()).await;
    let preview_url = staged.location().to_owned();
    assert!(preview_url.starts_with("/ledger/import/"), "{}", staged.body);
    let preview = c.get(&t, &preview_url).await;
    // 所在 is not a known header: the person maps it to 設置場所 and checks again.
    assert!(preview.body.contains("id=\"preview-ok\""), "{}", preview.body);
    assert!(preview.body.contains("<option value=\"asset_no\" selected>"));
    assert!(
        preview.body.contains("<td class=\"small nowrap\">推定</td>"),
        "番号 is a guess: {}",
        preview.body
    );
    let remapped = c.get(&t, &format!("{preview_url}?header_row=1&at=1%40&col_3=location")).await;
    assert!(remapped.body.contains("<option value=\"location\" selected>"), "{}", remapped.body);
    assert!(remapped.body.contains("<td class=\"small nowrap\">指定</td>"));
    let commit = c
        .post_form(
            &t,
            &format!("{preview_url}?header_row=1&at=1%40&col_3=location"),
            &preview_url,
            &[("header_row", "1"), ("at", "1@"), ("col_3", "location"), ("keep_3", "1")],
        )
        .await;
    assert!(commit.location().starts_with("/ledger?notice=ledger.imported"), "{}", commit.body);
    let list = c.get(&t, "/ledger").await;
    assert!(list.body.contains("1階受付") && list.body.contains("2件"));
    let (_, xlsx) = c.download(&t, "/ledger/export.xlsx").await;
    assert!(xlsx.starts_with(b"PK"));
    let (_, csv_out) = c.download(&t, "/ledger/export.csv").await;
    // 管理番号, 名称, 種別, メーカー, 型番, シリアル番号, then 設置場所.
    assert!(String::from_utf8(csv_out).unwrap().contains("PC-101,受付PC,端末PC,,,,1階受付"));
}

#[tokio::test]
async fn a_bad_spreadsheet_is_shown_row_by_row_and_nothing_is_saved() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let (sjis, _, _) = encoding_rs::SHIFT_JIS
        .encode("管理番号,名称,種別,導入日\r\nA-1,サーバ,サーバ,いつか\r\nA-2,PC,宇宙船,R3.4.1\r\n");
    let csrf = c.get(&t, "/ledger/import").await.csrf();
    let staged = c.upload(&t, "/ledger/import", &csrf, "bad.csv", &sjis).await;
    let preview = c.get(&t, staged.location()).await;
    assert!(preview.body.contains("問題が 2 件あります"), "{}", preview.body);
    assert!(preview.body.contains("<td>2</td><td class=\"nowrap\">D 導入日</td>"), "{}", preview.body);
    assert!(!preview.body.contains("id=\"import-commit\""));
    let forced = c.post_form(&t, staged.location(), staged.location(), &[]).await;
    assert!(forced.body.contains("問題が 2 件あります"), "a commit of a bad file saves nothing");
    assert!(c.get(&t, "/ledger").await.body.contains("登録された機器はありません"));
    let empty = c.upload(&t, "/ledger/import", &csrf, "empty.csv", b",,,\r\n").await;
    let shown = c.get(&t, empty.location()).await;
    assert!(shown.body.contains("ファイルに見出しもデータもありません"), "{}", shown.body);
}

/// A ledger as hospitals write it: a title and a note above the header, two columns that both
/// name the device, a month for a date and a totals row. The page shows where it read the
/// header and why, asks which column is 名称, and remembers the answer for the next upload.
#[tokio::test]
async fn a_messy_ledger_is_previewed_asked_about_and_remembered() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let csv = "情報機器台帳（さくら病院）令和7年4月1日現在,,,,\r\n※ 廃棄した機器は廃棄日を記入,,,,\r\n,,,,\r\n\
               No.,管理番号,機器名称,ホスト名,サポート終了日\r\n\
               1,SV-001,電子カルテサーバ,EMR-SV1,2029年3月\r\n2,PC-101,受付端末,UKE-PC1,サポート終了\r\n\
               合計,,2台,,\r\n";
    let csrf = c.get(&t, "/ledger/import").await.csrf();
    let staged = c.upload(&t, "/ledger/import", &csrf, "台帳.csv", csv.as_bytes()).await;
    let url = staged.location().to_owned();
    let first = c.get(&t, &url).await;
    assert!(first.body.contains("4行目を見出しとして読みました。"), "{}", first.body);
    assert!(first.body.contains("台帳の項目に当たる見出しが最も多い行です"), "{}", first.body);
    assert!(
        first.body.contains("それより上の行（1〜2行目）は表題・注記として読み飛ばします。"),
        "{}",
        first.body
    );
    assert!(first.body.contains("「名称」として読む列はどれですか。"), "{}", first.body);
    assert!(first.body.contains("<option value=\"?\" selected>"), "nothing decided silently");
    assert!(first.body.contains("A 「No.」"), "the column not taken is listed: {}", first.body);
    assert!(first.body.contains("7行目: 合計などの行（合計）のため、読み飛ばしました。"), "{}", first.body);
    assert!(!first.body.contains("id=\"import-commit\""), "a question left open is not imported");

    let answer = "header_row=4&at=4%40&col_0=&was_0=&col_1=asset_no&was_1=asset_no&col_2=%3F&was_2=%3F\
                  &col_3=%3F&was_3=%3F&col_4=support_ends_on&was_4=support_ends_on&q_name=2&qcols_name=2%2C3";
    let answered = c.get(&t, &format!("{url}?{answer}")).await;
    assert!(answered.body.contains("id=\"preview-ok\""), "{}", answered.body);
    assert!(!answered.body.contains("「名称」として読む列はどれですか。"));
    assert!(answered.body.contains("D 「ホスト名」"), "ホスト名 is now not taken: {}", answered.body);
    assert!(answered.body.contains("その月の末日（令和11年3月31日）として読みました。"), "{}", answered.body);
    let commit = c
        .post_form(
            &t,
            &format!("{url}?{answer}"),
            &url,
            &[
                ("header_row", "4"),
                ("at", "4@"),
                ("col_2", "name"),
                ("keep_2", "1"),
                ("col_3", ""),
                ("keep_3", "1"),
            ],
        )
        .await;
    assert!(commit.location().starts_with("/ledger?notice=ledger.imported"), "{}", commit.body);
    let list = c.get(&t, commit.location()).await;
    assert!(list.body.contains("列の読み取り方を記憶したので"), "{}", list.body);
    assert!(list.body.contains("SV-001") && list.body.contains("電子カルテサーバ"));

    let again = c.upload(&t, "/ledger/import", &csrf, "台帳（5月）.csv", csv.as_bytes()).await;
    let remembered = c.get(&t, again.location()).await;
    assert!(remembered.body.contains("id=\"preview-remembered\""), "{}", remembered.body);
    assert!(remembered.body.contains("前回と同じ"));
    assert!(!remembered.body.contains("として読む列はどれですか。"));
    assert!(remembered.body.contains("id=\"preview-ok\""));
}

/// Devices past or near their end of support are marked with the day on their page, and the
/// home page counts them with a link to the list filtered by each mark.
#[tokio::test]
async fn marks_show_on_the_asset_and_are_counted_at_home() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    // The clock stands at 令和7年5月16日; the 年度 ends 令和8年3月31日.
    let csv = "管理番号,名称,種別,サポート終了日,最終確認日\r\n\
               PC-1,受付端末,端末PC,2025-10-14,2025-05-01\r\n\
               CT-1,CT装置,医療機器,サポート終了,2025-05-01\r\n\
               SV-1,サーバ,サーバ,2030-03-31,\r\n";
    let csrf = c.get(&t, "/ledger/import").await.csrf();
    let staged = c.upload(&t, "/ledger/import", &csrf, "台帳.csv", csv.as_bytes()).await;
    let commit = c.post_form(&t, staged.location(), staged.location(), &[]).await;
    assert!(commit.location().starts_with("/ledger?notice=ledger.imported"), "{}", commit.body);

    let home = c.get(&t, "/").await;
    assert!(
        home.body.contains("<a href=\"/ledger?mark=support_ended\">サポート終了 1台</a>"),
        "{}",
        home.body
    );
    assert!(home.body.contains("<a href=\"/ledger?mark=support_ending\">今年度中にサポート終了 1台</a>"));
    assert!(home.body.contains("<a href=\"/ledger?mark=unconfirmed\">1年以上未確認 1台</a>"));
    let ended = c.get(&t, "/ledger?mark=support_ended").await;
    assert!(ended.body.contains("CT装置") && !ended.body.contains("受付端末"), "{}", ended.body);

    let list = c.get(&t, "/ledger?q=PC-1").await;
    let href = list.body.split("<a href=\"/ledger/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let pc = c.get(&t, &format!("/ledger/{href}")).await;
    assert!(pc.body.contains("期限間近（令和7年10月14日にサポート終了）"), "{}", pc.body);
    let list = c.get(&t, "/ledger?q=CT-1").await;
    let href = list.body.split("<a href=\"/ledger/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let ct = c.get(&t, &format!("/ledger/{href}")).await;
    assert!(ct.body.contains("サポート終了（終了日は不明）"), "{}", ct.body);
}
