//! `POST /logout`.

use crate::cookies;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

pub async fn post(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    state.app.logout(&authed.session, &authed.ctx.actor()).await?;
    let mut res = Redirect::to("/login?notice=login.logged_out").into_response();
    if let Some(gone) = cookies::set(cookies::SESSION, "", authed.ctx.meta.secure_cookies, Some(0)) {
        res.headers_mut().append(header::SET_COOKIE, gone);
    }
    Ok(res)
}
