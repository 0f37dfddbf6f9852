//! `POST /director/signoff?year=`: the director's 「確認しました」 — the director (閲覧者) as
//! themselves, or an administrator for them; the app refuses anyone else and audits it.

use super::page::{SignOffForm, screen};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::html;
use crate::routes::roles::YearQuery;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_core::director::signoff::SignOffInput;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignOffFields {
    signed_on: String,
    comment: String,
    director_name: String,
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<YearQuery>,
    Form(f): Form<SignOffFields>,
) -> WebResult<Response> {
    let year = q.year(&state)?;
    let input = SignOffInput {
        signed_on: f.signed_on.clone(),
        comment: f.comment.clone(),
        director_name: f.director_name.clone(),
    };
    let result = state
        .app
        .sign_off_director_page(authed.institution_id(), year, authed.user(), &input, &authed.ctx.actor())
        .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/director?year={year}&notice=director.page.notice_signed"))
            .into_response()),
        // A role that may not sign (担当者, 監査者) is told so on the page, like a form problem.
        Err(AppError::Refused(m)) => refused(&state, &authed, year, f, vec![m]).await,
        Err(AppError::Invalid(fields)) => {
            refused(&state, &authed, year, f, fields.into_iter().map(|e| e.message).collect()).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The page again with what was sent and why it was not recorded.
async fn refused(
    state: &AppState,
    authed: &Authed,
    year: i32,
    f: SignOffFields,
    messages: Vec<iryosec_core::Message>,
) -> WebResult<Response> {
    let errors = messages.iter().map(|m| crate::form::message(authed.ctx.lang, m)).collect();
    let form =
        SignOffForm { signed_on: f.signed_on, comment: f.comment, director_name: f.director_name, errors };
    let body = screen(state, authed, year, form, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
}
