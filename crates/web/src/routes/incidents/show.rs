//! `GET /incidents/{id}`: one incident — elapsed time, the phases with their steps (each with
//! its state, target, contacts behind a click and, for those who may act, a form that names the
//! entry it is based on), the recovery order with backups, all contacts, the timeline, notes and
//! corrections, and closing.

use super::{elapsed, title};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::params::{NoticeQuery, parse_id};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use iryosec_app::incidents::{IncidentView, RecoveryItem};
use iryosec_core::Timestamp;
use iryosec_core::incident::timeline::{KIND_CLOSED, KIND_CORRECTION, KIND_NOTE, KIND_OPENED, KIND_STEP};
use iryosec_core::incident::{
    Phase, STEPS, StepDef, StepStatus, TimelineEntry, Timing, overdue_steps, step_def, timing,
};
use iryosec_core::register::{CONTACT_ROLES, Choice, Register, Registers};
use iryosec_core::role::Permission;

/// A person or body to call.
#[derive(Clone)]
pub struct ContactView {
    pub role: String,
    pub name: String,
    pub phone: String,
    pub after_hours: String,
    pub email: String,
}

pub struct StepView {
    pub code: &'static str,
    pub label: String,
    pub help: String,
    pub status: &'static str,
    pub status_label: String,
    pub actor: String,
    pub at: String,
    pub note: String,
    pub recorded: String,
    /// The entry a change must be based on (0: none yet).
    pub expected: i64,
    /// `overdue`, `late` or empty.
    pub timing: &'static str,
    pub due: String,
    pub contacts: Vec<ContactView>,
    pub has_contacts: bool,
    pub form_status: String,
    pub form_actor: String,
    pub form_done_at: String,
    pub form_note: String,
    pub error: String,
}

pub struct PhaseView {
    pub code: &'static str,
    pub name: String,
    pub progress: String,
    pub steps: Vec<StepView>,
}

pub struct RecoveryView {
    pub name: String,
    pub priority: String,
    pub in_register: bool,
    pub backups: Vec<String>,
}

pub struct EntryRow {
    pub seq: i64,
    pub kind: String,
    pub when: String,
    pub who: String,
    pub what: String,
    pub detail: String,
}

/// A change that was not recorded, shown again where it was made with the reason why.
#[derive(Default)]
pub struct Refused {
    /// The step, or `note` / `close`.
    pub place: String,
    pub status: String,
    pub actor: String,
    pub done_at: String,
    pub note: String,
    pub corrects: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "incident.html")]
struct IncidentPage {
    page: PageCtx,
    id: i64,
    kind: String,
    drill: bool,
    /// For a drill: its record in the drills register, or the form that makes one.
    drill_record: Option<String>,
    drill_new: String,
    closed: bool,
    closed_text: String,
    facts: Vec<(String, String)>,
    opened: String,
    elapsed: String,
    overdue: usize,
    phases: Vec<PhaseView>,
    statuses: Vec<(&'static str, String)>,
    recovery: Vec<RecoveryView>,
    contacts: Vec<ContactView>,
    timeline: Vec<EntryRow>,
    can_edit: bool,
    note_form: Refused,
    close_error: String,
}

fn role_name(code: &str) -> String {
    Choice::by_code(CONTACT_ROLES, code).map_or(code, |c| c.ja).to_owned()
}

/// Everyone on the contact chart, and the vendors of the affected systems with their emergency
/// numbers.
fn contacts(authed: &Authed, registers: &Registers, view: &IncidentView) -> Vec<(String, ContactView)> {
    let mut out = Vec::new();
    for r in &registers.contacts {
        let role = r.text("role").to_owned();
        let name = match r.text("organization") {
            "" => r.text("name").to_owned(),
            org => format!("{}（{org}）", r.text("name")),
        };
        out.push((
            role.clone(),
            ContactView {
                role: role_name(&role),
                name,
                phone: r.text("phone").to_owned(),
                after_hours: r.text("phone_after_hours").to_owned(),
                email: r.text("email").to_owned(),
            },
        ));
    }
    let vendors_named: Vec<&str> = registers
        .systems
        .iter()
        .filter(|s| view.incident.facts.systems.iter().any(|n| n == s.text("name")))
        .flat_map(|s| s.list("vendors"))
        .collect();
    for r in &registers.vendors {
        if !vendors_named.iter().any(|n| *n == r.text("name")) {
            continue;
        }
        let name = match r.text("emergency_contact") {
            "" => r.text("name").to_owned(),
            who => format!("{}（{who}）", r.text("name")),
        };
        let phone = match r.text("emergency_phone") {
            "" => r.text("phone"),
            p => p,
        };
        out.push((
            "vendor_support".to_owned(),
            ContactView {
                role: authed.ctx.lang.tr("incident.vendor_emergency").to_owned(),
                name,
                phone: phone.to_owned(),
                after_hours: r.text("hours").to_owned(),
                email: r.text("email").to_owned(),
            },
        ));
    }
    out
}

fn step_view(
    page: &PageCtx,
    view: &IncidentView,
    def: &'static StepDef,
    contacts: &[(String, ContactView)],
    refused: Option<&Refused>,
    now: Timestamp,
) -> StepView {
    let state = view.state.steps.get(def.code);
    let status = state.map_or(StepStatus::NotDone, |s| s.status);
    let timing = match timing(def, &view.state, &view.targets, view.incident.facts.detected_at, now) {
        Timing::Overdue => "overdue",
        Timing::Late => "late",
        Timing::Fine => "",
    };
    let refused = refused.filter(|r| r.place == def.code);
    let step_contacts: Vec<ContactView> = contacts
        .iter()
        .filter(|(role, _)| def.contacts.contains(&role.as_str()))
        .map(|(_, c)| c.clone())
        .collect();
    StepView {
        code: def.code,
        label: page.t(&def.message_key()).to_owned(),
        help: page.t(&def.help_key()).to_owned(),
        status: status.code(),
        status_label: page.t(status.message_key()).to_owned(),
        actor: state.map(|s| s.actor.clone()).unwrap_or_default(),
        at: state.map(|s| page.datetime(s.at)).unwrap_or_default(),
        note: state.map(|s| s.note.clone()).unwrap_or_default(),
        recorded: state.map(|s| s.recorded_by.clone()).unwrap_or_default(),
        expected: view.state.base_of(def.code),
        timing,
        due: view
            .targets
            .minutes(def)
            .map(|m| page.t1("incident.due", "time", page.duration(m)))
            .unwrap_or_default(),
        has_contacts: !def.contacts.is_empty(),
        contacts: step_contacts,
        form_status: refused.map_or_else(|| next_status(status).to_owned(), |r| r.status.clone()),
        form_actor: refused.map(|r| r.actor.clone()).unwrap_or_default(),
        form_done_at: refused.map(|r| r.done_at.clone()).unwrap_or_default(),
        form_note: refused.map(|r| r.note.clone()).unwrap_or_default(),
        error: refused.map(|r| r.error.clone()).unwrap_or_default(),
    }
}

/// What the form proposes: done for a step not done yet, otherwise the status it has.
fn next_status(status: StepStatus) -> &'static str {
    match status {
        StepStatus::NotDone => StepStatus::Done.code(),
        other => other.code(),
    }
}

fn recovery_view(page: &PageCtx, item: &RecoveryItem) -> RecoveryView {
    let backups = item
        .backups
        .iter()
        .map(|b| {
            let spec = |code: &str| Register::Backups.field(code);
            let mut parts = vec![b.text("name").to_owned(), b.text("method").to_owned()];
            for code in ["frequency", "generations", "media", "offline", "place"] {
                if let Some(s) = spec(code) {
                    let value = b.display(s);
                    if !value.is_empty() {
                        parts.push(format!("{}: {value}", page.t(&format!("register.backups.field.{code}"))));
                    }
                }
            }
            parts.retain(|p| !p.is_empty());
            parts.join(" ／ ")
        })
        .collect();
    RecoveryView {
        name: item.name.clone(),
        priority: item
            .priority
            .map_or_else(|| page.t("incident.priority_none").to_owned(), |p| p.to_string()),
        in_register: item.system.is_some(),
        backups,
    }
}

/// One timeline entry as a row: what it says, in the reader's language.
pub fn entry_row(page: &PageCtx, e: &TimelineEntry, all: &[TimelineEntry]) -> EntryRow {
    let seq_of = |id: i64| all.iter().find(|x| x.id == id).map_or(id, |x| x.seq);
    let (what, detail) = match e.kind.as_str() {
        KIND_OPENED => (page.t("incident.entry.opened").to_owned(), String::new()),
        KIND_STEP => {
            let step = e.step.as_deref().and_then(step_def);
            let label = step.map(|s| page.t(&s.message_key()).to_owned()).unwrap_or_default();
            let status = e.status.as_deref().and_then(StepStatus::parse);
            let status = status.map(|s| page.t(s.message_key()).to_owned()).unwrap_or_default();
            let mut detail = Vec::new();
            if !e.actor.is_empty() {
                detail.push(page.t1("incident.by_actor", "actor", &e.actor));
            }
            if let Some(at) = e.done_at {
                detail.push(format!("{}: {}", page.t("incident.done_at"), page.datetime(Timestamp(at))));
            }
            if !e.note.is_empty() {
                detail.push(e.note.clone());
            }
            (format!("{label}: {status}"), detail.join(" ／ "))
        }
        KIND_NOTE => (page.t("incident.entry.note").to_owned(), e.note.clone()),
        KIND_CORRECTION => {
            let target = e.corrects.map(seq_of).unwrap_or_default();
            (page.t1("incident.entry.correction", "id", target.to_string()), e.note.clone())
        }
        KIND_CLOSED => (page.t("incident.entry.closed").to_owned(), e.note.clone()),
        other => (other.to_owned(), e.note.clone()),
    };
    EntryRow {
        seq: e.seq,
        kind: e.kind.clone(),
        when: page.datetime(Timestamp(e.recorded_at)),
        who: e.recorded_by.clone(),
        what,
        detail,
    }
}

/// The facts of an incident as label and value.
pub fn facts(page: &PageCtx, view: &IncidentView) -> Vec<(String, String)> {
    let f = &view.incident.facts;
    vec![
        (page.t("incident.kind_label").to_owned(), page.t(f.kind.message_key()).to_owned()),
        (page.t("incident.detected_at").to_owned(), page.datetime(f.detected_at)),
        (page.t("incident.detected_by").to_owned(), f.detected_by.clone()),
        (page.t("incident.detected_how").to_owned(), f.detected_how.clone()),
        (page.t("incident.systems").to_owned(), f.systems.join("、")),
    ]
}

/// The incident page; `refused` shows a change that was not recorded, where it was made.
pub async fn render(
    state: &AppState,
    authed: &Authed,
    id: i64,
    refused: Option<Refused>,
    notice: Option<&str>,
) -> WebResult<String> {
    let data = state.app.incident_page(authed.institution_id(), id).await?;
    let (view, registers, now) = (&data.view, &data.registers, data.now);
    let lang = authed.ctx.lang;
    let probe = PageCtx::new(state, &authed.ctx, String::new(), "incidents");
    let page_title = title(&probe, &view.incident.facts);
    let page = PageCtx::new(state, &authed.ctx, page_title, "incidents").with_notice(notice);
    let contacts = contacts(authed, registers, view);
    let phases = Phase::ALL
        .iter()
        .map(|p| {
            let (decided, total) = view.state.progress(*p);
            PhaseView {
                code: p.code(),
                name: page.t(p.message_key()).to_owned(),
                progress: page.t2(
                    "incident.progress",
                    "decided",
                    decided.to_string(),
                    "total",
                    total.to_string(),
                ),
                steps: STEPS
                    .iter()
                    .filter(|s| s.phase == *p)
                    .map(|s| step_view(&page, view, s, &contacts, refused.as_ref(), now))
                    .collect(),
            }
        })
        .collect();
    let statuses = StepStatus::ALL.iter().map(|s| (s.code(), lang.tr(s.message_key()).to_owned())).collect();
    let recovery = &data.recovery;
    let closed_at = view.state.closed_at.or(view.incident.closed_at);
    let refused = refused.unwrap_or_default();
    let close_error = if refused.place == "close" { refused.error.clone() } else { String::new() };
    let note_form = if refused.place == "note" { refused } else { Refused::default() };
    let (drill_record, drill_new) = drill_links(&data, &page);
    Ok(IncidentPage {
        drill_record,
        drill_new,
        id,
        kind: view.incident.facts.kind.code().to_owned(),
        drill: view.incident.facts.drill,
        closed: closed_at.is_some(),
        closed_text: closed_at
            .map(|t| page.t1("incident.closed_at", "date", page.datetime(t)))
            .unwrap_or_default(),
        facts: facts(&page, view),
        opened: page.t2(
            "incident.opened_by",
            "date",
            page.datetime(view.incident.opened_at),
            "by",
            &view.incident.opened_by,
        ),
        elapsed: elapsed(&page, &view.incident.facts, closed_at, now),
        overdue: overdue_steps(&view.state, &view.targets, view.incident.facts.detected_at, now).len(),
        phases,
        statuses,
        recovery: recovery.iter().map(|r| recovery_view(&page, r)).collect(),
        contacts: contacts.into_iter().map(|(_, c)| c).collect(),
        timeline: view.timeline.iter().rev().map(|e| entry_row(&page, e, &view.timeline)).collect(),
        can_edit: authed.ctx.allows(Permission::EditInstitution),
        note_form,
        close_error,
        page,
    }
    .render()?)
}

/// A drill links to the drills register entry that names its number; without one, to the form
/// for a new entry filled in from the drill.
fn drill_links(data: &iryosec_app::incident_pages::IncidentPage, page: &PageCtx) -> (Option<String>, String) {
    let view = &data.view;
    if !view.incident.facts.drill {
        return (None, String::new());
    }
    let record = data.drill_entry.map(|entry| format!("/registers/drills/{entry}"));
    let held_on = view.incident.facts.detected_at.to_jst().map(|t| t.date().to_string()).unwrap_or_default();
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("title", &title(page, &view.incident.facts))
        .append_pair("kind", "実動訓練")
        .append_pair("held_on", &held_on)
        .append_pair("scenario", page.t(view.incident.facts.kind.message_key()))
        .append_pair("incident", &view.incident.id.to_string())
        .finish();
    (record, format!("/registers/drills/new?{query}"))
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    Ok(html(render(&state, &authed, id, None, q.notice.as_deref()).await?))
}
