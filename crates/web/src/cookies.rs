//! The cookies: the session token, the pre-login CSRF token, the pre-login language, and the id
//! of a form kept after its session ran out (`kept`).
//! All are HttpOnly and SameSite=Strict; with TLS they are Secure and `__Host-` prefixed.

use axum::http::{HeaderMap, HeaderValue, header};

pub const SESSION: &str = "iryosec_session";
pub const CSRF: &str = "iryosec_csrf";
pub const LANG: &str = "iryosec_lang";
pub const KEPT: &str = "iryosec_kept";

fn name(base: &str, secure: bool) -> String {
    if secure { format!("__Host-{base}") } else { base.to_owned() }
}

/// The value of a cookie in the request.
pub fn get(headers: &HeaderMap, base: &str, secure: bool) -> Option<String> {
    let wanted = name(base, secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == wanted)
        .map(|(_, v)| v.to_owned())
}

/// A `Set-Cookie` value; `max_age` of `Some(0)` deletes, `None` lasts for the browser session.
pub fn set(base: &str, value: &str, secure: bool, max_age: Option<i64>) -> Option<HeaderValue> {
    let mut cookie = format!("{}={value}; Path=/; HttpOnly; SameSite=Strict", name(base, secure));
    if secure {
        cookie.push_str("; Secure");
    }
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&cookie).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_named_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; iryosec_session=tok; b=2"));
        assert_eq!(get(&h, SESSION, false).as_deref(), Some("tok"));
        assert_eq!(get(&h, SESSION, true), None);
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure_when_asked() {
        let c = set(SESSION, "v", true, None).unwrap();
        assert_eq!(
            c.to_str().unwrap(),
            "__Host-iryosec_session=v; Path=/; HttpOnly; SameSite=Strict; Secure"
        );
        let gone = set(LANG, "", false, Some(0)).unwrap();
        assert!(gone.to_str().unwrap().ends_with("Max-Age=0"));
    }
}
