//! `POST /assessments/{id}/items/{key}/suggestion`: a person confirms or overrides (with a
//! reason) what the registers suggest for an item.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::routes::params::parse_id;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Path((id, key)): Path<(String, String)>,
    Form(form): Form<ReviewForm>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let actor = authed.ctx.actor();
    let by = authed.user().display_name.clone();
    let outcome = state
        .app
        .review_suggestion(authed.institution_id(), id, &key, (&form.decision, &form.reason), &by, &actor)
        .await;
    let notice = match outcome {
        Ok(()) => "suggestion.saved",
        Err(AppError::Invalid(_)) => "suggest.error.reason_required",
        Err(e) => return Err(e.into()),
    };
    let key: String = form_urlencoded::byte_serialize(key.as_bytes()).collect();
    Ok(Redirect::to(&format!("/assessments/{id}/items/{key}?notice={notice}#suggestion-review"))
        .into_response())
}
