//! `/definitions/drafts`: the edition editor (administrators). A draft is started from an
//! existing edition for a fiscal year and sheet, or comes from an uploaded file; its items are
//! edited on plain forms (no script needed), added, removed and checked against the ministry's
//! official form; the page shows the differences from the edition it started from and what
//! stands in the way of publishing.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::{FormErrors, message};
use crate::page::{PageCtx, html};
use crate::routes::definitions::{ChangeRow, change_rows};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_app::edition_drafts::{DraftView, EditionFields, published_id};
use iryosec_core::catalog::{Edition, ItemFields, Place, Problem, Scope, Sheet};
use serde::Deserialize;

mod items;
pub use items::{add_post, check_post, item_post, remove_post};

pub struct SourceOption {
    pub id: String,
    pub label: String,
    pub selected: bool,
}

pub struct DraftRow {
    pub id: i64,
    pub title: String,
    pub updated: String,
    pub published: Option<String>,
}

#[derive(Template)]
#[template(path = "definition_draft_new.html")]
struct NewPage {
    page: PageCtx,
    sources: Vec<SourceOption>,
    fiscal_year: String,
    sheet: String,
    drafts: Vec<DraftRow>,
    errors: FormErrors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StartForm {
    from: String,
    fiscal_year: String,
    sheet: String,
}

fn title(state: &AppState, authed: &Authed, key: &str) -> PageCtx {
    PageCtx::new(state, &authed.ctx, authed.ctx.lang.tr(key).to_owned(), "assessments")
}

async fn new_page(
    state: &AppState,
    authed: &Authed,
    f: StartForm,
    errors: FormErrors,
) -> WebResult<Response> {
    let page = title(state, authed, "definitions.draft_new_title");
    let (editions, drafts) = state.app.draft_start_page(authed.institution_id()).await?;
    let sources = editions
        .iter()
        .map(|e| SourceOption {
            id: e.edition.id.clone(),
            label: format!("{}（{}）", e.edition.title, page.year_label(e.edition.fiscal_year)),
            selected: e.edition.id == f.from,
        })
        .collect();
    let drafts = drafts
        .into_iter()
        .map(|(d, title)| DraftRow {
            id: d.id,
            title,
            updated: page.datetime(d.updated_at),
            published: d.published_edition,
        })
        .collect();
    let fiscal_year =
        if f.fiscal_year.is_empty() { state.app.current_fiscal_year().0.to_string() } else { f.fiscal_year };
    let sheet = if f.sheet.is_empty() { Sheet::HospitalPharmacy.code().to_owned() } else { f.sheet };
    Ok(html(NewPage { page, sources, fiscal_year, sheet, drafts, errors }.render()?))
}

pub async fn new_get(
    State(state): State<AppState>,
    authed: Authed,
    Query(f): Query<StartForm>,
) -> WebResult<Response> {
    new_page(&state, &authed, f, FormErrors::none(authed.ctx.lang)).await
}

pub async fn create_post(
    State(state): State<AppState>,
    authed: Authed,
    Form(f): Form<StartForm>,
) -> WebResult<Response> {
    let lang = authed.ctx.lang;
    let year = f.fiscal_year.trim().parse::<i32>().unwrap_or(0);
    let Some(sheet) = Sheet::parse(&f.sheet) else {
        let e = FormErrors::new(lang, vec![field("sheet", "definitions.error.sheet")]);
        return new_page(&state, &authed, f, e).await;
    };
    let started =
        state.app.start_draft(authed.institution_id(), &f.from, year, sheet, &authed.ctx.actor()).await;
    match started {
        Ok(id) => Ok(Redirect::to(&format!("/definitions/drafts/{id}")).into_response()),
        Err(AppError::Invalid(errors)) => new_page(&state, &authed, f, FormErrors::new(lang, errors)).await,
        Err(e) => Err(e.into()),
    }
}

fn field(name: &'static str, key: &'static str) -> iryosec_core::FieldError {
    iryosec_core::FieldError::new(name, iryosec_core::Message::new(key))
}

pub struct ItemRow {
    pub index: usize,
    pub number: String,
    pub key: String,
    pub section: String,
    pub title: String,
    pub scopes: Vec<(&'static str, String, bool)>,
    pub due: String,
    pub vendor_contract: bool,
    pub gate: bool,
    pub guidance: String,
    pub source_note: String,
    pub verification: String,
    pub checked: String,
    pub is_checked: bool,
    pub errors: FormErrors,
}

pub struct ProblemRow {
    pub anchor: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "definition_draft.html")]
struct EditorPage {
    page: PageCtx,
    id: i64,
    edition: Edition,
    publish_as: String,
    year: String,
    source: String,
    official: String,
    published: Option<String>,
    items: Vec<ItemRow>,
    sections: Vec<(String, String)>,
    changes: Vec<ChangeRow>,
    problems: Vec<ProblemRow>,
    /// Problems of the add form's fields.
    add_errors: FormErrors,
}

fn scope_boxes(page: &PageCtx, chosen: &[Scope]) -> Vec<(&'static str, String, bool)> {
    Scope::ALL
        .iter()
        .map(|s| (s.code(), page.t(&format!("assessment.scope.{}", s.code())).to_owned(), chosen.contains(s)))
        .collect()
}

fn item_row(page: &PageCtx, index: usize, f: ItemFields, item: &iryosec_core::catalog::Item) -> ItemRow {
    ItemRow {
        index,
        scopes: scope_boxes(page, &f.scopes),
        number: f.number,
        key: f.key,
        section: f.section,
        title: f.title,
        due: f.due,
        vendor_contract: f.vendor_contract,
        gate: f.gate,
        guidance: f.guidance,
        source_note: item.source_note.clone(),
        verification: page.t(item.verification.label_key()).to_owned(),
        checked: if item.is_checked() {
            page.t2("definitions.checked_by", "name", &item.checked_by, "day", page.dated(&item.checked_on))
        } else {
            String::new()
        },
        is_checked: item.is_checked(),
        errors: FormErrors::none(page.lang),
    }
}

/// A problem named by the item's printed number and the field, as a person finds it on the page.
fn problem_row(page: &PageCtx, e: &Edition, p: &Problem) -> ProblemRow {
    let text = message(page.lang, &p.message);
    let field_label = |f: &str| page.t(&format!("definitions.field.{f}")).to_owned();
    match p.place {
        Place::Item(i, f) => {
            let number = e.items.get(i).map_or(String::new(), |it| it.number.clone());
            let name = if number.is_empty() {
                page.t1("definitions.item_at", "n", (i + 1).to_string())
            } else {
                number
            };
            ProblemRow { anchor: format!("item-{i}"), text: format!("{name} {}: {text}", field_label(f)) }
        }
        Place::Section(i) => {
            let number = e.sections.get(i).map_or(String::new(), |s| s.number.clone());
            ProblemRow {
                anchor: "edition".into(),
                text: format!("{} {number}: {text}", page.t("definitions.section")),
            }
        }
        Place::Edition(f) => {
            ProblemRow { anchor: "edition".into(), text: format!("{}: {text}", field_label(f)) }
        }
    }
}

fn editor_page(
    page: PageCtx,
    view: DraftView,
    invalid: Option<(Option<usize>, ItemFields, FormErrors)>,
) -> WebResult<Response> {
    let DraftView { record, edition, source, changes: _, problems, official } = view;
    let mut items: Vec<ItemRow> =
        edition.items.iter().enumerate().map(|(i, it)| item_row(&page, i, ItemFields::of(it), it)).collect();
    let mut add_errors = FormErrors::none(page.lang);
    match invalid {
        // An existing item's form, as it was sent, with its problems.
        Some((Some(i), fields, errors)) => {
            if let (Some(row), Some(item)) = (items.get_mut(i), edition.items.get(i)) {
                *row = ItemRow { errors, ..item_row(&page, i, fields, item) };
            }
        }
        Some((None, _, errors)) => add_errors = errors,
        None => {}
    }
    let changes = source.as_ref().map(|s| change_rows(&page, s, &edition)).unwrap_or_default();
    let problems = problems.iter().map(|p| problem_row(&page, &edition, p)).collect();
    let official = match (official, record.official_name.as_str()) {
        (Some(o), _) => page.t2("definitions.official_file", "name", &o.name, "what", &o.what),
        (None, "") => String::new(),
        (None, name) => format!(
            "{} {}",
            page.t1("definitions.draft_file", "name", name),
            page.t1("definitions.not_official_file", "sha256", &record.official_sha256)
        ),
    };
    Ok(html(
        EditorPage {
            id: record.id,
            publish_as: published_id(&record, &edition),
            year: page.year_label(edition.fiscal_year),
            source: source.map(|s| s.title).unwrap_or_default(),
            official,
            published: record.published_edition,
            sections: edition.sections.iter().map(|s| (s.number.clone(), s.title.clone())).collect(),
            items,
            changes,
            problems,
            add_errors,
            edition,
            page,
        }
        .render()?,
    ))
}

pub async fn show_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<i64>,
    Query(q): Query<crate::routes::params::NoticeQuery>,
) -> WebResult<Response> {
    let view = state.app.edition_draft(authed.institution_id(), id).await?;
    let page = title(&state, &authed, "definitions.draft_title").with_notice(q.notice.as_deref());
    editor_page(page, view, None)
}

fn back(id: i64, anchor: &str) -> Response {
    Redirect::to(&format!("/definitions/drafts/{id}?notice=definitions.notice_draft_saved#{anchor}"))
        .into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditionForm {
    title: String,
    published: String,
    confirmations: String,
    note: String,
}

pub async fn edition_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<i64>,
    Form(f): Form<EditionForm>,
) -> WebResult<Response> {
    let fields = EditionFields {
        title: f.title,
        published: f.published,
        confirmations: if f.confirmations.trim() == "2" { 2 } else { 1 },
        note: f.note,
    };
    state.app.save_draft_edition(authed.institution_id(), id, fields, &authed.ctx.actor()).await?;
    Ok(back(id, "edition"))
}

pub async fn publish_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<i64>,
) -> WebResult<Response> {
    let published = state.app.publish_edition_draft(authed.institution_id(), id, &authed.ctx.actor()).await?;
    match published {
        Ok(edition) => {
            Ok(Redirect::to(&format!("/definitions/{edition}?notice=definitions.notice_published"))
                .into_response())
        }
        // The page lists what stands in the way.
        Err(_) => Ok(Redirect::to(&format!("/definitions/drafts/{id}#problems")).into_response()),
    }
}
