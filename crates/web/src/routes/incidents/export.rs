//! `GET /incidents/{id}/timeline.json`: the incident, the state of each step and every timeline
//! entry with its hashes, for the record and for anyone who wants to check the chain.

use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::routes::params::parse_id;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let json = state.app.incident_json(authed.institution_id(), id).await?;
    let bytes = serde_json::to_vec_pretty(&json).map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!("インシデント記録_{id}.json");
    Ok(crate::download::attachment(bytes, "application/json", &name, &format!("incident-{id}.json")))
}
