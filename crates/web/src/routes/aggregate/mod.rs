//! `/aggregate`: 回答の集計 — many institutions' survey answers and self-assessments (JSON
//! bundles) uploaded at once and counted together, shown as tables and charts, or downloaded
//! as Excel or CSV. Nothing is kept on the server: each result is made from the files of that
//! upload.

mod view;

use crate::ctx::Authed;
use crate::download::{CSV, XLSX, attachment};
use crate::error::{WebError, WebResult};
use crate::form::message;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iryosec_app::aggregate as agg;
use iryosec_core::CancelToken;
use iryosec_core::Message;
use iryosec_io::aggregate_input::read_roster;
use iryosec_io::table::Source;
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
/// left empty) and `output` (`page`, `xlsx` or `csv`).
struct Upload {
    bundles: Vec<(String, Vec<u8>)>,
    roster: Option<(String, Vec<u8>)>,
    output: String,
}

async fn read_form(multipart: &mut Multipart) -> WebResult<Upload> {
    let mut up = Upload { bundles: Vec::new(), roster: None, output: String::new() };
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|_| WebError::TooLarge)?.to_vec();
        // A file input left empty still arrives, without a name or content.
        let given = !file_name.is_empty() && !bytes.is_empty();
        match name.as_str() {
            "bundles" if given => up.bundles.push((file_name, bytes)),
            "expected" if given => up.roster = Some((file_name, bytes)),
            "output" => up.output = String::from_utf8_lossy(&bytes).trim().to_owned(),
            _ => {}
        }
    }
    Ok(up)
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    mut multipart: Multipart,
) -> WebResult<Response> {
    let up = read_form(&mut multipart).await?;
    let lang = authed.ctx.lang;
    let refuse = |problems: Vec<String>| -> WebResult<Response> {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, html(render(&state, &authed, problems, None)?)).into_response())
    };
    if up.bundles.is_empty() {
        return refuse(vec![lang.tr("aggregate.web.no_files").to_owned()]);
    }
    let roster = match &up.roster {
        None => Vec::new(),
        Some((name, bytes)) => match read_roster(Source::new(name, bytes, &CancelToken::never())) {
            Ok(r) => r,
            Err(problems) => {
                let heading = lang.tr_args("cli.aggregate.roster_unusable", &[("path", name.as_str())]);
                let mut lines = vec![heading];
                lines.extend(problems.iter().map(|m| message(lang, m)));
                return refuse(lines);
            }
        },
    };
    let bundles = up.bundles;
    let outcome =
        tokio::task::spawn_blocking(move || agg::aggregate_files(bundles, &roster, &CancelToken::never()))
            .await
            .map_err(|e| WebError::Internal(format!("aggregate: {e}")))?
            .map_err(|_| WebError::Internal("aggregate: cancelled".into()))?;
    let tr = move |m: &Message| message(lang, m);
    let file = lang.tr("aggregate.file_name");
    match (up.output.as_str(), outcome.usable()) {
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
