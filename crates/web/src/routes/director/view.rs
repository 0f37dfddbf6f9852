//! The director's page as its templates show it, in the person's language and date style.

use crate::form::message;
use crate::page::PageCtx;
use iryosec_app::director::DirectorPage;
use iryosec_core::director::Origin;
use iryosec_core::director::gaps::GapState;
use iryosec_core::roles::tally::percent;

pub struct ChecklistView {
    pub href: String,
    pub edition: String,
    pub yes: usize,
    pub no: usize,
    pub unanswered: usize,
    pub overdue: usize,
    /// (number, title, target day or empty, overdue)
    pub open: Vec<(String, String, String, bool)>,
}

pub struct GapView {
    pub code: &'static str,
    pub label: String,
    pub state_code: &'static str,
    pub state: String,
    pub reasons: Vec<String>,
    pub origins: String,
}

pub struct SignOffView {
    pub signed_on: String,
    pub name: String,
    pub on_behalf: bool,
    pub comment: String,
    pub recorded: String,
}

/// Everything both the screen and the print show.
pub struct DirectorView {
    pub year: i32,
    pub year_name: String,
    pub institution: String,
    pub today: String,
    pub checklist: Option<ChecklistView>,
    pub checklist_origin: String,
    pub gaps: Vec<GapView>,
    pub incidents: String,
    pub incidents_origin: String,
    pub drills: String,
    pub drills_origin: String,
    /// (audience, trained of listed, percent)
    pub training: Vec<(String, String, String)>,
    pub training_origin: String,
    /// (area, share of ○)
    pub weak_areas: Vec<(String, String)>,
    pub heat_map: String,
    pub role_checks_origin: String,
    /// (kind, what to decide, where from)
    pub decisions: Vec<(String, String, String)>,
    pub terms: Vec<(String, String)>,
    pub signoffs: Vec<SignOffView>,
}

/// The state as a stable word, for the page's markup (`data-state`).
fn state_code(state: GapState) -> &'static str {
    match state {
        GapState::Found => "found",
        GapState::Unknown => "unknown",
        GapState::Clear => "clear",
    }
}

fn origin(page: &PageCtx, o: &Origin) -> String {
    message(page.lang, &o.label())
}

pub fn director_view(page: &PageCtx, d: &DirectorPage) -> DirectorView {
    let checklist = d.checklist.as_ref().map(|c| ChecklistView {
        href: format!("/assessments/{}", c.assessment_id),
        edition: c.edition_title.clone(),
        yes: c.yes,
        no: c.no,
        unanswered: c.unanswered,
        overdue: c.overdue,
        open: c
            .open
            .iter()
            .map(|o| {
                (
                    o.number.clone(),
                    o.title.clone(),
                    o.target.map(|t| page.day(t)).unwrap_or_default(),
                    o.overdue,
                )
            })
            .collect(),
    });
    let i = d.incidents;
    DirectorView {
        year: d.fiscal_year,
        year_name: page.year_label(d.fiscal_year),
        institution: d.institution_name.clone(),
        today: page.day(d.today),
        checklist,
        checklist_origin: origin(page, &d.origins.checklist),
        gaps: d
            .gaps
            .iter()
            .map(|g| GapView {
                code: g.gap.code(),
                label: page.t(g.gap.label_key()).to_owned(),
                state_code: state_code(g.state),
                state: page.t(g.state.label_key()).to_owned(),
                reasons: g.reasons.iter().map(|m| message(page.lang, m)).collect(),
                origins: g.origins.iter().map(|o| origin(page, o)).collect::<Vec<_>>().join("、"),
            })
            .collect(),
        incidents: page.t2(
            "director.page.incidents_line",
            "count",
            i.incidents.to_string(),
            "open",
            i.open.to_string(),
        ),
        incidents_origin: origin(page, &d.origins.incidents),
        drills: page.lang.tr_args(
            "director.page.drills_line",
            &[
                ("tabletop", &i.drills.tabletop.to_string()),
                ("functional", &i.drills.functional.to_string()),
                ("runs", &i.drill_incidents.to_string()),
            ],
        ),
        drills_origin: origin(page, &d.origins.drills),
        training: d
            .training
            .iter()
            .map(|c| {
                (
                    c.audience_ja.to_owned(),
                    format!("{} / {}", c.trained, c.listed),
                    c.percent().map(|p| format!("{p}%")).unwrap_or_else(|| "—".to_owned()),
                )
            })
            .collect(),
        training_origin: origin(page, &d.origins.training),
        weak_areas: d
            .role_checks
            .iter()
            .flat_map(|r| &r.weak_areas)
            .map(|w| (w.area.name_ja(), format!("{}%", percent(w.yes_share))))
            .collect(),
        heat_map: d.role_checks.as_ref().map(|r| r.heat_map.clone()).unwrap_or_default(),
        role_checks_origin: origin(page, &d.origins.role_checks),
        decisions: d
            .decisions
            .iter()
            .map(|x| {
                (
                    page.t(x.kind.label_key()).to_owned(),
                    message(page.lang, &x.message),
                    origin(page, &x.origin),
                )
            })
            .collect(),
        terms: d
            .terms
            .iter()
            .map(|(term, means)| (page.t(term).to_owned(), page.t(means).to_owned()))
            .collect(),
        signoffs: d
            .signoffs
            .iter()
            .map(|s| SignOffView {
                signed_on: page.day(s.signoff.signed_on),
                name: s.signoff.director_name.clone(),
                on_behalf: s.signoff.signed_as == iryosec_core::director::signoff::SignedAs::OnBehalf,
                comment: s.signoff.comment.clone(),
                recorded: page.t2(
                    "roles.page.saved_by",
                    "date",
                    page.datetime(s.recorded_at),
                    "name",
                    &s.recorded_by,
                ),
            })
            .collect(),
    }
}
