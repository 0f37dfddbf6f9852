//! `GET /account-reviews/{id}`: one review — its facts, its findings grouped by kind (all, open
//! or decided), a decision form per finding for those who may decide, and its history.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, format_day, html};
use crate::routes::audit::{EntryView, entry_views};
use crate::routes::params::parse_id;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use iryosec_core::account_review::Decision;
use iryosec_core::accounts::FindingKind;
use iryosec_core::role::Permission;
use iryosec_store::{AccountReviewRecord, ReviewFindingRecord};
use serde::Deserialize;

pub struct FindingView {
    pub id: i64,
    pub account: String,
    pub name: String,
    pub staff: String,
    pub text: String,
    pub decision: String,
    pub reason: String,
    pub decided: String,
    /// What the form shows: the decision on record, or what was just typed.
    pub form_decision: String,
    pub form_reason: String,
    pub error: String,
}

pub struct Group {
    pub kind: &'static str,
    pub heading: String,
    /// How many findings of the kind the filter shows, of which `findings` is one page.
    pub total: usize,
    pub findings: Vec<FindingView>,
    /// Findings of the kind without a decision (on every page), for the one-decision form.
    pub open: usize,
    /// A one-decision form that was refused, shown again with why.
    pub refused: Option<(String, String, String)>,
    /// The rest of the kind, when this page shows only the first of them.
    pub more: Option<String>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// Findings shown per kind and page: a first review at a large hospital finds hundreds, and a
/// page with a form for each of them is slow to send and to work through.
pub const PER_PAGE: usize = 100;

/// What the page shows: all findings, the open or the decided ones; optionally one kind of
/// them, a page at a time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shown {
    pub show: &'static str,
    pub kind: Option<FindingKind>,
    pub page: usize,
}

impl Shown {
    pub fn parse(show: &str, kind: &str, page: &str) -> Shown {
        let kind = FindingKind::parse(kind);
        let page = if kind.is_some() { page.parse().unwrap_or(1).max(1) } else { 1 };
        Shown { show: filter_of(show), kind, page }
    }

    /// The query string that shows this again, on another page of the kind if asked.
    pub fn query(&self, page: usize) -> String {
        match self.kind {
            Some(k) => format!("show={}&kind={}&page={page}", self.show, k.code()),
            None => format!("show={}", self.show),
        }
    }
}

/// A decision the store refused, shown again at its finding.
pub struct Refused {
    pub finding: i64,
    pub decision: String,
    pub reason: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "account_review.html")]
struct ReviewPage {
    page: PageCtx,
    id: i64,
    title: String,
    facts: Vec<(String, String)>,
    counts: String,
    show: &'static str,
    kind: &'static str,
    page_no: usize,
    per_page: usize,
    groups: Vec<Group>,
    decisions: Vec<(String, String)>,
    can_decide: bool,
    history: Vec<EntryView>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    pub show: String,
    pub kind: String,
    pub page: String,
    pub notice: Option<String>,
}

/// `open`, `decided`, or everything.
pub fn filter_of(raw: &str) -> &'static str {
    match raw {
        "open" => "open",
        "decided" => "decided",
        _ => "",
    }
}

fn facts(page: &PageCtx, r: &AccountReviewRecord) -> Vec<(String, String)> {
    let sources = r.sources.iter().map(|s| {
        page.lang.tr_args(
            "account_review.source_value",
            &[("system", s.system.clone()), ("file", s.file_name.clone()), ("count", s.accounts.to_string())],
        )
    });
    let roster =
        page.t2("account_review.roster_value", "file", &r.roster_file, "count", r.staff_count.to_string());
    vec![
        (page.t("account_review.fiscal_year").to_owned(), page.year_label(r.fiscal_year)),
        (page.t("account_review.unused_days").to_owned(), r.unused_days.to_string()),
        (page.t("account_review.systems").to_owned(), sources.collect::<Vec<_>>().join("、")),
        (page.t("account_review.roster").to_owned(), roster),
        (
            String::new(),
            page.t2("account_review.created_by", "date", page.datetime(r.created_at), "by", &r.created_by),
        ),
    ]
}

fn view(page: &PageCtx, f: ReviewFindingRecord, refused: Option<&Refused>) -> FindingView {
    let x = &f.finding;
    let staff = match (&x.staff_name, x.employee_no.as_deref().filter(|n| !n.is_empty())) {
        (Some(name), Some(no)) => format!("{name}（{no}）"),
        (Some(name), None) => name.clone(),
        (None, _) => String::new(),
    };
    let decided =
        f.decided_at.map(|t| page.t2("account_review.decided_at", "date", page.date(t), "by", &f.decided_by));
    let code = f.decision.map(Decision::code).unwrap_or_default().to_owned();
    let refused = refused.filter(|r| r.finding == f.id);
    FindingView {
        id: f.id,
        account: format!("{}: {}", x.system, x.login),
        name: x.name.clone(),
        staff,
        text: page.t1(x.message_key(), "days", x.idle_days.unwrap_or_default().to_string()),
        decision: f.decision.map(|d| page.t(d.message_key()).to_owned()).unwrap_or_default(),
        decided: decided.unwrap_or_default(),
        form_decision: refused.map_or(code, |r| r.decision.clone()),
        form_reason: refused.map_or_else(|| f.reason.clone(), |r| r.reason.clone()),
        error: refused.map(|r| r.error.clone()).unwrap_or_default(),
        reason: f.reason,
    }
}

/// The findings the filter shows, under their kind's heading, in the order of `FindingKind::ALL`,
/// at most [`PER_PAGE`] of each kind.
fn groups(
    page: &PageCtx,
    id: i64,
    findings: Vec<ReviewFindingRecord>,
    shown: Shown,
    refused: Option<&Refused>,
) -> Vec<Group> {
    let kinds = FindingKind::ALL.iter().filter(|k| shown.kind.is_none_or(|only| only == **k));
    let mut groups: Vec<Group> = Vec::new();
    let mut findings = findings;
    findings.retain(|f| match shown.show {
        "open" => f.decision.is_none(),
        "decided" => f.decision.is_some(),
        _ => true,
    });
    for kind in kinds {
        let of_kind: Vec<ReviewFindingRecord> =
            findings.iter().filter(|f| f.finding.kind == *kind).cloned().collect();
        let total = of_kind.len();
        let open = of_kind.iter().filter(|f| f.decision.is_none()).count();
        let start = (shown.page - 1) * PER_PAGE;
        let link = |p: usize| {
            let there = Shown { kind: Some(*kind), ..shown };
            format!("/account-reviews/{id}?{}#kind-{}", there.query(p), kind.code())
        };
        let paged = shown.kind.is_some();
        groups.push(Group {
            kind: kind.code(),
            heading: page.t(kind.heading_key()).to_owned(),
            total,
            open,
            refused: refused
                .filter(|r| r.finding == 0)
                .map(|r| (r.decision.clone(), r.reason.clone(), r.error.clone())),
            findings: of_kind
                .into_iter()
                .skip(start)
                .take(PER_PAGE)
                .map(|f| view(page, f, refused))
                .collect(),
            more: (!paged && total > PER_PAGE).then(|| link(1)),
            prev: (paged && shown.page > 1).then(|| link(shown.page - 1)),
            next: (paged && start + PER_PAGE < total).then(|| link(shown.page + 1)),
        });
    }
    groups.retain(|g| g.total > 0);
    groups
}

/// The review page; `refused` shows a decision that was not recorded, at its finding.
pub async fn render(
    state: &AppState,
    authed: &Authed,
    id: i64,
    shown: Shown,
    refused: Option<Refused>,
    notice: Option<&str>,
) -> WebResult<String> {
    let inst = authed.institution_id();
    let data = state.app.account_review_page(inst, id).await?;
    let ((review, findings), entries) = (data.record, data.history);
    let ctx = &authed.ctx;
    let title = format!(
        "{} {}",
        ctx.lang.tr("account_review.title"),
        format_day(review.reviewed_on, ctx.lang, ctx.date_style)
    );
    let page = PageCtx::new(state, &authed.ctx, title, "account_reviews").with_notice(notice);
    let groups = groups(&page, id, findings, shown, refused.as_ref());
    let decisions =
        Decision::ALL.iter().map(|d| (d.code().to_owned(), page.t(d.message_key()).to_owned())).collect();
    let counts = page.lang.tr_args(
        "account_review.counts",
        &[("total", review.open + review.decided), ("open", review.open), ("decided", review.decided)]
            .map(|(k, v)| (k, v.to_string())),
    );
    Ok(ReviewPage {
        id,
        title: page.title.clone(),
        facts: facts(&page, &review),
        counts,
        show: shown.show,
        kind: shown.kind.map_or("", FindingKind::code),
        page_no: shown.page,
        per_page: PER_PAGE,
        groups,
        decisions,
        can_decide: authed.ctx.allows(Permission::EditInstitution),
        history: entry_views(state, &page, inst, &entries).await?,
        page,
    }
    .render()?)
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let shown = Shown::parse(&q.show, &q.kind, &q.page);
    Ok(html(render(&state, &authed, id, shown, None, q.notice.as_deref()).await?))
}
