//! The server over a real socket: a client that sends half a request head, or keeps an idle
//! connection, is closed after the header timeout; one connection over the cap is told so in
//! Japanese and closed; a request whose client goes away is dropped and its flag set.
use axum::Router;
use axum::routing::get;
use iryosec_web::Limits;
use iryosec_web::cancel::Cancelled;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

type Seen = Arc<Mutex<Option<Cancelled>>>;

/// A server of one slow page (`/slow` never answers, and keeps its request's flag in `seen`).
async fn start(limits: Limits) -> (String, Seen, tokio::sync::oneshot::Sender<()>) {
    let seen: Seen = Arc::default();
    let keep = seen.clone();
    let router = Router::new()
        .route("/", get(|| async { "ok" }))
        .route(
            "/slow",
            get(move |cancelled: Cancelled| async move {
                *keep.lock().unwrap() = Some(cancelled);
                tokio::time::sleep(Duration::from_secs(60)).await;
                "late"
            }),
        )
        .layer(axum::middleware::from_fn(iryosec_web::cancel::mark));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        iryosec_web::transport::serve_router(listener, router, &limits, shutdown).await.unwrap();
    });
    (addr, seen, stop)
}

/// How long the server keeps the connection open (reading until it closes it).
async fn open_for(stream: &mut TcpStream, at_most: Duration) -> Duration {
    let started = Instant::now();
    let mut buf = vec![0; 4096];
    loop {
        match tokio::time::timeout(at_most, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return started.elapsed(),
            Ok(Ok(_)) => {}
            Err(_) => panic!("still open after {at_most:?}"),
        }
    }
}

fn quick() -> Limits {
    Limits { header_timeout: Duration::from_secs(1), ..Limits::default() }
}

#[tokio::test]
async fn half_a_header_and_idle_connections_are_closed_after_the_header_timeout() {
    let (addr, _, _stop) = start(quick()).await;
    let mut half = TcpStream::connect(&addr).await.unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.unwrap();
    let open = open_for(&mut half, Duration::from_secs(5)).await;
    assert!(open >= Duration::from_millis(900) && open < Duration::from_millis(2500), "{open:?}");

    let mut idle = TcpStream::connect(&addr).await.unwrap();
    idle.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let mut answer = vec![0; 1024];
    let n = idle.read(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"));
    let open = open_for(&mut idle, Duration::from_secs(5)).await;
    assert!(open < Duration::from_millis(2500), "an idle keep-alive connection stayed {open:?}");
}

#[tokio::test]
async fn a_connection_over_the_cap_is_told_in_japanese_and_closed() {
    let (addr, _, _stop) = start(Limits { max_connections: 2, ..quick() }).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
        held.push(s);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut third = TcpStream::connect(&addr).await.unwrap();
    let mut reply = Vec::new();
    tokio::time::timeout(Duration::from_secs(2), third.read_to_end(&mut reply)).await.unwrap().unwrap();
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 503"), "{reply}");
    assert!(reply.contains("同時に接続できる数の上限に達しています"), "{reply}");
    // Once the held ones are closed by their timeout, there is room again.
    drop(held);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut next = TcpStream::connect(&addr).await.unwrap();
    next.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    next.read_to_end(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn a_request_whose_client_went_away_is_dropped_and_flagged() {
    let (addr, seen, _stop) = start(quick()).await;
    let mut client = TcpStream::connect(&addr).await.unwrap();
    client.write_all(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let flag = loop {
        if let Some(flag) = seen.lock().unwrap().clone() {
            break flag;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert!(!flag.is_set(), "running while the client waits");
    drop(client);
    let started = Instant::now();
    while !flag.is_set() && started.elapsed() < Duration::from_secs(3) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(flag.is_set(), "hyper drops the request when its client goes away");
}
