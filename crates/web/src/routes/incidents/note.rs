//! `POST /incidents/{id}/notes`: a free note, or a correction of an earlier entry (by its number).

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
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteForm {
    note: String,
    corrects: String,
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Form(form): Form<NoteForm>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let actor = authed.ctx.actor();
    let added =
        state.app.add_incident_note(authed.institution_id(), id, &form.note, &form.corrects, &actor).await;
    let lang = authed.ctx.lang;
    let (status, error) = match added {
        Ok(_) => {
            return Ok(Redirect::to(&format!("/incidents/{id}?notice=incident.notice_recorded#timeline"))
                .into_response());
        }
        Err(AppError::Invalid(fields)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            fields.iter().map(|f| message(lang, &f.message)).collect::<Vec<_>>().join(" "),
        ),
        Err(AppError::Refused(m)) => (StatusCode::CONFLICT, message(lang, &m)),
        Err(e) => return Err(e.into()),
    };
    let refused = Refused {
        place: "note".into(),
        note: form.note,
        corrects: form.corrects,
        error,
        ..Refused::default()
    };
    let body = render(&state, &authed, id, Some(refused), None).await?;
    Ok((status, html(body)).into_response())
}
