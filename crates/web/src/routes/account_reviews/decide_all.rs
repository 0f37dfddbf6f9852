//! `POST /account-reviews/{id}/kinds/{kind}`: one decision for every open finding of a kind —
//! the usual answer to a first review that finds hundreds of leavers' accounts at once.

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
pub struct DecideAllForm {
    decision: String,
    reason: String,
    show: String,
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Path((id, kind)): Path<(String, String)>,
    Form(form): Form<DecideAllForm>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let shown = Shown::parse(&form.show, "", "");
    let actor = authed.ctx.actor();
    let decided = state.app.decide_open_findings(
        authed.institution_id(),
        id,
        &kind,
        &form.decision,
        &form.reason,
        &actor,
    );
    match decided.await {
        Ok(_) => {
            let target = format!(
                "/account-reviews/{id}?{}&notice=account_review.notice_decided_together#kind-{kind}",
                shown.query(1)
            );
            Ok(Redirect::to(&target).into_response())
        }
        Err(AppError::Invalid(fields)) => {
            let error =
                fields.iter().map(|f| message(authed.ctx.lang, &f.message)).collect::<Vec<_>>().join(" ");
            // Shown at the kind's form: a finding id of 0 matches no single finding.
            let refused = Refused { finding: 0, decision: form.decision, reason: form.reason, error };
            let body = render(&state, &authed, id, shown, Some(refused), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
