//! G-MIS 調査の回答 through the router: branching without JavaScript, answers dropped with a
//! notice, validation messages, answers from the registers with their source and confirmation,
//! the print view and the downloads.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::role::Role;

const FY2022: &str = "/surveys/mhlw-survey-fy2022-hospital";
const FY2023: &str = "/surveys/mhlw-survey-fy2023-hospital";

/// Posts the survey form (as the browser would, without JavaScript); returns where it went.
async fn save(t: &TestApp, c: &mut Client, page: &str, fields: &[(&str, &str)]) -> String {
    let reply = c.post_form(t, page, page, fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.location().to_owned()
}

async fn saved(t: &TestApp, edition: &str) -> iryosec_store::SurveyAnswerSet {
    let inst = t.users[&Role::Admin].institution_id;
    t.app.survey_state(inst, edition).await.unwrap().saved.unwrap()
}

#[tokio::test]
async fn questions_follow_the_answers_without_javascript_and_skipped_answers_are_dropped_with_a_notice() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let list = c.get(&t, "/surveys").await;
    assert!(list.body.contains("令和4年度") && list.body.contains("令和5年度"), "{}", list.body);
    assert!(list.body.contains("未着手"));

    let page = c.get(&t, FY2022).await.body;
    assert!(page.contains("id=\"q-Q7\"") && !page.contains("id=\"q-Q8\""), "Q8 waits for Q7");
    let to = save(&t, &mut c, FY2022, &[("a.Q7", "true")]).await;
    assert!(to.ends_with("?notice=survey.page.saved"), "{to}");
    let page = c.get(&t, &to).await.body;
    assert!(page.contains("回答を保存しました。"));
    assert!(page.contains("id=\"q-Q8\"") && !page.contains("id=\"q-Q9\""), "Q8 appears; Q9 waits for Q8");

    save(&t, &mut c, FY2022, &[("a.Q7", "true"), ("a.Q8", "2"), ("a.Q9", "1"), ("a.Q10", "1")]).await;
    let page = c.get(&t, FY2022).await.body;
    assert!(page.contains("id=\"q-Q9\"") && page.contains("id=\"q-Q9-1\""));
    assert!(page.contains("name=\"a.Q9\" value=\"1\" checked"), "the saved answer is shown");

    // いいえ to the EHR question: the backup questions go, and so do their answers, visibly.
    let to =
        save(&t, &mut c, FY2022, &[("a.Q7", "false"), ("a.Q8", "2"), ("a.Q9", "1"), ("a.Q10", "1")]).await;
    assert!(to.contains("dropped=Q8%2CQ9%2CQ10"), "{to}");
    let page = c.get(&t, &to).await.body;
    assert!(page.contains("答えなくてよくなった質問の回答を削除しました: Q8、Q9、Q10"), "{page}");
    for id in ["Q8", "Q9", "Q9-1", "Q10"] {
        assert!(!page.contains(&format!("id=\"q-{id}\"")), "{id} is skipped");
    }
    assert!(page.contains("id=\"q-Q11\""), "questions after the branch remain");
    let set = saved(&t, "mhlw-survey-fy2022-hospital").await;
    assert_eq!(set.answers.keys().collect::<Vec<_>>(), vec!["Q7"], "nothing skipped is kept");
    // Ids in the query that are not this survey's are not repeated back.
    let page = c.get(&t, &format!("{FY2022}?dropped=%3Cscript%3E")).await.body;
    assert!(!page.contains("survey-dropped"));
}

#[tokio::test]
async fn a_wrong_answer_is_kept_as_a_draft_with_the_reason_in_japanese_beside_its_question() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let fields = [
        ("a.pre-Q14", "true"),
        ("a.Q15", "none"),
        ("t.Q17.0.maker", "ヤマハ"),
        ("t.Q17.0.count", "三"),
        ("t.Q17.1.maker", ""),
    ];
    save(&t, &mut c, FY2022, &fields).await;
    let page = c.get(&t, FY2022).await.body;
    let q17 = &page[page.find("id=\"q-Q17\"").unwrap()..];
    let q17 = &q17[..q17.find("</section>").unwrap()];
    assert!(q17.contains("1行目の「台数」: 整数で書いてください。"), "{q17}");
    assert!(q17.contains("1行目の「機種名」: 必ず書く列です。"), "{q17}");
    assert!(q17.contains("value=\"三\""), "what was typed stays to be corrected");
    assert_eq!(q17.matches("name=\"t.Q17.").count(), 4 * 4, "the row given and three blank rows to add");
    assert!(q17.contains("空の行は無視されます"));
    let q1 = &page[page.find("id=\"q-Q1\"").unwrap()..];
    let q1 = &q1[..q1.find("</section>").unwrap()];
    assert_eq!(q1.matches("name=\"t.Q1.0.").count(), 4, "the respondent is one row");
    assert!(!q1.contains("t.Q1.1.") && !q1.contains("空の行は無視されます"));
    assert!(page.contains("作成中"));
    assert!(page.contains("name=\"a.Q15\" value=\"none\" checked"), "no Fortinet rows is an answer");
    assert!(!page.contains("id=\"q-pre-Q17\""), "asked only after a Fortinet row");
    let set = saved(&t, "mhlw-survey-fy2022-hospital").await;
    assert_eq!(
        set.answers["Q17"],
        serde_json::json!([{ "maker": "ヤマハ", "count": "三" }]),
        "the blank row is ignored"
    );
    assert_eq!(set.answers["Q15"], serde_json::json!([]));
}

#[tokio::test]
async fn answers_from_the_registers_show_their_source_until_confirmed_and_never_replace_a_saved_answer() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    for (register, fields) in [
        ("contacts", vec![("role", "security_officer"), ("name", "情報 太郎")]),
        ("systems", vec![("name", "電子カルテ"), ("category", "ehr")]),
    ] {
        let new = format!("/registers/{register}/new");
        let reply = c.post_form(&t, &new, &new, &fields).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let page = c.get(&t, FY2023).await.body;
    let source = &page[page.find("id=\"source-Q2\"").unwrap()..];
    assert!(
        source.starts_with(
            "id=\"source-Q2\"><strong>台帳から</strong> 連絡体制図: 医療情報システム安全管理責任者 情報 太郎"
        ),
        "{source}"
    );
    assert!(page.contains("name=\"confirm\" value=\"Q2\""));
    assert!(page.contains("name=\"a.Q2\" value=\"true\" checked"), "the proposal is filled in");
    assert!(page.contains("id=\"q-Q12\""), "the proposed EHR answer opens its follow-up");
    assert!(page.contains("3 件がまだ確認されていません"), "Q1, Q2 and Q11: {page}");
    // The list counts the questions as the page shows them.
    let counted = |body: &str| {
        let at = body.find("問中").unwrap();
        let from = body[..at].rfind(|ch: char| !ch.is_ascii_digit()).unwrap() + 1;
        body[from..].split("問に回答").next().unwrap().to_owned()
    };
    let list = c.get(&t, "/surveys").await.body;
    let row = &list[list.find("mhlw-survey-fy2023-hospital").unwrap()..];
    assert_eq!(counted(row), counted(&page), "list and page agree");

    save(&t, &mut c, FY2023, &[("a.Q2", "true"), ("a.Q11", "true"), ("confirm", "Q2")]).await;
    let set = saved(&t, "mhlw-survey-fy2023-hospital").await;
    assert_eq!(set.confirmed, vec!["Q2"]);
    assert!(set.sources["Q11"].contains("電子カルテ"), "an unconfirmed prefill keeps its source");
    let page = c.get(&t, FY2023).await.body;
    assert!(page.contains("（確認済み）") && page.contains("name=\"confirm\" value=\"Q11\""));

    save(&t, &mut c, FY2023, &[("a.Q2", "true"), ("a.Q11", "true"), ("action", "confirm_all")]).await;
    let set = saved(&t, "mhlw-survey-fy2023-hospital").await;
    assert_eq!(set.confirmed, vec!["Q2", "Q11"]);

    // The person's own answer stays, and is not marked as from the registers.
    save(&t, &mut c, FY2023, &[("a.Q2", "false"), ("a.Q11", "true")]).await;
    let page = c.get(&t, FY2023).await.body;
    assert!(page.contains("name=\"a.Q2\" value=\"false\" checked"));
    assert!(!page.contains("id=\"source-Q2\""), "{page}");
    let set = saved(&t, "mhlw-survey-fy2023-hospital").await;
    assert_eq!(set.answers["Q2"], serde_json::json!(false));
    assert!(!set.sources.contains_key("Q2"));

    // A viewer sees the page but has no save button, and may not post.
    let mut v = logged_in(&t, Role::Viewer).await;
    let page = v.get(&t, FY2023).await.body;
    assert!(page.contains("id=\"q-Q2\"") && !page.contains("id=\"survey-save\""));
}

#[tokio::test]
async fn the_transcription_sheet_prints_downloads_and_a_settled_year_is_kept() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    save(&t, &mut c, FY2023, &[("a.Q2", "true"), ("a.Q6", "1"), ("a.Q6", "2"), ("a.Q11", "false")]).await;
    let print = c.get(&t, &format!("{FY2023}/print")).await.body;
    assert!(print.contains("data-print"));
    let q6 = &print[print.find("id=\"line-Q6\"").unwrap()..];
    assert!(q6.contains("1. 自医療機関、2. 事業者"), "{q6}");
    assert!(print.contains("id=\"line-Q2\"><td>Q2</td>"));
    assert!(!print.contains("id=\"line-Q12\""), "skipped questions are not on the sheet");
    let q3 = &print[print.find("id=\"line-Q3\"").unwrap()..];
    assert!(q3[..q3.find("</tr>").unwrap()].contains("（未回答）"));

    let (headers, json) = c.download(&t, &format!("{FY2023}/export.json")).await;
    assert!(headers["content-disposition"].to_str().unwrap().contains("survey.json"));
    let bundle = iryosec_io::survey_bundle::read_survey_bundle(&json).unwrap();
    assert_eq!((bundle.fiscal_year, bundle.institution.name.as_str()), (2023, "さくら記念病院"));
    assert_eq!(bundle.answers["Q6"], serde_json::json!([1, 2]));
    assert!(!bundle.complete);

    let (headers, xlsx) = c.download(&t, &format!("{FY2023}/export.xlsx")).await;
    assert_eq!(headers["content-type"], iryosec_web_xlsx());
    assert!(xlsx.starts_with(b"PK"), "an xlsx is a zip");

    let reply = c.post_form(&t, FY2023, &format!("{FY2023}/archive"), &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(c.get(&t, reply.location()).await.body.contains("この年度の回答を確定して保存しました。"));
    let history = c.get(&t, "/surveys/history").await.body;
    let at = history.find("href=\"/surveys/archives/").expect("the archive is listed");
    let link: String = history[at + 6..].split('"').next().unwrap().to_owned();
    let (_, archived) = c.download(&t, &link).await;
    assert_eq!(iryosec_io::survey_bundle::read_survey_bundle(&archived).unwrap().answers, bundle.answers);
    let list = c.get(&t, "/surveys").await.body;
    assert!(list.contains("確定して保存済み"));
}

#[tokio::test]
async fn answers_of_two_years_are_shown_side_by_side() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    save(&t, &mut c, FY2022, &[("a.Q2", "false"), ("a.Q3", "true")]).await;
    save(&t, &mut c, FY2023, &[("a.Q2", "true")]).await;
    let history = c.get(&t, "/surveys/history").await.body;
    let row = &history[history.find("<td>Q2</td>").expect("Q2 answered in both years")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.find("はい").unwrap() < row.find("いいえ").unwrap(), "newest year first: {row}");
    assert!(!history.contains("<td>Q3</td>"), "Q3 is answered in one year only");
}

fn iryosec_web_xlsx() -> &'static str {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

#[tokio::test]
async fn not_using_fortinet_prints_as_such_and_iryosecs_own_checks_are_marked() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    save(&t, &mut c, FY2022, &[("a.pre-Q14", "true"), ("a.Q15", "none")]).await;
    let print = c.get(&t, &format!("{FY2022}/print")).await.body;
    let line = |id: &str| {
        let at = &print[print.find(&format!("id=\"line-{id}\"")).unwrap()..];
        at[..at.find("</tr>").unwrap()].to_owned()
    };
    assert!(line("Q15").contains("使用していない") && !line("Q15").contains("（未回答）"), "{}", line("Q15"));
    assert!(line("pre-Q14").contains("G-MIS には入力しない確認"), "{}", line("pre-Q14"));
    assert!(!line("Q14").contains("G-MIS には入力しない確認"));
    let foot = &print[print.find("class=\"print-foot\"").unwrap()..];
    assert!(
        foot.contains("病院における医療情報システムのサイバーセキュリティ対策に係る調査（令和4年度）"),
        "{foot}"
    );
    assert!(!foot.contains("mhlw-survey"), "the survey is named by its title");

    let page = c.get(&t, FY2022).await.body;
    let note = &page[page.find("id=\"survey-note\"").expect("the edition's note is shown")..];
    assert!(note.contains("システムの設置事業者や保守事業者にも確かめて"), "{note}");
    let reading = &page[page.find("id=\"reading-Q7\"").expect("Q7's reading is shown")..];
    assert!(reading.contains("本問でいう電子カルテシステム"), "{reading}");
    let gate = &page[page.find("id=\"q-pre-Q14\"").unwrap()..];
    assert!(gate[..gate.find("</section>").unwrap()].contains("G-MIS には入力しない確認"));
}

#[tokio::test]
async fn the_list_says_which_years_are_carried_and_how_to_add_this_years() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Viewer).await;
    let list = c.get(&t, "/surveys").await.body;
    let part = &list[list.find("id=\"survey-editions\"").expect("the carried years are said")..];
    assert!(part.contains("iryosec に入っている調査: 令和4年度、令和5年度"), "{part}");
    assert!(part.contains("令和7年度の調査は iryosec に入っていません。"), "{part}");
    assert!(part.contains("iryosec の新しい版で追加されます"), "{part}");
    assert!(!part.contains(".md") && !part.contains("--edition"), "no developer reference: {part}");
}

#[tokio::test]
async fn the_respondent_is_prefilled_from_the_institution_and_says_what_is_left() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let page = c.get(&t, FY2022).await.body;
    let q1 = &page[page.find("id=\"q-Q1\"").expect("Q1 is shown")..];
    let q1 = &q1[..q1.find("</section>").unwrap_or(q1.len())];
    let name = t.app.institution(t.users[&Role::Editor].institution_id).await.unwrap().profile.name;
    assert!(q1.contains(&format!("name=\"t.Q1.0.hospital\" value=\"{name}\"")), "{q1}");
    assert!(q1.contains("法人名・氏名・連絡先は記録がないため、記入してください"), "{q1}");
}
