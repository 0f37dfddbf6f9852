//! `GET /audit`: the institution's audit log, filtered and paged, with its tamper check.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::{AppState, AuditCheck};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use iryosec_core::Timestamp;
use iryosec_core::audit::chain_key;
use iryosec_core::audit::{AuditAction, AuditEntry};
use iryosec_core::clock::JST;
use iryosec_core::date::parse_date;
use iryosec_store::AuditFilter;
use iryosec_store::AuditVerification;
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

pub fn entry_view(e: &AuditEntry, page: &PageCtx) -> EntryView {
    let action =
        AuditAction::parse(&e.action).map_or(e.action.clone(), |a| page.t(a.message_key()).to_owned());
    EntryView {
        when: page.datetime(Timestamp(e.occurred_at)),
        actor: e.actor_login.clone(),
        action,
        target: match &e.target_id {
            Some(id) => format!("{} {id}", e.target_kind),
            None => e.target_kind.clone(),
        },
        changes: changes(
            e.before_json.as_deref(),
            e.after_json.as_deref(),
            &Wording {
                label: &|k| field_label(page, &e.target_kind, k),
                yes: page.t("common.yes"),
                no: page.t("common.no"),
                text: &|s| page.dated(s),
            },
        ),
        ip: e.actor_ip.clone().unwrap_or_default(),
        failure: e.action == "login.failed" || e.action == "account.locked",
    }
}

/// A changed field's name as its form shows it: ledger and register fields have labels; other
/// records show the stored name.
fn field_label(page: &PageCtx, target_kind: &str, field: &str) -> String {
    let key = match target_kind {
        "asset" => format!("ledger.field.{field}"),
        kind if iryosec_core::register::Register::parse(kind).is_some() => {
            format!("register.{kind}.field.{field}")
        }
        _ => return field.to_owned(),
    };
    match page.t(&key) {
        label if label == key => field.to_owned(),
        label => label.to_owned(),
    }
}

/// How a change is put in words: field names as labels, yes/no in the person's language.
struct Wording<'a> {
    label: &'a dyn Fn(&str) -> String,
    yes: &'a str,
    no: &'a str,
    /// A stored text as shown (a day in the person's date style).
    text: &'a dyn Fn(&str) -> String,
}

/// "name: A → B" for each field that differs; "field: value" for a new record. Records may be
/// stored without their empty fields, so a field left out counts as empty ("—"). Lists read as
/// "A、B".
fn changes(before: Option<&str>, after: Option<&str>, words: &Wording) -> Vec<String> {
    let parse = |s: Option<&str>| s.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok());
    let (before, after) = (parse(before), parse(after));
    let Some(serde_json::Value::Object(after)) = after else { return Vec::new() };
    let before = before.as_ref().and_then(serde_json::Value::as_object);
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => (words.text)(s),
        serde_json::Value::Null => "—".to_owned(),
        serde_json::Value::Bool(b) => (if *b { words.yes } else { words.no }).to_owned(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join("、"),
        other => other.to_string(),
    };
    let blank = |v: Option<&serde_json::Value>| v.is_none_or(|v| v.is_null() || v.as_str() == Some(""));
    let gone = before.into_iter().flatten().filter(|(k, _)| !after.contains_key(*k)).map(|(k, _)| k);
    after
        .keys()
        .chain(gone)
        .filter_map(|k| {
            let (old, new) = (before.and_then(|b| b.get(k)), after.get(k));
            if old == new || (before.is_some() && blank(old) && blank(new)) {
                return None;
            }
            let shown = |v: Option<&serde_json::Value>| v.map_or_else(|| "—".to_owned(), show);
            let name = (words.label)(k);
            Some(match before {
                Some(_) => format!("{name}: {} → {}", shown(old), shown(new)),
                None => format!("{name}: {}", shown(new)),
            })
        })
        .collect()
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
pub async fn anchor_line(
    state: &AppState,
    page: &PageCtx,
    institution: iryosec_core::InstitutionId,
) -> WebResult<String> {
    let Some(head) = state.app.audit_anchor(institution).await? else { return Ok(String::new()) };
    let at = head.at.map(|t| page.datetime(t)).unwrap_or_default();
    Ok(page.lang.tr_args(
        "audit.anchor",
        &[("chain", head.chain), ("seq", head.seq.to_string()), ("at", at), ("hash", head.hash)],
    ))
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

/// The institution's chain check. Re-hashing the whole chain on every view would grow with the
/// log, so a check is reused while the chain's head is unchanged; any new entry (the viewer's
/// own login, say) moves the head and brings a fresh check. `iryosec audit verify` always
/// checks everything.
async fn chain_check(
    state: &AppState,
    institution: iryosec_core::InstitutionId,
) -> WebResult<AuditVerification> {
    let key = chain_key(Some(institution.get()));
    let head = state.app.store.audit_heads().await?.into_iter().find(|h| h.chain == key);
    let (seq, hash) = head.map(|h| (h.seq, h.hash)).unwrap_or_default();
    let cached = state.audit_checks.lock().ok().and_then(|m| m.get(&institution.get()).cloned());
    if let Some(c) = cached.filter(|c| c.head_seq == seq && c.head_hash == hash) {
        return Ok(c.result);
    }
    let result = state.app.store.verify_institution_audit(institution).await?;
    if let Ok(mut m) = state.audit_checks.lock() {
        m.insert(institution.get(), AuditCheck { head_seq: seq, head_hash: hash, result: result.clone() });
    }
    Ok(result)
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
    let (rows, total) = state.app.store.audit_entries(institution, &filter, PAGE_SIZE, offset).await?;
    let verification = chain_check(&state, institution).await?;
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
    let entries = rows.iter().map(|e| entry_view(e, &page)).collect();
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

    const PLAIN: Wording =
        Wording { label: &|k| k.to_owned(), yes: "はい", no: "いいえ", text: &|s| s.to_owned() };

    #[test]
    fn changes_list_what_differs() {
        let c = changes(Some(r#"{"name":"A","beds":120}"#), Some(r#"{"name":"B","beds":120}"#), &PLAIN);
        assert_eq!(c, vec!["name: A → B"]);
        let created = changes(None, Some(r#"{"role":"admin"}"#), &PLAIN);
        assert_eq!(created, vec!["role: admin"]);
        assert!(changes(None, None, &PLAIN).is_empty());
        let cleared =
            changes(Some(r#"{"name":"A","notes":"x","zone":null}"#), Some(r#"{"name":"A","os":""}"#), &PLAIN);
        assert_eq!(cleared, vec!["notes: x → —"], "left out is empty, and empty is no change");
        let set = changes(Some(r#"{"name":"A"}"#), Some(r#"{"name":"A","notes":"y"}"#), &PLAIN);
        assert_eq!(set, vec!["notes: — → y"]);
    }

    #[test]
    fn register_changes_read_in_the_form_s_words() {
        let words =
            Wording {
                label: &|k| format!("«{k}»"), yes: "はい", no: "いいえ", text: &|s| s.to_owned()
            };
        let c = changes(
            Some(r#"{"vendors":["A社"],"patient_info":false}"#),
            Some(r#"{"vendors":["A社","B社"],"patient_info":true}"#),
            &words,
        );
        assert_eq!(c, vec!["«patient_info»: いいえ → はい", "«vendors»: A社 → A社、B社"]);
    }

    #[test]
    fn filter_days_are_japanese_days() {
        let from = day_start("令和7年5月16日", false).unwrap().unwrap();
        let to = day_start("2025-05-16", true).unwrap().unwrap();
        assert_eq!(to.millis() - from.millis(), 24 * 3600 * 1000);
        assert_eq!(from, Timestamp(1_747_321_200_000)); // 2025-05-16 00:00 JST
        assert!(day_start("someday", false).is_err());
    }
}
