//! The item forms of the edition editor: one item changed, added, removed, or checked against
//! the ministry's official form by the logged-in person.

use super::{back, editor_page, title};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::FormErrors;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use iryosec_app::AppError;
use iryosec_core::catalog::{ItemFields, Scope};
use serde::Deserialize;

/// The item form's fields (scopes are repeated check boxes).
fn item_fields(pairs: &[(String, String)]) -> ItemFields {
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    ItemFields {
        number: get("number"),
        key: get("key"),
        section: get("section"),
        title: get("title"),
        scopes: pairs.iter().filter(|(k, _)| k == "scope").filter_map(|(_, v)| Scope::parse(v)).collect(),
        due: get("due"),
        vendor_contract: !get("vendor_contract").is_empty(),
        gate: !get("gate").is_empty(),
        guidance: get("guidance"),
    }
}

/// An item's change (or a new item, `index` none) refused for its fields: the editor again, with
/// the problems next to the fields.
async fn refused_item(
    state: &AppState,
    authed: &Authed,
    id: i64,
    index: Option<usize>,
    fields: ItemFields,
    errors: Vec<iryosec_core::FieldError>,
) -> WebResult<Response> {
    let view = state.app.edition_draft(authed.institution_id(), id).await?;
    let page = title(state, authed, "definitions.draft_title");
    let errors = FormErrors::new(page.lang, errors);
    editor_page(page, view, Some((index, fields, errors)))
}

pub async fn item_post(
    State(state): State<AppState>,
    authed: Authed,
    Path((id, index)): Path<(i64, usize)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let fields = item_fields(&pairs);
    let saved = state
        .app
        .save_draft_item(authed.institution_id(), id, index, fields.clone(), &authed.ctx.actor())
        .await;
    match saved {
        Ok(()) => Ok(back(id, &format!("item-{index}"))),
        Err(AppError::Invalid(errors)) => {
            refused_item(&state, &authed, id, Some(index), fields, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn add_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let fields = item_fields(&pairs);
    match state.app.add_draft_item(authed.institution_id(), id, fields.clone(), &authed.ctx.actor()).await {
        Ok(at) => Ok(back(id, &format!("item-{at}"))),
        Err(AppError::Invalid(errors)) => refused_item(&state, &authed, id, None, fields, errors).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn remove_post(
    State(state): State<AppState>,
    authed: Authed,
    Path((id, index)): Path<(i64, usize)>,
) -> WebResult<Response> {
    state.app.remove_draft_item(authed.institution_id(), id, index, &authed.ctx.actor()).await?;
    Ok(back(id, "items"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CheckForm {
    checked: String,
}

pub async fn check_post(
    State(state): State<AppState>,
    authed: Authed,
    Path((id, index)): Path<(i64, usize)>,
    Form(f): Form<CheckForm>,
) -> WebResult<Response> {
    let person = authed.user().display_name.clone();
    let checked = f.checked == "1";
    state
        .app
        .check_draft_item(authed.institution_id(), id, index, checked, &person, &authed.ctx.actor())
        .await?;
    Ok(back(id, &format!("item-{index}")))
}
