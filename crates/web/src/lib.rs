//! The web UI: server-rendered pages that work without JavaScript, every asset inside the
//! binary, and every route checked for its role.
//!
//! Connections are accepted by [`transport`] (connection cap, header and body timeouts). A
//! request then passes, outermost first: [`cancel::mark`] (the flag set when the client goes
//! away) → [`middleware::request`] (request id, security headers, cookie security) → [`middleware::session`] (who is asking,
//! in which language) → [`middleware::errors`] (turns bare error statuses into localized
//! pages) → the route's [`middleware::guard`] (the role allows it, then the body's kind and
//! size, then the CSRF token of [`middleware::csrf`], then a job slot) → the handler in
//! [`routes`], which reads an upload through [`upload::Upload`].

pub mod assets;
pub mod cancel;
mod cookies;
mod ctx;
mod download;
mod error;
mod form;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
mod kept;
pub mod limits;
pub mod middleware;
mod page;
mod refill;
pub mod routes;
mod state;
pub mod transport;
pub mod upload;

pub use limits::Limits;
pub use routes::{Access, route_table, upload_limits};
pub use state::{AppState, SecureCookies, WebConfig};

use axum::Router;

/// The whole application as a `Router`; tests call it without a socket.
pub fn router(state: AppState) -> Router {
    let routes = routes::build(state.clone());
    routes
        .fallback(middleware::errors::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::errors::render))
        .layer(axum::middleware::from_fn_with_state(state.clone(), kept::refill))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::session::resolve))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::request::stamp))
        .layer(axum::middleware::from_fn(cancel::mark))
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM, finishing requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    transport::serve_until(listener, state, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
