//! `POST /incidents/{id}/steps/{step}`: marks a step done, not done or not applicable. The form
//! names the step's entry it was based on; a change based on an older view is refused and the
//! page shows the step as it now stands, with the typed change and the reason.

use super::show::{Refused, render};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::message;
use crate::page::html;
use crate::routes::params::parse_id;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_core::incident::StepInput;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StepForm {
    status: String,
    actor: String,
    done_at: String,
    note: String,
    /// The id of the step's latest entry when the page was shown (0: none).
    expected: String,
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Path((id, step)): Path<(String, String)>,
    Form(form): Form<StepForm>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let input = StepInput {
        status: form.status.clone(),
        actor: form.actor.clone(),
        done_at: form.done_at.clone(),
        note: form.note.clone(),
    };
    let actor = authed.ctx.actor();
    let recorded = state
        .app
        .record_incident_step(authed.institution_id(), id, &step, &input, &form.expected, &actor)
        .await;
    let lang = authed.ctx.lang;
    let (status, error) = match recorded {
        Ok(_) => {
            let target = format!("/incidents/{id}?notice=incident.notice_recorded#step-{step}");
            return Ok(Redirect::to(&target).into_response());
        }
        Err(AppError::Invalid(fields)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            fields.iter().map(|f| message(lang, &f.message)).collect::<Vec<_>>().join(" "),
        ),
        Err(AppError::Refused(m)) => (StatusCode::CONFLICT, message(lang, &m)),
        Err(e) => return Err(e.into()),
    };
    let refused = Refused {
        place: step,
        status: form.status,
        actor: form.actor,
        done_at: form.done_at,
        note: form.note,
        corrects: String::new(),
        error,
    };
    let body = render(&state, &authed, id, Some(refused), None).await?;
    Ok((status, html(body)).into_response())
}
