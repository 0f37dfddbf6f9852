//! `GET/POST /assessments/{id}/items/{key}`: answering one item, per scope.

use super::view::{ItemRow, item_row, scope_label};
use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::form::message;
use crate::page::{PageCtx, html};
use crate::routes::params::parse_id;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::assessments::{AssessmentView, SaveError, SlotErrors};
use iryosec_core::assessment::{AnswerInput, Slot, YesNo};
use iryosec_core::catalog::{Item, Scope};
use iryosec_core::date::format_iso;
use iryosec_core::role::Permission;
use iryosec_core::suggest::Source;

/// One scope's part of the form, filled with the saved (or just typed) values.
pub struct SlotForm {
    pub code: &'static str,
    pub label: String,
    pub value: String,
    pub confirmed_1: String,
    pub confirmed_2: String,
    pub target: String,
    pub note: String,
    pub confirmed_by: String,
    pub draft: bool,
    /// Problems by field name (value, confirmed_1, …).
    pub errors: Vec<(String, String)>,
    /// What the registers suggest, shown beside the answer.
    pub suggestion: Option<SuggestionView>,
}

pub struct SuggestionView {
    /// yes / no / insufficient, for styling.
    pub code: &'static str,
    pub label: String,
    pub reasons: Vec<String>,
    /// The record the suggestion rests on, when it has a page (empty otherwise).
    pub link: String,
    pub link_label: String,
    /// The guideline edition the rule judged by (第6.0版 / 第7.0版).
    pub guideline: String,
}

impl SlotForm {
    pub fn error(&self, field: &str) -> String {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()).unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "assessment_item.html")]
struct ItemPage {
    page: PageCtx,
    id: i64,
    year: String,
    item: Item,
    row: ItemRow,
    slots: Vec<SlotForm>,
    two_confirmations: bool,
    can_answer: bool,
    has_errors: bool,
    previous: Option<String>,
    next: Option<String>,
    evidence: Vec<EvidenceRow>,
    evidence_error: String,
    review: Option<ReviewView>,
}

/// A person's recorded word on the suggestion.
pub struct ReviewView {
    pub accepted: bool,
    pub reason: String,
    pub by: String,
}

/// An attached file as listed on the item page.
pub struct EvidenceRow {
    pub id: i64,
    pub name: String,
    pub size: String,
    pub sha256: String,
    pub uploaded: String,
}

fn neighbours(view: &AssessmentView, key: &str) -> (Option<String>, Option<String>) {
    let keys: Vec<&str> = view.edition.items.iter().map(|i| i.key.as_str()).collect();
    let at = keys.iter().position(|k| *k == key);
    let prev = at.and_then(|i| i.checked_sub(1)).and_then(|i| keys.get(i)).map(|k| (*k).to_owned());
    let next = at.and_then(|i| keys.get(i + 1)).map(|k| (*k).to_owned());
    (prev, next)
}

fn saved_form(page: &PageCtx, view: &AssessmentView, key: &str, scope: Option<Scope>) -> SlotForm {
    let a = view.answers.get(&Slot::new(key, scope)).cloned().unwrap_or_default();
    let iso = |d: Option<time::Date>| d.map(format_iso).unwrap_or_default();
    SlotForm {
        code: scope.map_or("item", Scope::code),
        label: scope_label(page, scope),
        value: a.value.map(YesNo::code).unwrap_or("").to_owned(),
        confirmed_1: iso(a.confirmed[0]),
        confirmed_2: iso(a.confirmed[1]),
        target: iso(a.target),
        note: a.note,
        confirmed_by: a.confirmed_by,
        draft: a.draft,
        errors: Vec::new(),
        suggestion: None,
    }
}

async fn render(
    state: &AppState,
    authed: &Authed,
    view: &AssessmentView,
    item: &Item,
    slots: Vec<SlotForm>,
    evidence_error: String,
    notice: Option<&str>,
) -> WebResult<String> {
    let ctx = &authed.ctx;
    let page = PageCtx::new(
        state,
        ctx,
        format!("{} {}", super::view::number_text(ctx.lang, &item.number), ctx.lang.tr("assessment.title")),
        "assessments",
    )
    .with_notice(notice);
    let row = item_row(&page, view, item, state.app.today());
    let (previous, next) = neighbours(view, &item.key);
    let has_errors = slots.iter().any(|s| !s.errors.is_empty());
    let mut slots = slots;
    let scopes: Vec<Option<Scope>> = item.slots();
    let suggested = state
        .app
        .suggestions_for_item(authed.institution_id(), view.record.fiscal_year, &item.key, &scopes)
        .await?;
    for (scope, s) in scopes.iter().zip(suggested) {
        let code = scope.map_or("item", Scope::code);
        let Some(slot) = slots.iter_mut().find(|f| f.code == code) else { continue };
        slot.suggestion = Some(SuggestionView {
            code: s.suggestion.code(),
            label: ctx.lang.tr(s.suggestion.label_key()).to_owned(),
            reasons: s.reasons.iter().map(|m| crate::form::message(ctx.lang, m)).collect(),
            guideline: s.guideline.map(|g| ctx.lang.tr(g.label_key()).to_owned()).unwrap_or_default(),
            link: match s.source {
                Some(Source::AccountReviews) => "/account-reviews".to_owned(),
                Some(Source::AccountReview { id }) => format!("/account-reviews/{id}"),
                Some(Source::BcpCheck { fiscal_year }) => format!("/bcp/{fiscal_year}"),
                None => String::new(),
            },
            link_label: match s.source {
                Some(Source::AccountReviews) => ctx.lang.tr("account_review.open_reviews").to_owned(),
                Some(Source::AccountReview { .. }) => ctx.lang.tr("account_review.open_review").to_owned(),
                Some(Source::BcpCheck { .. }) => ctx.lang.tr("bcp.open_check").to_owned(),
                None => String::new(),
            },
        });
    }
    let evidence = state
        .app
        .evidence_of(authed.institution_id(), view.record.id)
        .await?
        .into_iter()
        .filter(|e| e.item_key == item.key)
        .map(|e| EvidenceRow {
            id: e.id,
            name: e.file_name,
            size: format!("{:.1} KB", e.size as f64 / 1024.0),
            sha256: e.sha256.chars().take(12).collect(),
            uploaded: format!("{} {}", page.datetime(e.uploaded_at), e.uploaded_by),
        })
        .collect();
    let review = state
        .app
        .suggestion_reviews(authed.institution_id(), view.record.id)
        .await?
        .into_iter()
        .find(|r| r.item_key == item.key)
        .map(|r| ReviewView {
            accepted: r.decision == "accepted",
            by: format!("{} {}", page.datetime(r.decided_at), r.decided_by),
            reason: r.reason,
        });
    Ok(ItemPage {
        review,
        id: view.record.id,
        year: page.year_label(view.record.fiscal_year),
        item: item.clone(),
        two_confirmations: view.edition.confirmations >= 2,
        can_answer: ctx.allows(Permission::EditInstitution) && row.na_reason.is_empty(),
        has_errors,
        row,
        slots,
        previous,
        next,
        evidence,
        evidence_error,
        page,
    }
    .render()?)
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path((id, key)): Path<(String, String)>,
    Query(q): Query<crate::routes::params::NoticeQuery>,
) -> WebResult<Response> {
    let view = state.app.assessment_view(authed.institution_id(), parse_id(&id)?).await?;
    let item = view.edition.item(&key).ok_or(WebError::NotFound)?.clone();
    let page = PageCtx::new(&state, &authed.ctx, String::new(), "");
    let slots = item.slots().into_iter().map(|s| saved_form(&page, &view, &key, s)).collect();
    Ok(html(render(&state, &authed, &view, &item, slots, String::new(), q.notice.as_deref()).await?))
}

/// The form's fields, `server.value`, `server.confirmed_1`, … into one input per scope.
fn inputs(item: &Item, fields: &[(String, String)]) -> Vec<(Slot, AnswerInput)> {
    item.slots()
        .into_iter()
        .map(|scope| {
            let code = scope.map_or("item", Scope::code);
            let get = |f: &str| {
                let name = format!("{code}.{f}");
                fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone()).unwrap_or_default()
            };
            let input = AnswerInput {
                value: get("value"),
                confirmed_1: get("confirmed_1"),
                confirmed_2: get("confirmed_2"),
                target: get("target"),
                note: get("note"),
                confirmed_by: get("confirmed_by"),
            };
            (Slot::new(&item.key, scope), input)
        })
        .collect()
}

fn typed_form(page: &PageCtx, slot: &Slot, input: &AnswerInput, errors: &SlotErrors) -> SlotForm {
    let messages = errors
        .iter()
        .filter(|(s, _)| s == slot)
        .flat_map(|(_, e)| e.iter().map(|f| (f.field.to_owned(), message(page.lang, &f.message))))
        .collect();
    SlotForm {
        code: slot.scope.map_or("item", Scope::code),
        label: scope_label(page, slot.scope),
        value: input.value.clone(),
        confirmed_1: input.confirmed_1.clone(),
        confirmed_2: input.confirmed_2.clone(),
        target: input.target.clone(),
        note: input.note.clone(),
        confirmed_by: input.confirmed_by.clone(),
        draft: false,
        errors: messages,
        suggestion: None,
    }
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Path((id, key)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let view = state.app.assessment_view(authed.institution_id(), id).await?;
    let item = view.edition.item(&key).ok_or(WebError::NotFound)?.clone();
    let inputs = inputs(&item, &fields);
    let by = authed.user().display_name.clone();
    let (looked, actor) = ([key.clone()], authed.ctx.actor());
    match state.app.answer_items(authed.institution_id(), id, &inputs, &looked, &by, &actor).await {
        Ok(()) => {
            let go_next = fields.iter().any(|(k, v)| k == "go" && v == "next");
            let target = match neighbours(&view, &key).1 {
                Some(next) if go_next => format!("/assessments/{id}/items/{next}"),
                _ => format!("/assessments/{id}?notice=assessment.saved#item-{key}"),
            };
            Ok(Redirect::to(&target).into_response())
        }
        Err(SaveError::Invalid(errors)) => {
            let page = PageCtx::new(&state, &authed.ctx, String::new(), "");
            let slots = inputs.iter().map(|(s, i)| typed_form(&page, s, i, &errors)).collect();
            let body = render(&state, &authed, &view, &item, slots, String::new(), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(SaveError::Other(e)) => Err(e.into()),
    }
}

/// `POST /assessments/{id}/items/{key}/evidence`: attach a file (multipart, token in the URL).
pub async fn evidence_post(
    State(state): State<AppState>,
    authed: Authed,
    Path((id, key)): Path<(String, String)>,
    upload: Result<crate::upload::Upload, WebError>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let view = state.app.assessment_view(authed.institution_id(), id).await?;
    let item = view.edition.item(&key).ok_or(WebError::NotFound)?.clone();
    // Too large is said on the page; being busy or a broken form is an error page.
    let upload = match upload {
        Ok(upload) => Some(upload),
        Err(WebError::TooLarge) => None,
        Err(e) => return Err(e),
    };
    let file = match upload.as_ref().map(|u| u.file("file")) {
        None => Err(iryosec_app::evidence::too_large()),
        Some(Some(file)) => Ok((file.file_name.clone(), file.bytes()?)),
        Some(None) => {
            Err(iryosec_app::AppError::field("file", iryosec_core::Message::new("evidence.error.empty")))
        }
    };
    let outcome = match file {
        Ok((name, bytes)) => {
            state.app.add_evidence(authed.institution_id(), id, &key, &name, bytes, &authed.ctx.actor()).await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/assessments/{id}/items/{key}?notice=evidence.added#evidence"))
            .into_response()),
        Err(iryosec_app::AppError::Invalid(fields)) => {
            let page = PageCtx::new(&state, &authed.ctx, String::new(), "");
            let error = fields.first().map(|f| message(page.lang, &f.message)).unwrap_or_default();
            let slots = item.slots().into_iter().map(|s| saved_form(&page, &view, &key, s)).collect();
            let body = render(&state, &authed, &view, &item, slots, error, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
