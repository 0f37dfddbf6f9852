//! `GET /ledger`: the ledger, searched, filtered and paged.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use iryosec_app::ledger::LedgerQuery;
use iryosec_core::ledger::{AssetKind, AssetMark};
use serde::Deserialize;

const PAGE_SIZE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    kind: String,
    retired: Option<String>,
    mark: String,
    page: i64,
    notice: Option<String>,
}

pub struct Row {
    pub id: i64,
    pub asset_no: String,
    pub name: String,
    pub kind: String,
    pub location: String,
    pub ip: String,
    pub support_ends: String,
    pub confirmed: String,
    pub retired: bool,
    /// Its marks: a bad one (support ended) and warnings.
    pub marks: Vec<(bool, String)>,
}

#[derive(Template)]
#[template(path = "ledger.html")]
struct ListPage {
    page: PageCtx,
    rows: Vec<Row>,
    total: i64,
    q: String,
    kind: String,
    retired: bool,
    kinds: Vec<(String, String)>,
    mark: String,
    marks: Vec<(String, String)>,
    prev: Option<String>,
    next: Option<String>,
}

fn link(q: &ListQuery, page: i64) -> String {
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let retired = if q.retired.is_some() { "&retired=on" } else { "" };
    format!("/ledger?q={}&kind={}&mark={}{retired}&page={page}", enc(&q.q), enc(&q.kind), enc(&q.mark))
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<ListQuery>,
) -> WebResult<Response> {
    let page = PageCtx::new(&state, &authed.ctx, authed.ctx.lang.tr("ledger.title").to_owned(), "ledger")
        .with_notice(q.notice.as_deref());
    let query = LedgerQuery {
        text: q.q.clone(),
        kind: AssetKind::parse(&q.kind),
        include_retired: q.retired.is_some(),
        mark: AssetMark::parse(&q.mark),
    };
    let page_no = q.page.clamp(1, 100_000);
    let offset = (page_no - 1) * PAGE_SIZE;
    let (records, total) = state.app.ledger_page(authed.institution_id(), &query, PAGE_SIZE, offset).await?;
    let rows = records
        .into_iter()
        .map(|m| (m.marks, m.record))
        .map(|(marks, r)| Row {
            marks: marks
                .iter()
                .map(|k| (*k == AssetMark::SupportEnded, page.t(k.message_key()).to_owned()))
                .collect(),
            id: r.id,
            kind: r.asset.kind.map(|k| k.name_ja().to_owned()).unwrap_or_default(),
            support_ends: r.asset.support_ends_on.map(|d| page.day(d)).unwrap_or_default(),
            confirmed: r.asset.confirmed_on.map(|d| page.day(d)).unwrap_or_default(),
            retired: r.asset.retired_on.is_some(),
            asset_no: r.asset.asset_no,
            name: r.asset.name,
            location: r.asset.location,
            ip: r.asset.ip,
        })
        .collect::<Vec<_>>();
    let shown = offset + i64::try_from(rows.len()).unwrap_or(0);
    let kinds = AssetKind::ALL.iter().map(|k| (k.code().to_owned(), k.name_ja().to_owned())).collect();
    let marks =
        AssetMark::ALL.iter().map(|m| (m.code().to_owned(), page.t(m.message_key()).to_owned())).collect();
    Ok(html(
        ListPage {
            prev: (page_no > 1).then(|| link(&q, page_no - 1)),
            next: (shown < total).then(|| link(&q, page_no + 1)),
            page,
            rows,
            total,
            retired: q.retired.is_some(),
            q: q.q,
            kind: q.kind,
            kinds,
            mark: q.mark,
            marks,
        }
        .render()?,
    ))
}
