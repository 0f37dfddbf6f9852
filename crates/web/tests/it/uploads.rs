//! Request bodies: nobody's body is read before the route's access allows it, forms before
//! login are small and never uploads, each upload route's limit is real, an upload waits on
//! disk (not in memory) and is gone when its request is done, and cookies are `Secure` when a
//! trusted proxy says the browser used HTTPS.
use crate::harness::*;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use http_body::Frame;
use iryosec_core::role::Role;
use iryosec_web::{SecureCookies, WebConfig, upload_limits};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use tower::ServiceExt;

const BOUNDARY: &str = "----iryosecTestBoundary";
const TEN_MB: usize = 10 * 1024 * 1024;

/// A body that notes whether the server ever asked it for a byte.
struct Watched {
    polled: Arc<AtomicBool>,
}

impl http_body::Body for Watched {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.polled.store(true, Ordering::SeqCst);
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(vec![b'x'; 64 * 1024])))))
    }
}

/// A POST that declares 10 MB of `content_type` and records whether it was read.
fn declared_ten_mb(path: &str, content_type: &str) -> (Request<Body>, Arc<AtomicBool>) {
    let polled = Arc::new(AtomicBool::new(false));
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, TEN_MB.to_string())
        .body(Body::new(Watched { polled: polled.clone() }))
        .unwrap();
    (req, polled)
}

fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

#[tokio::test]
async fn a_body_is_not_read_before_access_is_granted() {
    let t = ready().await;
    let form = "application/x-www-form-urlencoded";
    let mut anon = Client::default();
    anon.get(&t, "/login").await;
    let cases = [
        // Not logged in: sent to the login page, the upload unread.
        (anon.clone(), "/ledger/import", multipart_type(), StatusCode::SEE_OTHER),
        (anon.clone(), "/aggregate", multipart_type(), StatusCode::SEE_OTHER),
        // Before login only small forms: an upload or a big form is refused from its headers.
        (anon.clone(), "/login", multipart_type(), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (anon.clone(), "/login", form.to_owned(), StatusCode::PAYLOAD_TOO_LARGE),
        (anon.clone(), "/language", form.to_owned(), StatusCode::PAYLOAD_TOO_LARGE),
        // A viewer may not import.
        (logged_in(&t, Role::Viewer).await, "/ledger/import", multipart_type(), StatusCode::FORBIDDEN),
        // A form route takes no upload, whoever sends it.
        (
            logged_in(&t, Role::Editor).await,
            "/incidents",
            multipart_type(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ];
    for (mut client, path, content_type, expected) in cases {
        let (req, polled) = declared_ten_mb(path, &content_type);
        let reply = client.request(&t, req).await;
        assert_eq!(reply.status, expected, "{path} {content_type}");
        assert!(!polled.load(Ordering::SeqCst), "{path} {content_type}: the body was read");
    }
    let (req, _) = declared_ten_mb("/login", &multipart_type());
    let refused = anon.request(&t, req).await;
    assert!(refused.body.contains("この形式の送信は受け付けません"), "{}", refused.body);
}

#[tokio::test]
async fn each_upload_route_has_its_own_real_limit() {
    let limits: std::collections::HashMap<_, _> = upload_limits().into_iter().collect();
    assert_eq!(limits["/aggregate"], 256 * 1024 * 1024);
    assert_eq!(limits["/ledger/import"], TEN_MB);
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let csrf = c.get(&t, "/registers/systems/import").await.csrf();
    // Declared too large: refused before a byte is read.
    let (mut req, polled) = declared_ten_mb("/registers/systems/import", &multipart_type());
    req.headers_mut().insert(header::CONTENT_LENGTH, (TEN_MB + 1).to_string().parse().unwrap());
    assert_eq!(c.request(&t, req).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!polled.load(Ordering::SeqCst));
    // Undeclared: counted as it arrives.
    let big = vec![b'a'; TEN_MB + 1];
    let reply = c.upload(&t, "/registers/systems/import", &csrf, "大きすぎる.csv", &big).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body.contains("送信内容が大きすぎます"), "{}", reply.body);
    // The aggregation takes more than the 11 MB every upload was once held to.
    let csrf = c.get(&t, "/aggregate").await.csrf();
    let twelve_mb = vec![b' '; 12 * 1024 * 1024];
    let parts = [Part::File("bundles", "空白.json", &twelve_mb), Part::Text("output", "page")];
    let reply = c.multipart(&t, "/aggregate", &csrf, &parts).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("空白.json"), "the file was read and named: {}", reply.body);
}

/// A body fed by the test, piece by piece.
struct Fed(tokio::sync::mpsc::Receiver<Bytes>);

impl http_body::Body for Fed {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.0.poll_recv(cx).map(|piece| piece.map(|b| Ok(Frame::data(b))))
    }
}

fn upload_files(dir: &std::path::Path) -> Vec<(String, u64)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.metadata().unwrap().len()))
        .collect()
}

#[tokio::test]
async fn an_upload_waits_on_disk_and_is_gone_after_its_request() {
    let t = ready().await;
    let dir = t.upload_dir();
    let mut c = logged_in(&t, Role::Editor).await;
    let csrf = c.get(&t, "/ledger/import").await.csrf();
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let req = Request::builder()
        .method(Method::POST)
        .uri("/ledger/import")
        .header(header::CONTENT_TYPE, multipart_type())
        .header(header::COOKIE, c.cookie_header())
        .body(Body::new(Fed(rx)))
        .unwrap();
    let sending = tokio::spawn(t.router.clone().oneshot(req));
    let head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{BOUNDARY}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"台帳.csv\"\r\n\r\n管理番号,機器名\r\n"
    );
    tx.send(Bytes::from(head)).await.unwrap();
    let row = "PC-0001,受付端末\r\n".repeat(20_000);
    tx.send(Bytes::from(row.clone())).await.unwrap();
    // While the sender pauses, what has come so far lies in a temporary file.
    let mut on_disk = Vec::new();
    for _ in 0..200 {
        on_disk = upload_files(&dir);
        if on_disk.iter().any(|(_, len)| *len as usize >= row.len()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(
        on_disk.iter().any(|(name, len)| name.starts_with("upload-") && *len as usize >= row.len()),
        "{on_disk:?}"
    );
    tx.send(Bytes::from(format!("\r\n--{BOUNDARY}--\r\n"))).await.unwrap();
    drop(tx);
    let reply = sending.await.unwrap().unwrap();
    assert_eq!(reply.status(), StatusCode::SEE_OTHER);
    let location = reply.headers()[header::LOCATION].to_str().unwrap();
    assert!(location.starts_with("/ledger/import/"), "staged for its preview: {location}");
    assert_eq!(upload_files(&dir), Vec::new(), "the temporary file is deleted");
}

#[tokio::test]
async fn cookies_are_secure_when_a_trusted_proxy_forwards_https() {
    let proxy: std::net::IpAddr = "127.0.0.1".parse().unwrap();
    let config = WebConfig {
        secure_cookies: SecureCookies::WhenForwardedHttps,
        trusted_proxies: vec![proxy],
        ..WebConfig::default()
    };
    let t = app_with(config).await;
    let csrf_cookie = |peer: &str, proto: &str| {
        let req = Request::builder()
            .uri("/setup")
            .header("x-forwarded-proto", proto)
            .extension(ConnectInfo(peer.parse::<std::net::SocketAddr>().unwrap()))
            .body(Body::empty())
            .unwrap();
        async {
            let reply = Client::default().request(&t, req).await;
            reply.set_cookies().into_iter().find(|c| c.contains("iryosec_csrf")).unwrap()
        }
    };
    let via_proxy = csrf_cookie("127.0.0.1:50000", "https").await;
    assert!(via_proxy.starts_with("__Host-iryosec_csrf=") && via_proxy.contains("; Secure"), "{via_proxy}");
    let plain = csrf_cookie("127.0.0.1:50000", "http").await;
    assert!(plain.starts_with("iryosec_csrf=") && !plain.contains("Secure"), "{plain}");
    // Anyone else saying so is not believed.
    let forged = csrf_cookie("192.0.2.7:50000", "https").await;
    assert!(!forged.contains("Secure"), "{forged}");
}
