//! `GET /incidents/{id}/chronology`: the incident as one printable A4 document — its facts, the
//! state of every step, the whole timeline in order, and drafts of the contact to the ministry,
//! the consultation with the police and the report to the 個人情報保護委員会, filled from the
//! record.

use super::show::{EntryRow, entry_row, facts};
use super::{elapsed, title};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::params::parse_id;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use iryosec_app::incident_pages::PatientData;
use iryosec_core::incident::{Phase, STEPS, StepStatus};

pub struct StepRow {
    pub phase: String,
    pub label: String,
    pub status: String,
    pub actor: String,
    pub at: String,
    pub note: String,
}

pub struct Draft {
    pub code: &'static str,
    pub heading: String,
    pub rows: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "incident_chronology.html")]
struct ChronologyPage {
    page: PageCtx,
    institution: String,
    printed_on: String,
    drill: bool,
    facts: Vec<(String, String)>,
    state: String,
    elapsed: String,
    steps: Vec<StepRow>,
    timeline: Vec<EntryRow>,
    chain_ok: bool,
    drafts: Vec<Draft>,
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let chronology = state.app.incident_chronology(authed.institution_id(), parse_id(&id)?).await?;
    let (view, now, institution) = (&chronology.view, chronology.now, chronology.institution.clone());
    let probe = PageCtx::new(&state, &authed.ctx, String::new(), "incidents");
    let page_title = format!("{} — {}", probe.t("incident.chronology"), title(&probe, &view.incident.facts));
    let page = PageCtx::new(&state, &authed.ctx, page_title, "incidents");
    let f = &view.incident.facts;

    let steps: Vec<StepRow> = STEPS
        .iter()
        .map(|s| {
            let st = view.state.steps.get(s.code);
            StepRow {
                phase: page.t(s.phase.message_key()).to_owned(),
                label: page.t(&s.message_key()).to_owned(),
                status: page.t(st.map_or(StepStatus::NotDone, |x| x.status).message_key()).to_owned(),
                actor: st.map(|x| x.actor.clone()).unwrap_or_default(),
                at: st.map(|x| page.datetime(x.at)).unwrap_or_default(),
                note: st.map(|x| x.note.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let closed_at = view.state.closed_at;
    let state_text = match closed_at {
        Some(t) => page.t1("incident.closed_at", "date", page.datetime(t)),
        None => page.t("incident.state_open").to_owned(),
    };

    let patient = match &chronology.patient_data {
        PatientData::Leaked => page.t("incident.report.patient_leak").to_owned(),
        PatientData::Unknown => page.t("incident.report.patient_unknown").to_owned(),
        PatientData::Possible(names) => {
            page.t1("incident.report.patient_possible", "names", names.join("、"))
        }
    };
    let actions: Vec<String> = STEPS
        .iter()
        .filter(|s| s.phase <= Phase::Post)
        .filter_map(|s| view.state.steps.get(s.code).filter(|x| x.status == StepStatus::Done).map(|x| (s, x)))
        .map(|(s, x)| format!("{} {}（{}）", page.datetime(x.at), page.t(&s.message_key()), x.actor))
        .collect();
    let actions = if actions.is_empty() {
        page.t("incident.report.actions_none").to_owned()
    } else {
        actions.join("\n")
    };
    let what = match f.detected_how.as_str() {
        "" => page.t(f.kind.message_key()).to_owned(),
        how => format!("{}: {how}", page.t(f.kind.message_key())),
    };
    let rows = vec![
        (page.t("incident.institution").to_owned(), institution.clone()),
        (page.t("incident.report.what").to_owned(), what),
        (
            page.t("incident.report.detected").to_owned(),
            format!("{} ／ {}", page.datetime(f.detected_at), f.detected_by),
        ),
        (page.t("incident.report.systems").to_owned(), f.systems.join("、")),
        (page.t("incident.report.patient_data").to_owned(), patient),
        (page.t("incident.report.actions").to_owned(), actions),
        (
            page.t("incident.report.state").to_owned(),
            format!("{state_text} ／ {}", elapsed(&page, f, closed_at, now)),
        ),
    ];
    let drafts = ["mhlw", "police", "ppc"]
        .into_iter()
        .map(|code| Draft {
            code,
            heading: page.t(&format!("incident.report.{code}")).to_owned(),
            rows: rows.clone(),
        })
        .collect();
    Ok(html(
        ChronologyPage {
            institution,
            printed_on: page.datetime(now),
            drill: f.drill,
            facts: facts(&page, view),
            state: state_text,
            elapsed: elapsed(&page, f, closed_at, now),
            steps,
            timeline: view.timeline.iter().map(|e| entry_row(&page, e, &view.timeline)).collect(),
            chain_ok: chronology.chain_ok,
            drafts,
            page,
        }
        .render()?,
    ))
}
