//! `GET /surveys/{edition}`: the questionnaire with the questions that apply to the answers so
//! far; `POST` saves the form as a draft and comes back with the questions the new answers
//! make applicable, saying which answers were dropped because their question no longer applies.

use super::edition;
use super::view::{QuestionView, questions};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::survey_form::form_answers;
use iryosec_app::surveys::SurveyForm;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "survey.html")]
struct SurveyPage {
    page: PageCtx,
    edition_id: String,
    year: String,
    /// The edition's remarks: the guide's general instructions and the readings taken.
    note: String,
    progress: String,
    status: String,
    unconfirmed: usize,
    dropped: String,
    updated: String,
    questions: Vec<QuestionView>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    pub notice: Option<String>,
    /// Question ids whose answers the last save dropped.
    pub dropped: String,
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> WebResult<Response> {
    let e = edition(&id)?;
    let s = state.app.survey_state(authed.institution_id(), &e.id).await?;
    let page = PageCtx::new(&state, &authed.ctx, e.title.clone(), "surveys").with_notice(q.notice.as_deref());
    // Only ids of this edition are repeated back.
    let dropped: Vec<&str> = q.dropped.split(',').filter(|d| e.question(d).is_some()).collect();
    let dropped = if dropped.is_empty() {
        String::new()
    } else {
        page.t1("survey.page.dropped", "ids", dropped.join("、"))
    };
    let status = if s.evaluation.complete && s.unconfirmed() == 0 && s.saved.is_some() {
        "survey.page.status_complete"
    } else {
        "survey.page.status_draft"
    };
    let updated = s
        .saved
        .as_ref()
        .map(|x| page.t2("survey.page.updated", "date", page.datetime(x.updated_at), "by", &x.updated_by))
        .unwrap_or_default();
    let body = SurveyPage {
        edition_id: e.id.clone(),
        year: page.year_label(e.fiscal_year),
        note: e.note.clone(),
        progress: page.t2(
            "survey.page.progress",
            "answered",
            s.answered().to_string(),
            "applicable",
            s.evaluation.applicable.len().to_string(),
        ),
        status: page.t(status).to_owned(),
        unconfirmed: s.unconfirmed(),
        dropped,
        updated,
        questions: questions(&page, &s),
        page,
    }
    .render()?;
    Ok(html(body))
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let e = edition(&id)?;
    let form = SurveyForm {
        answers: form_answers(e, &pairs),
        confirm: pairs.iter().filter(|(k, _)| k == "confirm").map(|(_, v)| v.clone()).collect(),
        confirm_all: pairs.iter().any(|(k, v)| k == "action" && v == "confirm_all"),
    };
    let actor = authed.ctx.actor();
    let dropped = state.app.save_survey(authed.institution_id(), &e.id, form, &actor).await?;
    let mut target = format!("/surveys/{}?notice=survey.page.saved", e.id);
    if !dropped.is_empty() {
        target += &format!(
            "&dropped={}",
            form_urlencoded::byte_serialize(dropped.join(",").as_bytes()).collect::<String>()
        );
    }
    Ok(Redirect::to(&target).into_response())
}
