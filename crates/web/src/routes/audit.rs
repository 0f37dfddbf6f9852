//! `GET /audit`: the institution's audit log, filtered and paged, with its tamper check.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use iryosec_app::audit_details::{DescribedEntry, DetailLine, EntryDetails, Shown};
use iryosec_core::Timestamp;
use iryosec_core::audit::{AuditAction, AuditEntry};
use iryosec_core::clock::JST;
use iryosec_core::date::parse_date;
use iryosec_store::{AuditFilter, AuditHead};
use serde::Deserialize;

const PAGE_SIZE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    action: String,
    actor: String,
    from: String,
    to: String,
    page: i64,
}

/// One entry as a row of the table.
pub struct EntryView {
    pub when: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub changes: Vec<String>,
    pub ip: String,
    pub failure: bool,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    page: PageCtx,
    query: AuditQuery,
    actions: Vec<(String, String)>,
    entries: Vec<EntryView>,
    showing: String,
    prev: Option<String>,
    next: Option<String>,
    chain_ok: bool,
    chain_message: String,
    date_error: bool,
}

/// Entries as rows, their details in the person's words (`app::audit_details`).
pub fn entry_views(page: &PageCtx, entries: &[DescribedEntry]) -> Vec<EntryView> {
    entries.iter().map(|e| entry_view(&e.entry, &e.details, page)).collect()
}

fn entry_view(e: &AuditEntry, details: &EntryDetails, page: &PageCtx) -> EntryView {
    let action =
        AuditAction::parse(&e.action).map_or(e.action.clone(), |a| page.t(a.message_key()).to_owned());
    EntryView {
        when: page.datetime(Timestamp(e.occurred_at)),
        actor: words(page, &details.actor),
        action,
        target: words(page, &details.target),
        changes: details.lines.iter().map(|l| line(page, l)).collect(),
        ip: e.actor_ip.clone().unwrap_or_default(),
        failure: e.action == "login.failed" || e.action == "account.locked",
    }
}

/// "label: before → after", or "label: value" for a new record.
fn line(page: &PageCtx, l: &DetailLine) -> String {
    let label = words(page, &l.label);
    match &l.before {
        Some(before) => format!("{label}: {} → {}", shown(page, before), shown(page, &l.after)),
        None => format!("{label}: {}", shown(page, &l.after)),
    }
}

fn words(page: &PageCtx, parts: &[Shown]) -> String {
    parts.iter().map(|p| shown(page, p)).collect::<Vec<_>>().join(" ")
}

/// One piece in the person's language and date style.
pub fn shown(page: &PageCtx, s: &Shown) -> String {
    match s {
        Shown::Key(key) => page.t(key).to_owned(),
        Shown::Text(text) => text.clone(),
        Shown::Day(day) => page.day(*day),
        Shown::Prefecture(p) => match page.lang {
            iryosec_i18n::Lang::Ja => p.name_ja().to_owned(),
            iryosec_i18n::Lang::En => p.name_en().to_owned(),
        },
        Shown::Minutes(m) => page.t1("audit.value.minutes", "minutes", m.to_string()),
        Shown::Year(y) => page.year_label(*y),
        Shown::Count(n) => page.t1("audit.value.count", "count", n.to_string()),
        Shown::Empty => "—".to_owned(),
    }
}

/// A typed day as the start of that day in Japan.
fn day_start(input: &str, next_day: bool) -> Result<Option<Timestamp>, ()> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let date = parse_date(input).map_err(|_| ())?;
    let date = if next_day { date.next_day().ok_or(())? } else { date };
    Ok(Some(Timestamp::from_datetime(date.midnight().assume_offset(JST))))
}

/// The small line a printout carries in its footer: the institution's chain head, so that a
/// later `iryosec audit verify --witness` (with the line typed into a witness file) or a look at
/// the log can prove the history up to the print was not rewritten. Empty before any entry.
pub fn anchor_line(page: &PageCtx, head: Option<&AuditHead>) -> String {
    let Some(head) = head else { return String::new() };
    let at = head.at.map(|t| page.datetime(t)).unwrap_or_default();
    page.lang.tr_args(
        "audit.anchor",
        &[
            // The printed copy is always of the institution's own chain, so its id is not shown.
            ("seq", head.seq.to_string()),
            ("at", at),
            ("hash", head.hash.clone()),
        ],
    )
}

fn page_link(q: &AuditQuery, page: i64) -> String {
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "/audit?action={}&actor={}&from={}&to={}&page={page}",
        enc(&q.action),
        enc(&q.actor),
        enc(&q.from),
        enc(&q.to)
    )
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(query): Query<AuditQuery>,
) -> WebResult<Response> {
    let ctx = &authed.ctx;
    let page = PageCtx::new(&state, ctx, ctx.lang.tr("audit.title").to_owned(), "audit");
    let (from, until) = (day_start(&query.from, false), day_start(&query.to, true));
    let date_error = from.is_err() || until.is_err();
    let filter = AuditFilter {
        action: AuditAction::parse(&query.action).map(|a| a.code().to_owned()),
        actor_login: Some(query.actor.trim().to_lowercase()).filter(|a| !a.is_empty()),
        from: from.unwrap_or(None),
        until: until.unwrap_or(None),
    };
    let page_no = query.page.clamp(1, 1_000_000);
    let offset = (page_no - 1) * PAGE_SIZE;
    let institution = authed.institution_id();
    let log = state.app.audit_log_page(institution, &filter, PAGE_SIZE, offset).await?;
    let (rows, total, verification) = (log.entries, log.total, log.chain);
    let chain_message = match &verification.first_break {
        None => page.t1("audit.chain_ok", "count", verification.entries.to_string()),
        Some(b) => page.t2("audit.chain_broken", "chain", &b.chain, "seq", b.seq.to_string()),
    };
    let shown_to = offset + i64::try_from(rows.len()).unwrap_or(0);
    let showing = page.lang.tr_args(
        "audit.showing",
        &[
            ("from", (offset + 1).min(total).to_string()),
            ("to", shown_to.to_string()),
            ("total", total.to_string()),
        ],
    );
    let actions =
        AuditAction::ALL.iter().map(|a| (a.code().to_owned(), page.t(a.message_key()).to_owned())).collect();
    let entries = entry_views(&page, &rows);
    Ok(html(
        AuditPage {
            prev: (page_no > 1).then(|| page_link(&query, page_no - 1)),
            next: (shown_to < total).then(|| page_link(&query, page_no + 1)),
            page,
            query,
            actions,
            entries,
            showing,
            chain_ok: verification.first_break.is_none(),
            chain_message,
            date_error,
        }
        .render()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_days_are_japanese_days() {
        let from = day_start("令和7年5月16日", false).unwrap().unwrap();
        let to = day_start("2025-05-16", true).unwrap().unwrap();
        assert_eq!(to.millis() - from.millis(), 24 * 3600 * 1000);
        assert_eq!(from, Timestamp(1_747_321_200_000)); // 2025-05-16 00:00 JST
        assert!(day_start("someday", false).is_err());
    }
}
