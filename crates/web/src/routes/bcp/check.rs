//! `GET /bcp` (this fiscal year), `GET /bcp/{year}` and `POST /bcp/{year}`: the BCP 確認表 as a
//! self-check, with the BCP document, the recovery order of the systems, 代替運用 and the
//! year's drills beside it, and what it suggests for checklist item `bcp.plan`.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::FormErrors;
use crate::page::{PageCtx, html};
use crate::routes::params::{NoticeQuery, parse_year};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_app::bcp::BcpOverview;
use iryosec_core::bcp::{BcpCheck, BcpPhase, ITEMS, ItemStatus};
use iryosec_core::register::{Choice, DRILL_KINDS, Record, Register};
use iryosec_core::register::{documents, drill_actions, drills, paper_operations, systems};
use iryosec_core::role::Permission;
use std::collections::HashMap;

pub struct ItemRow {
    pub key: &'static str,
    /// The item's own 項番, and the 確認表's section it comes from.
    pub number: String,
    pub section: &'static str,
    pub text: String,
    pub essential: bool,
    pub status: String,
    pub evidence: String,
    pub evidence_href: String,
    pub note: String,
    pub error: String,
}

pub struct PhaseView {
    pub name: String,
    pub rows: Vec<ItemRow>,
}

/// (id, label) of an entry that can be chosen.
pub struct EntryOption {
    pub id: String,
    pub label: String,
}

pub struct DrillView {
    pub href: String,
    pub held_on: String,
    pub kind: String,
    pub title: String,
    pub scenario: String,
    pub findings: String,
    /// (action, owner, due, done)
    pub actions: Vec<(String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "bcp_check.html")]
struct CheckPage {
    page: PageCtx,
    year: i32,
    year_name: String,
    suggestion_code: &'static str,
    suggestion: String,
    reasons: Vec<String>,
    saved: String,
    document: String,
    document_error: String,
    documents: Vec<EntryOption>,
    options: Vec<EntryOption>,
    statuses: Vec<(&'static str, String)>,
    phases: Vec<PhaseView>,
    /// (priority, name, href)
    systems: Vec<(String, String, String)>,
    /// (department, procedure, forms place, href)
    paper: Vec<(String, String, String, String)>,
    drills: Vec<DrillView>,
    /// Drills run on the incident pages that no drill record names: (href, day, number).
    runs: Vec<(String, String, String)>,
    drill_summary: String,
    can_edit: bool,
    has_errors: bool,
}

fn entry_href(register: Register, id: i64) -> String {
    format!("/registers/{}/{id}", register.code())
}

/// The year's drills with their improvement actions.
fn drill_views(page: &PageCtx, overview: &BcpOverview) -> Vec<DrillView> {
    overview
        .drills
        .iter()
        .zip(&overview.drill_actions)
        .map(|(d, actions)| DrillView {
            href: entry_href(Register::Drills, d.id),
            held_on: d.record.date(drills::HELD_ON).map(|x| page.day(x)).unwrap_or_default(),
            kind: Choice::by_code(DRILL_KINDS, d.record.text(drills::KIND)).map_or("", |c| c.ja).to_owned(),
            title: d.record.text(drills::TITLE).to_owned(),
            scenario: d.record.text(drills::SCENARIO).to_owned(),
            findings: d.record.text(drills::FINDINGS).to_owned(),
            actions: actions.iter().map(|a| action_row(page, &a.record)).collect(),
        })
        .collect()
}

fn render(
    state: &AppState,
    authed: &Authed,
    overview: BcpOverview,
    form: Option<&(dyn Fn(&str) -> String + Sync)>,
    errors: &FormErrors,
    notice: Option<&str>,
) -> WebResult<String> {
    let lang = authed.ctx.lang;
    let title = lang.tr("bcp.title").to_owned();
    let page = PageCtx::new(state, &authed.ctx, title, "bcp").with_notice(notice);
    let stored = overview.stored.as_ref().map(|s| s.check.clone()).unwrap_or_default();
    let value = |name: &str, from_check: &dyn Fn(&BcpCheck) -> String| match form {
        Some(get) => get(name),
        None => from_check(&stored),
    };
    let options: Vec<EntryOption> = overview
        .evidence
        .iter()
        .map(|e| EntryOption {
            id: e.id.to_string(),
            label: format!(
                "{}: {}",
                page.t(&format!("register.{}.title", e.register.code())),
                crate::routes::registers::shown_key(&page, &e.record, e.register)
            ),
        })
        .collect();
    let phases = BcpPhase::ALL
        .iter()
        .map(|phase| PhaseView {
            name: page.t(&phase.message_key()).to_owned(),
            rows: ITEMS
                .iter()
                .filter(|i| i.phase == *phase)
                .map(|i| {
                    let evidence = value(&format!("evidence.{}", i.key), &|c| {
                        c.answer(i.key).and_then(|a| a.evidence).map(|id| id.to_string()).unwrap_or_default()
                    });
                    let evidence_href = overview
                        .evidence
                        .iter()
                        .find(|e| e.id.to_string() == evidence)
                        .map(|e| entry_href(e.register, e.id))
                        .unwrap_or_default();
                    ItemRow {
                        key: i.key,
                        number: i.item_number(),
                        section: i.number,
                        text: page.t(&i.message_key()).to_owned(),
                        essential: i.essential,
                        status: value(&format!("status.{}", i.key), &|c| {
                            c.status(i.key).map(|s| s.code().to_owned()).unwrap_or_default()
                        }),
                        evidence,
                        evidence_href,
                        note: value(&format!("note.{}", i.key), &|c| {
                            c.answer(i.key).map(|a| a.note.clone()).unwrap_or_default()
                        }),
                        error: errors.get(i.key),
                    }
                })
                .collect(),
        })
        .collect();
    let suggestion = &overview.suggestion;
    let drills = drill_views(&page, &overview);
    let view = CheckPage {
        year: overview.fiscal_year,
        year_name: page.year_label(overview.fiscal_year),
        suggestion_code: suggestion.suggestion.code(),
        suggestion: page.t(suggestion.suggestion.label_key()).to_owned(),
        reasons: suggestion.reasons.iter().map(|m| crate::form::message(lang, m)).collect(),
        saved: overview
            .stored
            .as_ref()
            .map(|s| page.t2("bcp.saved_by", "date", page.datetime(s.updated_at), "name", &s.updated_by))
            .unwrap_or_default(),
        document: value("document", &|c| c.document.map(|d| d.to_string()).unwrap_or_default()),
        document_error: errors.get("document"),
        documents: overview
            .documents
            .iter()
            .map(|e| EntryOption { id: e.id.to_string(), label: e.record.text(documents::TITLE).to_owned() })
            .collect(),
        options,
        statuses: ItemStatus::ALL.iter().map(|s| (s.code(), page.t(s.message_key()).to_owned())).collect(),
        phases,
        systems: overview
            .systems
            .iter()
            .map(|e| {
                let priority =
                    e.record.number(systems::RECOVERY_PRIORITY).map(|n| n.to_string()).unwrap_or_default();
                (priority, e.record.text(systems::NAME).to_owned(), entry_href(Register::Systems, e.id))
            })
            .collect(),
        paper: overview
            .paper_operations
            .iter()
            .map(|e| {
                (
                    e.record.text(paper_operations::DEPARTMENT).to_owned(),
                    e.record.text(paper_operations::PROCEDURE).to_owned(),
                    e.record.text(paper_operations::FORMS_PLACE).to_owned(),
                    entry_href(Register::PaperOperations, e.id),
                )
            })
            .collect(),
        drill_summary: page.t2(
            "bcp.drill_summary",
            "tabletop",
            overview.drill_count.tabletop.to_string(),
            "functional",
            overview.drill_count.functional.to_string(),
        ),
        drills,
        runs: overview
            .unrecorded_runs
            .iter()
            .map(|r| (format!("/incidents/{}", r.number), page.day(r.held_on), r.number.to_string()))
            .collect(),
        can_edit: authed.ctx.allows(Permission::EditInstitution),
        has_errors: errors.any(),
        page,
    };
    Ok(view.render()?)
}

/// One improvement action: what, who, by when, done when (days in the person's style).
fn action_row(page: &PageCtx, action: &Record) -> (String, String, String, String) {
    let day = |d: Option<time::Date>| d.map(|x| page.day(x)).unwrap_or_default();
    (
        action.text(drill_actions::ACTION).to_owned(),
        action.text(drill_actions::OWNER).to_owned(),
        day(action.date(drill_actions::DUE_ON)),
        day(action.date(drill_actions::DONE_ON)),
    )
}

pub async fn current_get(State(state): State<AppState>) -> Response {
    let year = state.app.current_fiscal_year().0;
    Redirect::to(&format!("/bcp/{year}")).into_response()
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(year): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    let year = parse_year(&year)?;
    let overview = state.app.bcp_overview(authed.institution_id(), year).await?;
    let errors = FormErrors::none(authed.ctx.lang);
    Ok(html(render(&state, &authed, overview, None, &errors, q.notice.as_deref())?))
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Path(year): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    let year = parse_year(&year)?;
    let get = |name: &str| form.get(name).cloned().unwrap_or_default();
    let inst = authed.institution_id();
    match state.app.save_bcp_check(inst, year, &get, &authed.ctx.actor()).await {
        Ok(_) => Ok(Redirect::to(&format!("/bcp/{year}?notice=bcp.notice_saved")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let overview = state.app.bcp_overview(inst, year).await?;
            let errors = FormErrors::new(authed.ctx.lang, fields);
            let body = render(&state, &authed, overview, Some(&get), &errors, None)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
