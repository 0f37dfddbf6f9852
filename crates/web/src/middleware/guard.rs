//! The role check of each route. Every route in [`crate::routes`] is declared with its
//! [`Access`]; this layer enforces it before the handler runs.

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::routes::Access;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

pub async fn check(State((state, access)): State<(AppState, Access)>, req: Request, next: Next) -> Response {
    let Some(ctx) = req.extensions().get::<Ctx>().cloned() else {
        return WebError::Internal("no request context".into()).into_response();
    };
    let set_up = state.is_set_up().await;
    match access {
        Access::Public => next.run(req).await,
        Access::Setup if set_up => Redirect::to("/login?notice=setup.already_done").into_response(),
        Access::Setup => next.run(req).await,
        _ if !set_up => Redirect::to("/setup").into_response(),
        Access::Anonymous => next.run(req).await,
        Access::LoggedIn | Access::Allowed(_) if ctx.session.is_none() => {
            let notice = if ctx.session_expired { "?notice=login.session_expired" } else { "" };
            Redirect::to(&format!("/login{notice}")).into_response()
        }
        Access::LoggedIn => next.run(req).await,
        Access::Allowed(permission) if ctx.allows(permission) => next.run(req).await,
        Access::Allowed(_) => WebError::Forbidden.into_response(),
    }
}
