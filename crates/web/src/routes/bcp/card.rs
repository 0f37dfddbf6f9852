//! `GET /bcp-card`: the 初動対応カード, one A4 page made from the registers; `POST
//! /bcp-card/printed` records that it was printed (when, by whom, from which data);
//! `GET /bcp-card/contacts`: the contact list alone, to print.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::params::NoticeQuery;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_app::bcp::CardView;
use iryosec_core::bcp::card::{CardContact, CardFreshness, first_steps};
use iryosec_core::role::Permission;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "bcp_card.html")]
struct CardPage {
    page: PageCtx,
    institution: String,
    today: String,
    view: CardView,
    /// (what to do, minutes after detection)
    steps: Vec<(String, String)>,
    freshness: &'static str,
    status: String,
    can_edit: bool,
    audit_anchor: String,
}

#[derive(Template)]
#[template(path = "bcp_contacts.html")]
struct ContactsPage {
    page: PageCtx,
    institution: String,
    today: String,
    calls: Vec<(String, CardContact)>,
}

/// What the page and the dashboard say about the printed card.
pub fn status_text(page: &PageCtx, view: &CardView) -> String {
    match (view.freshness, &view.last_print) {
        (CardFreshness::NeverPrinted, _) | (_, None) => page.t("bcp.card_never_printed").to_owned(),
        (CardFreshness::Stale, Some(p)) => page.t1("bcp.card_stale", "date", page.datetime(p.printed_at)),
        (CardFreshness::Current, Some(p)) => {
            page.t2("bcp.card_current", "date", page.datetime(p.printed_at), "name", &p.printed_by)
        }
    }
}

fn freshness_code(f: CardFreshness) -> &'static str {
    match f {
        CardFreshness::NeverPrinted => "never",
        CardFreshness::Stale => "stale",
        CardFreshness::Current => "current",
    }
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    let lang = authed.ctx.lang;
    let page = PageCtx::new(&state, &authed.ctx, lang.tr("bcp.card_title").to_owned(), "bcp")
        .with_notice(q.notice.as_deref());
    let printout = state.app.card_printout(authed.institution_id()).await?;
    let (view, institution) = (printout.content, printout.institution.profile.name);
    let today = page.date(printout.printed_at);
    let audit_anchor = crate::routes::audit::anchor_line(&page, printout.audit_anchor.as_ref());
    let steps = first_steps()
        .into_iter()
        .map(|s| {
            let within = s.target_minutes.map(|m| page.t1("bcp.card_within", "time", page.duration(m)));
            (page.t(&s.message_key()).to_owned(), within.unwrap_or_default())
        })
        .collect();
    let body = CardPage {
        institution,
        today,
        steps,
        freshness: freshness_code(view.freshness),
        status: status_text(&page, &view),
        view,
        can_edit: authed.ctx.allows(Permission::EditInstitution),
        audit_anchor,
        page,
    };
    Ok(html(body.render()?))
}

#[derive(Deserialize)]
pub struct PrintedForm {
    #[serde(default)]
    fingerprint: String,
}

pub async fn printed_post(
    State(state): State<AppState>,
    authed: Authed,
    Form(form): Form<PrintedForm>,
) -> WebResult<Response> {
    let actor = authed.ctx.actor();
    match state.app.record_card_print(authed.institution_id(), &form.fingerprint, &actor).await {
        Ok(()) => Ok(Redirect::to("/bcp-card?notice=bcp.notice_printed").into_response()),
        Err(AppError::Refused(_)) => {
            Ok(Redirect::to("/bcp-card?notice=bcp.error.card_changed").into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn contacts_get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let lang = authed.ctx.lang;
    let page = PageCtx::new(&state, &authed.ctx, lang.tr("bcp.contacts_title").to_owned(), "bcp");
    let printout = state.app.card_printout(authed.institution_id()).await?;
    let (view, institution) = (printout.content, printout.institution.profile.name);
    let today = page.date(printout.printed_at);
    let calls = view
        .card
        .calls
        .into_iter()
        .map(|c| (page.t(&format!("register.group_{}", c.group)).to_owned(), c))
        .collect();
    Ok(html(ContactsPage { page, institution, today, calls }.render()?))
}
