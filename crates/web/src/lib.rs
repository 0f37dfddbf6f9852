//! The web UI: server-rendered pages that work without JavaScript, every asset inside the
//! binary, and every route checked for its role.
//!
//! A request passes, outermost first: [`middleware::request`] (request id, security
//! headers) → [`middleware::session`] (who is asking, in which language) →
//! [`middleware::errors`] (turns bare error statuses into localized pages) →
//! [`middleware::csrf`] (every state-changing form carries its token) → the route's
//! [`middleware::guard`] (the role allows it) → the handler in [`routes`].

pub mod assets;
mod cookies;
mod ctx;
mod download;
mod error;
mod form;
pub mod middleware;
mod page;
pub mod routes;
mod state;

pub use routes::{Access, route_table};
pub use state::{AppState, WebConfig};

use axum::Router;

/// The whole application as a `Router`; tests call it without a socket.
pub fn router(state: AppState) -> Router {
    let routes = routes::build(state.clone());
    routes
        .fallback(middleware::errors::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::csrf::check))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::errors::render))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::session::resolve))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::request::stamp))
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM, finishing requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await
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
