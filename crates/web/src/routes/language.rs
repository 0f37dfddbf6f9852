//! `POST /language`: switches the language before login (after login it is a setting).

use crate::cookies;
use crate::ctx::Ctx;
use axum::Form;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_i18n::Lang;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    back: String,
}

pub async fn switch_post(ctx: Ctx, Form(form): Form<LanguageForm>) -> Response {
    let lang = Lang::parse(&form.lang).unwrap_or_default();
    // Only ever go back to a page of ours.
    let back = if matches!(form.back.as_str(), "/setup" | "/login") { form.back.as_str() } else { "/login" };
    let mut res = Redirect::to(back).into_response();
    if let Some(c) = cookies::set(cookies::LANG, lang.code(), ctx.meta.secure_cookies, Some(365 * 24 * 3600))
    {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}
