//! `POST /account-reviews`: a new review from the uploaded files (multipart, the CSRF token its
//! first field). Problems with the form or inside a file bring the form back with each problem
//! named by file, row and column; nothing is stored then.

use super::new::{ACCOUNT_SLOTS, Typed, render};
use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::form::{FormErrors, message};
use crate::page::html;
use crate::state::AppState;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::account_reviews::{FileProblem, ReviewError, ReviewRequest, Upload};
use iryosec_core::CancelToken;
use iryosec_i18n::Lang;
use std::collections::BTreeMap;

/// The form's fields: `system_N` with the file `accounts_N`, `roster`, `unused_days`, `reviewed_on`.
async fn read_form(multipart: &mut Multipart) -> WebResult<(ReviewRequest, Typed)> {
    let mut systems: BTreeMap<usize, String> = BTreeMap::new();
    let mut files: BTreeMap<usize, Upload> = BTreeMap::new();
    let mut req = ReviewRequest::default();
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|_| WebError::TooLarge)?.to_vec();
        let slot = |prefix: &str| name.strip_prefix(prefix).and_then(|n| n.parse::<usize>().ok());
        match (name.as_str(), slot("system_"), slot("accounts_")) {
            ("roster", ..) => req.roster = upload(file_name, bytes),
            ("unused_days", ..) => req.unused_days = text(&bytes),
            ("reviewed_on", ..) => req.reviewed_on = text(&bytes),
            (_, Some(n), _) => {
                systems.insert(n, text(&bytes));
            }
            (_, _, Some(n)) => {
                if let Some(u) = upload(file_name, bytes) {
                    files.insert(n, u);
                }
            }
            _ => {}
        }
    }
    let typed = Typed {
        systems: (1..=ACCOUNT_SLOTS).map(|n| systems.get(&n).cloned().unwrap_or_default()).collect(),
        reviewed_on: req.reviewed_on.clone(),
        unused_days: req.unused_days.clone(),
    };
    req.accounts =
        files.into_iter().map(|(n, u)| (systems.get(&n).cloned().unwrap_or_default(), u)).collect();
    Ok((req, typed))
}

/// A file input left empty still arrives, without a name or content.
fn upload(file_name: String, bytes: Vec<u8>) -> Option<Upload> {
    (!file_name.is_empty() && !bytes.is_empty()).then_some(Upload { file_name, bytes })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
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
    mut multipart: Multipart,
) -> WebResult<Response> {
    let (req, typed) = read_form(&mut multipart).await?;
    let lang = authed.ctx.lang;
    let (errors, problems) = match state
        .app
        .run_account_review(authed.institution_id(), req, &authed.ctx.actor(), &CancelToken::never())
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
