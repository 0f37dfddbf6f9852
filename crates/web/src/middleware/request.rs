//! Stamps every request with an id and every response with it and the security headers.

use crate::ctx::RequestMeta;
use crate::state::{AppState, SecureCookies, WebConfig};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};

/// Everything is served from this origin; nothing inline, nothing framed.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The client's address: the TCP peer, or, when the peer is a trusted reverse proxy, the
/// nearest address in `X-Forwarded-For` that is not one of the trusted proxies.
pub fn client_ip(peer: Option<IpAddr>, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let hops = forwarded_for.unwrap_or("").split(',').rev().filter_map(|h| h.trim().parse::<IpAddr>().ok());
    Some(hops.into_iter().find(|ip| !trusted.contains(ip)).unwrap_or(peer))
}

/// Whether a trusted proxy says the browser used HTTPS: the nearest proxy's entry of
/// `Forwarded` (`proto=https`) or of `X-Forwarded-Proto`. Anyone else's word does not count.
pub fn forwarded_https(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> bool {
    if !peer.is_some_and(|p| trusted.contains(&p)) {
        return false;
    }
    let last = |name: &str| {
        let values = headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>();
        values.join(",").rsplit(',').next().map(|v| v.trim().to_ascii_lowercase())
    };
    let from_forwarded = last("forwarded").and_then(|element| {
        element
            .split(';')
            .find_map(|pair| pair.trim().strip_prefix("proto=").map(|p| p.trim_matches('"').to_owned()))
    });
    from_forwarded.or_else(|| last("x-forwarded-proto")).is_some_and(|proto| proto == "https")
}

fn secure_cookies(config: &WebConfig, peer: Option<IpAddr>, headers: &HeaderMap) -> bool {
    match config.secure_cookies {
        SecureCookies::Always => true,
        SecureCookies::Never => false,
        SecureCookies::WhenForwardedHttps => forwarded_https(peer, headers, &config.trusted_proxies),
    }
}

pub async fn stamp(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let id = iryosec_app::token::request_id();
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let ip = client_ip(peer, forwarded, &state.config.trusted_proxies).map(|ip| ip.to_string());
    let secure_cookies = secure_cookies(&state.config, peer, req.headers());
    req.extensions_mut().insert(RequestMeta { id: id.clone(), ip, secure_cookies });
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&id) {
        h.insert(HeaderName::from_static("x-request-id"), v);
    }
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    // Pages hold an institution's weaknesses: keep them out of shared caches and history.
    h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxy = [ip("10.0.0.5")];
        assert_eq!(client_ip(Some(ip("192.0.2.7")), Some("203.0.113.9"), &proxy), Some(ip("192.0.2.7")));
        assert_eq!(client_ip(Some(ip("10.0.0.5")), Some("203.0.113.9"), &proxy), Some(ip("203.0.113.9")));
        // A client cannot hide behind a forged first hop: the nearest untrusted hop counts.
        assert_eq!(
            client_ip(Some(ip("10.0.0.5")), Some("1.2.3.4, 203.0.113.9"), &proxy),
            Some(ip("203.0.113.9"))
        );
        assert_eq!(client_ip(Some(ip("10.0.0.5")), None, &proxy), Some(ip("10.0.0.5")));
        assert_eq!(client_ip(None, Some("203.0.113.9"), &proxy), None);
    }

    #[test]
    fn the_forwarded_scheme_counts_only_from_trusted_proxies() {
        let proxy = [ip("127.0.0.1")];
        let headers = |name: &'static str, value: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(name, HeaderValue::from_static(value));
            h
        };
        let https = headers("x-forwarded-proto", "https");
        assert!(forwarded_https(Some(ip("127.0.0.1")), &https, &proxy));
        assert!(!forwarded_https(Some(ip("192.0.2.7")), &https, &proxy));
        assert!(!forwarded_https(Some(ip("127.0.0.1")), &headers("x-forwarded-proto", "http"), &proxy));
        let standard = headers("forwarded", "for=192.0.2.60;proto=http, for=198.51.100.17;proto=https");
        assert!(forwarded_https(Some(ip("127.0.0.1")), &standard, &proxy));
        assert!(!forwarded_https(Some(ip("127.0.0.1")), &HeaderMap::new(), &proxy));
    }
}
