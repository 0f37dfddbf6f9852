//! `POST /account-reviews`: a new review from the uploaded files (multipart, the CSRF token its
//! first field). Problems with the form or inside a file bring the form back with each problem
//! named by file, row and column; nothing is stored then.

use super::new::{ACCOUNT_SLOTS, Typed, render};
use crate::cancel::Cancelled;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::{FormErrors, message};
use crate::page::html;
use crate::state::AppState;
use crate::upload::{Upload, UploadedFile};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::account_reviews::{FileProblem, ReviewError, ReviewRequest, Upload as AccountFile};
use iryosec_i18n::Lang;

/// The form's fields: `system_N` with the file `accounts_N`, `roster`, `unused_days`, `reviewed_on`.
fn read_form(form: &Upload) -> WebResult<(ReviewRequest, Typed)> {
    let req_text = |name: &str| form.text(name).to_owned();
    let system = |n: usize| req_text(&format!("system_{n}"));
    let mut accounts = Vec::new();
    for n in 1..=ACCOUNT_SLOTS {
        if let Some(file) = form.file(&format!("accounts_{n}")) {
            accounts.push((system(n), account_file(file)?));
        }
    }
    let req = ReviewRequest {
        roster: form.file("roster").map(account_file).transpose()?,
        unused_days: req_text("unused_days"),
        reviewed_on: req_text("reviewed_on"),
        accounts,
    };
    let typed = Typed {
        systems: (1..=ACCOUNT_SLOTS).map(system).collect(),
        reviewed_on: req.reviewed_on.clone(),
        unused_days: req.unused_days.clone(),
    };
    Ok((req, typed))
}

fn account_file(file: &UploadedFile) -> WebResult<AccountFile> {
    Ok(AccountFile { file_name: file.file_name.clone(), bytes: file.bytes()? })
}

/// `名簿.csv 3行目 E列「退職日」: 日付として読めません。`
fn describe(lang: Lang, p: &FileProblem) -> String {
    let text = message(lang, &p.message);
    let row = p.row.to_string();
    match (p.row, p.column.is_empty()) {
        (0, _) => lang.tr_args("account_review.problem_file", &[("file", &p.file), ("message", &text)]),
        (_, true) => lang
            .tr_args("account_review.problem_row", &[("file", &p.file), ("row", &row), ("message", &text)]),
        _ => lang.tr_args(
            "account_review.problem_cell",
            &[
                ("file", &p.file),
                ("row", &row),
                ("column", &p.column),
                ("header", &p.header),
                ("message", &text),
            ],
        ),
    }
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    cancelled: Cancelled,
    upload: Upload,
) -> WebResult<Response> {
    let (req, typed) = read_form(&upload)?;
    let lang = authed.ctx.lang;
    let (errors, problems) = match state
        .app
        .run_account_review(authed.institution_id(), req, &authed.ctx.actor(), cancelled.token())
        .await
    {
        Ok(id) => {
            let target = format!("/account-reviews/{id}?notice=account_review.notice_created");
            return Ok(Redirect::to(&target).into_response());
        }
        Err(ReviewError::Invalid(fields)) => (FormErrors::new(lang, fields), Vec::new()),
        Err(ReviewError::Files(found)) => {
            (FormErrors::none(lang), found.iter().map(|p| describe(lang, p)).collect())
        }
        Err(ReviewError::Other(e)) => return Err(e.into()),
    };
    let body = render(&state, &authed, typed, errors, problems)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
}
