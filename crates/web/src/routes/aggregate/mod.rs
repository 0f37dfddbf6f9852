//! `/aggregate`: 回答の集計 — many institutions' survey answers and self-assessments (JSON
//! bundles) uploaded at once and counted together, shown as tables and charts, or downloaded
//! as Excel or CSV. Nothing is kept on the server: each result is made from the files of that
//! upload.

mod view;

use crate::cancel::Cancelled;
use crate::ctx::Authed;
use crate::download::{CSV, XLSX, attachment};
use crate::error::{WebError, WebResult};
use crate::form::message;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use crate::upload::Upload;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iryosec_app::aggregate as agg;
use iryosec_core::Message;
use iryosec_io::aggregate_input::read_roster;
use iryosec_io::table::Source;
use std::path::PathBuf;
use view::View;

/// Every hospital in Japan's bundles together are some tens of MB.
pub const MAX_UPLOAD_BYTES: usize = 256 * 1024 * 1024;

#[derive(Template)]
#[template(path = "aggregate.html")]
struct Page {
    page: PageCtx,
    problems: Vec<String>,
    result: Option<View>,
}

fn render(
    state: &AppState,
    authed: &Authed,
    problems: Vec<String>,
    result: Option<View>,
) -> WebResult<String> {
    let title = authed.ctx.lang.tr("aggregate.title").to_owned();
    let page = PageCtx::new(state, &authed.ctx, title, "aggregate");
    Ok(Page { page, problems, result }.render()?)
}

pub async fn get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    Ok(html(render(&state, &authed, Vec::new(), None)?))
}

/// The form: the CSRF token first, then `bundles` (many files), `expected` (the roster, may be
/// left empty) and `output` (`page`, `xlsx` or `csv`). The bundles stay on disk until each is
/// read, so the upload's size is not held in memory.
pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    cancelled: Cancelled,
    upload: Upload,
) -> WebResult<Response> {
    let lang = authed.ctx.lang;
    let refuse = |problems: Vec<String>| -> WebResult<Response> {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, html(render(&state, &authed, problems, None)?)).into_response())
    };
    let bundles: Vec<(String, PathBuf)> =
        upload.files("bundles").map(|f| (f.file_name.clone(), f.path().to_owned())).collect();
    if bundles.is_empty() {
        return refuse(vec![lang.tr("aggregate.web.no_files").to_owned()]);
    }
    let roster =
        match upload.file("expected").map(|f| Ok::<_, WebError>((&f.file_name, f.bytes()?))).transpose()? {
            None => Vec::new(),
            Some((name, bytes)) => match read_roster(Source::new(name, &bytes, cancelled.token())) {
                Ok(r) => r,
                Err(problems) => {
                    let heading = lang.tr_args("cli.aggregate.roster_unusable", &[("path", name.as_str())]);
                    let mut lines = vec![heading];
                    lines.extend(problems.iter().map(|m| message(lang, m)));
                    return refuse(lines);
                }
            },
        };
    let cancel = cancelled.token().clone();
    let outcome = tokio::task::spawn_blocking(move || agg::aggregate_files(bundles, &roster, &cancel))
        .await
        .map_err(|e| WebError::Internal(format!("aggregate: {e}")))?
        // Nobody is left to answer.
        .map_err(|_| WebError::Internal("aggregate: abandoned by the client".into()))?;
    let tr = move |m: &Message| message(lang, m);
    let file = lang.tr("aggregate.file_name");
    match (upload.text("output").trim(), outcome.usable()) {
        ("xlsx", true) => {
            Ok(attachment(agg::xlsx(&outcome, &tr)?, XLSX, &format!("{file}.xlsx"), "aggregate.xlsx"))
        }
        ("csv", true) => {
            Ok(attachment(agg::csv(&outcome, &tr), CSV, &format!("{file}.csv"), "aggregate.csv"))
        }
        (_, usable) => {
            let body = render(&state, &authed, Vec::new(), Some(View::new(&outcome, lang)))?;
            let status = if usable { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
            Ok((status, html(body)).into_response())
        }
    }
}
