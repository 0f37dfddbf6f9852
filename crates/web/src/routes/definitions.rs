//! `/definitions`: the checklist editions, one edition's items, and what changed between two.

use crate::ctx::Authed;
use crate::download::{XLSX, attachment};
use crate::error::{WebError, WebResult};
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use iryosec_app::catalog::Origin;
use iryosec_core::catalog::{Edition, ItemChange, diff};
use serde::Deserialize;

/// What the pages say of a provisional edition: that the ministry's exists, what this one is
/// built from, and the ways to make it exact.
pub struct ProvisionalNotice {
    pub id: String,
    pub title: String,
    pub year: String,
    pub published: String,
    pub note: String,
    pub source: String,
}

impl ProvisionalNotice {
    pub fn of(page: &PageCtx, e: &Edition) -> Option<ProvisionalNotice> {
        e.provisional.then(|| ProvisionalNotice {
            id: e.id.clone(),
            title: e.title.clone(),
            year: page.year_label(e.fiscal_year),
            published: page.dated(&e.published),
            note: e.note.clone(),
            source: e.source.clone(),
        })
    }
}

pub struct EditionRow {
    pub id: String,
    pub title: String,
    pub year: String,
    pub sheet: String,
    pub items: usize,
    pub imported: bool,
    pub provisional: bool,
}

#[derive(Template)]
#[template(path = "definitions.html")]
struct ListPage {
    page: PageCtx,
    rows: Vec<EditionRow>,
    from: String,
    to: String,
    changes: Option<Vec<ChangeRow>>,
}

pub struct ChangeRow {
    pub kind: &'static str,
    pub label: String,
    pub number: String,
    pub text: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DiffQuery {
    from: String,
    to: String,
}

pub fn change_rows(page: &PageCtx, from: &Edition, to: &Edition) -> Vec<ChangeRow> {
    diff(from, to)
        .into_iter()
        .map(|c| match c {
            ItemChange::Added { number, title, .. } => ChangeRow {
                kind: "added",
                label: page.t("definitions.added").to_owned(),
                number,
                text: title,
            },
            ItemChange::Removed { number, title, .. } => ChangeRow {
                kind: "removed",
                label: page.t("definitions.removed").to_owned(),
                number,
                text: title,
            },
            ItemChange::Changed { key, from_number, to_number, fields } => {
                let what: Vec<String> =
                    fields.iter().map(|f| page.t(&format!("definitions.field.{f}")).to_owned()).collect();
                ChangeRow {
                    kind: "changed",
                    label: page.t("definitions.changed").to_owned(),
                    number: format!("{from_number} → {to_number}"),
                    // Named by its wording in the newer edition, as people know it.
                    text: format!(
                        "{}（{}）",
                        to.item(&key).map_or("", |i| i.title.as_str()),
                        what.join("、")
                    ),
                }
            }
        })
        .collect()
}

pub async fn list_get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<DiffQuery>,
) -> WebResult<Response> {
    let page =
        PageCtx::new(&state, &authed.ctx, authed.ctx.lang.tr("definitions.title").to_owned(), "assessments");
    let editions = state.app.editions().await?;
    let find = |id: &str| editions.iter().find(|e| e.edition.id == id).map(|e| &e.edition);
    let changes = match (find(&q.from), find(&q.to)) {
        (Some(a), Some(b)) => Some(change_rows(&page, a, b)),
        _ => None,
    };
    let rows = editions
        .iter()
        .map(|e| EditionRow {
            id: e.edition.id.clone(),
            title: e.edition.title.clone(),
            year: page.year_label(e.edition.fiscal_year),
            sheet: e.edition.sheet.name_ja().to_owned(),
            items: e.edition.items.len(),
            imported: matches!(e.origin, Origin::Imported { .. }),
            provisional: e.edition.provisional,
        })
        .collect();
    Ok(html(ListPage { page, rows, from: q.from, to: q.to, changes }.render()?))
}

pub struct ItemView {
    pub number: String,
    pub key: String,
    pub title: String,
    pub scopes: String,
    pub due: String,
    pub guidance: String,
    /// `final`, `draft` or `inferred`, and the same in words.
    pub verification: &'static str,
    pub verification_label: String,
    pub source_note: String,
}

#[derive(Template)]
#[template(path = "definition.html")]
struct ShowPage {
    page: PageCtx,
    edition: Edition,
    year: String,
    sections: Vec<(String, String, Vec<ItemView>)>,
    provisional: Option<ProvisionalNotice>,
}

pub async fn show_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Query(q): Query<crate::routes::params::NoticeQuery>,
) -> WebResult<Response> {
    let edition = state.app.edition(&id).await.map_err(|_| WebError::NotFound)?.edition;
    let page = PageCtx::new(&state, &authed.ctx, edition.title.clone(), "assessments")
        .with_notice(q.notice.as_deref());
    let sections = edition
        .sections
        .iter()
        .map(|s| {
            let items = edition
                .items_in(&s.number)
                .map(|i| ItemView {
                    number: crate::routes::assessments::view::number_text(page.lang, &i.number),
                    key: i.key.clone(),
                    title: i.title.clone(),
                    scopes: i
                        .scopes
                        .iter()
                        .map(|s| page.t(&format!("assessment.scope.{}", s.code())).to_owned())
                        .collect::<Vec<_>>()
                        .join("・"),
                    due: page.year_label(i.due),
                    guidance: i.guidance.clone(),
                    verification: i.verification.code(),
                    verification_label: page.t(i.verification.label_key()).to_owned(),
                    source_note: i.source_note.clone(),
                })
                .collect();
            (s.number.clone(), s.title.clone(), items)
        })
        .collect();
    let year = page.year_label(edition.fiscal_year);
    let provisional = ProvisionalNotice::of(&page, &edition);
    Ok(html(ShowPage { page, edition, year, sections, provisional }.render()?))
}

/// The edition as TOML, to hand to another institution or keep.
pub async fn toml_get(State(state): State<AppState>, Path(id): Path<String>) -> WebResult<Response> {
    let text = state.app.edition_toml(&id).await?;
    Ok(attachment(
        text.into_bytes(),
        "application/toml; charset=utf-8",
        &format!("{id}.toml"),
        &format!("{id}.toml"),
    ))
}

/// The edition as the Excel template (`iryosec definitions template`), to edit offline or share.
pub async fn xlsx_get(State(state): State<AppState>, Path(id): Path<String>) -> WebResult<Response> {
    let bytes = state.app.edition_workbook(&id).await?;
    Ok(attachment(bytes, XLSX, &format!("{id}.xlsx"), &format!("{id}.xlsx")))
}
