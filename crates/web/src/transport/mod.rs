//! The server's own accept loop (hyper, HTTP/1.1), so that what a client may hold is bounded:
//! at most [`Limits::max_connections`] connections (one more gets a short Japanese 503 and is
//! closed at once), a request head within [`Limits::header_timeout`] (hyper's header timer also
//! runs while a keep-alive connection waits for its next request, so idle connections close
//! after the same time), and every body read through [`body::TimedBody`]. A client that goes
//! away mid-request ends its connection: hyper drops the request's future, which sets the
//! request's [`crate::cancel::Cancelled`] flag. Ctrl-C or SIGTERM stop accepting, let requests
//! in flight finish, and close idle connections.

pub mod body;

use crate::limits::Limits;
use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use iryosec_i18n::Lang;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Serves the application until `shutdown` completes, then finishes the requests in flight.
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let limits = state.config.limits.clone();
    serve_router(listener, crate::router(state), &limits, shutdown).await
}

/// Serves any router under the limits (the application's, or a test's).
pub async fn serve_router(
    listener: TcpListener,
    router: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let connections = Arc::new(Semaphore::new(limits.max_connections.clamp(1, Semaphore::MAX_PERMITS)));
    let busy = busy_response();
    let mut refusals = Refusals::default();
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        // A new socket's send buffer takes the small busy page without waiting for the client.
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors or the like: wait a moment instead of spinning.
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            let _ = stream.try_write(&busy);
            refusals.note();
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = per_request(router.clone(), peer, limits.body_idle_timeout, limits.body_total_timeout);
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended early");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Each request of a connection: its body timed, its peer known to the router.
fn per_request(
    router: Router,
    peer: SocketAddr,
    idle: Duration,
    total: Duration,
) -> impl hyper::service::Service<
    hyper::Request<Incoming>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone {
    hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let mut req = req.map(|incoming| Body::new(body::TimedBody::new(incoming, idle, total)));
        req.extensions_mut().insert(ConnectInfo(peer));
        router.clone().oneshot(req)
    })
}

/// What a connection over the limit is told before it is closed.
fn busy_response() -> Vec<u8> {
    let lang = Lang::Ja;
    let page = format!(
        "<!doctype html><html lang=\"ja\"><meta charset=\"utf-8\"><title>{0}</title><h1>{0}</h1><p>{1}</p></html>",
        lang.tr("error.title_503"),
        lang.tr("error.too_many_connections")
    );
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/html; charset=utf-8\r\nretry-after: 5\r\n\
         cache-control: no-store\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{page}",
        page.len()
    )
    .into_bytes()
}

/// Refused connections are logged at most every ten seconds, with their count: a flood must
/// not turn into a flood of log lines (nor block the server on a full log pipe).
#[derive(Default)]
struct Refusals {
    since_logged: u64,
    logged_at: Option<tokio::time::Instant>,
}

impl Refusals {
    fn note(&mut self) {
        self.since_logged += 1;
        let now = tokio::time::Instant::now();
        if self.logged_at.is_none_or(|at| now.duration_since(at) >= Duration::from_secs(10)) {
            tracing::warn!(
                refused = self.since_logged,
                "connections refused: the connection limit is reached"
            );
            self.since_logged = 0;
            self.logged_at = Some(now);
        }
    }
}
