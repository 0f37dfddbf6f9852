//! `POST /logout`, and `POST /session/keep-alive`, which the page's script sends while a person
//! types or asks to stay logged in.

use crate::cookies;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

pub async fn post(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    state.app.logout(&authed.session, &authed.ctx.actor()).await?;
    let mut res = Redirect::to("/login?notice=login.logged_out").into_response();
    if let Some(gone) = cookies::set(cookies::SESSION, "", authed.ctx.meta.secure_cookies, Some(0)) {
        res.headers_mut().append(header::SET_COOKIE, gone);
    }
    Ok(res)
}

/// The session was extended by this request (the session layer did it); says for how long.
pub async fn keep_alive_post(State(state): State<AppState>, authed: Authed) -> Response {
    let left = state.app.session_seconds_left(&authed.session);
    let mut res = serde_json::json!({ "left": left }).to_string().into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}
