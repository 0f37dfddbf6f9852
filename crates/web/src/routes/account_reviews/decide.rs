//! `POST /account-reviews/{id}/findings/{finding}`: records 削除, 無効化 or 維持 (with its reason)
//! on one finding; a refused decision comes back at its finding with the reason why.

use super::show::{Refused, Shown, render};
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
pub struct DecideForm {
    decision: String,
    reason: String,
    /// The filter, kind and page the page was showing, to return to it.
    show: String,
    kind: String,
    page: String,
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Path((id, finding)): Path<(String, String)>,
    Form(form): Form<DecideForm>,
) -> WebResult<Response> {
    let (id, finding) = (parse_id(&id)?, parse_id(&finding)?);
    let shown = Shown::parse(&form.show, &form.kind, &form.page);
    let actor = authed.ctx.actor();
    let decided = state.app.decide_account_finding(
        authed.institution_id(),
        id,
        finding,
        &form.decision,
        &form.reason,
        &actor,
    );
    match decided.await {
        Ok(()) => {
            let target = format!(
                "/account-reviews/{id}?{}&notice=account_review.notice_decided#finding-{finding}",
                shown.query(shown.page)
            );
            Ok(Redirect::to(&target).into_response())
        }
        Err(AppError::Invalid(fields)) => {
            let error =
                fields.iter().map(|f| message(authed.ctx.lang, &f.message)).collect::<Vec<_>>().join(" ");
            let refused = Refused { finding, decision: form.decision, reason: form.reason, error };
            let body = render(&state, &authed, id, shown, Some(refused), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
