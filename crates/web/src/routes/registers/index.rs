//! `GET /registers`: every register with how many entries it holds.

use super::{list_path, title};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use iryosec_core::register::Register;

pub struct Card {
    pub href: String,
    pub title: String,
    pub intro: String,
    pub count: usize,
}

#[derive(Template)]
#[template(path = "registers.html")]
struct IndexPage {
    page: PageCtx,
    cards: Vec<Card>,
}

pub async fn get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let page =
        PageCtx::new(&state, &authed.ctx, authed.ctx.lang.tr("register.title").to_owned(), "registers");
    let mut cards = Vec::new();
    for register in Register::ALL {
        let count = state.app.entries(authed.institution_id(), register, None).await?.len();
        cards.push(Card {
            href: list_path(register),
            title: title(&page, register),
            intro: page.t(&format!("register.{}.intro", register.code())).to_owned(),
            count,
        });
    }
    Ok(html(IndexPage { page, cards }.render()?))
}
