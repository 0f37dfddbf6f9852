//! `GET /incidents/new` and `POST /incidents`: opening an incident (or, with `?drill=1`, a
//! drill). The affected systems are picked from the systems register.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::FormErrors;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_core::incident::{IncidentInput, IncidentKind, format_jst_input};
use iryosec_core::register::Register;
use iryosec_core::register::systems;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "incident_new.html")]
struct NewPage {
    page: PageCtx,
    kinds: Vec<(String, String)>,
    /// (name, checked)
    systems: Vec<(String, bool)>,
    input: IncidentInput,
    errors: FormErrors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    drill: String,
}

async fn render(
    state: &AppState,
    authed: &Authed,
    input: IncidentInput,
    errors: FormErrors,
) -> WebResult<String> {
    let key = if input.drill { "incident.new_drill_title" } else { "incident.new_title" };
    let page = PageCtx::new(state, &authed.ctx, authed.ctx.lang.tr(key).to_owned(), "incidents");
    let kinds =
        IncidentKind::ALL.iter().map(|k| (k.code().to_owned(), page.t(k.message_key()).to_owned())).collect();
    let entries = state.app.entries(authed.institution_id(), Register::Systems, None).await?;
    let mut systems: Vec<(String, bool)> = entries
        .iter()
        .map(|e| {
            let name = e.record.text(systems::NAME).to_owned();
            let checked = input.systems.contains(&name);
            (name, checked)
        })
        .collect();
    systems.sort_by_key(|(name, _)| {
        let e = entries.iter().find(|e| e.record.text(systems::NAME) == name);
        (e.and_then(|e| e.record.number(systems::RECOVERY_PRIORITY)).unwrap_or(i64::MAX), name.clone())
    });
    Ok(NewPage { page, kinds, systems, input, errors }.render()?)
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<NewQuery>,
) -> WebResult<Response> {
    let drill = q.drill == "1";
    let lang = authed.ctx.lang;
    // A drill starts from the ransomware scenario, timed from now.
    let input = IncidentInput {
        kind: if drill { IncidentKind::Ransomware.code().to_owned() } else { String::new() },
        title: if drill { lang.tr("incident.drill_title").to_owned() } else { String::new() },
        detected_how: if drill { lang.tr("incident.drill_scenario").to_owned() } else { String::new() },
        detected_at: format_jst_input(state.app.clock.now()),
        drill,
        ..IncidentInput::default()
    };
    let errors = FormErrors::none(authed.ctx.lang);
    Ok(html(render(&state, &authed, input, errors).await?))
}

/// Reads the form as pairs: the systems come as one checkbox each.
fn input_of(form: Vec<(String, String)>) -> IncidentInput {
    let mut input = IncidentInput::default();
    for (k, v) in form {
        match k.as_str() {
            "kind" => input.kind = v,
            "title" => input.title = v,
            "systems" => input.systems.push(v),
            "detected_by" => input.detected_by = v,
            "detected_how" => input.detected_how = v,
            "detected_at" => input.detected_at = v,
            "drill" => input.drill = v == "1",
            _ => {}
        }
    }
    input
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Form(form): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let input = input_of(form);
    let actor = authed.ctx.actor();
    match state.app.open_incident(authed.institution_id(), &input, &actor).await {
        Ok(id) => Ok(Redirect::to(&format!("/incidents/{id}?notice=incident.notice_opened")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let errors = FormErrors::new(authed.ctx.lang, fields);
            let body = render(&state, &authed, input, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
