//! `GET /healthz`: for monitoring; says only whether the database answers.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;

pub async fn get(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.app.database_answers().await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
