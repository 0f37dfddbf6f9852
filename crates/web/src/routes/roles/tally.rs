//! `GET /roles/tally?year=`: the year's role checks tallied into the nine-area matrix — the
//! heat map (drawn by core), the share of ○ and of わからない per area and per 視点, the weakest
//! areas first with the matrix's 対策例 and what bears on them, and last year beside this one.

use super::YearQuery;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use iryosec_core::roles::builtin::RegisterRef;
use iryosec_core::roles::tally::{Group, WeakArea, percent};

/// A share as shown: 「80%」, or a dash when nothing was answered.
fn shown(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_owned(), |s| format!("{}%", percent(s)))
}

pub struct GroupRow {
    pub name: String,
    pub items: usize,
    pub answers: usize,
    pub yes: String,
    pub unknown: String,
}

fn group_row(name: String, g: &Group) -> GroupRow {
    GroupRow {
        name,
        items: g.items,
        answers: g.counts.answered(),
        yes: shown(g.yes_share),
        unknown: shown(g.unknown_share),
    }
}

pub struct WeakView {
    pub area: String,
    pub yes: String,
    pub unknown: String,
    pub measures: Vec<String>,
    pub measures_not_printed: bool,
    /// (number, text, ○ count, × count, わからない count)
    pub items: Vec<(String, String, usize, usize, usize)>,
    /// (label, href): the checklist items and registers that bear on the area.
    pub links: Vec<(String, String)>,
}

pub struct ChangeRow {
    pub area: String,
    pub this_year: String,
    pub last_year: String,
    pub points: String,
}

#[derive(Template)]
#[template(path = "roles_tally.html")]
struct TallyPage {
    page: PageCtx,
    year: i32,
    year_name: String,
    last_year_name: String,
    heat_map: String,
    empty: bool,
    /// (title, whose, responses)
    lists: Vec<(String, String, usize)>,
    areas: Vec<GroupRow>,
    viewpoints: Vec<GroupRow>,
    weakest: Vec<WeakView>,
    changes: Vec<ChangeRow>,
    groups: Vec<GroupRow>,
}

fn weak_view(
    page: &PageCtx,
    w: &WeakArea,
    assessment: Option<i64>,
    numbers: &std::collections::BTreeMap<String, String>,
) -> WeakView {
    let mut links = Vec::new();
    if let Some(b) = w.bearing {
        // An item the year's edition does not have is left out rather than named by its key.
        for (key, number) in b.checklist.iter().filter_map(|k| numbers.get(k).map(|n| (k, n))) {
            let href = assessment.map(|id| format!("/assessments/{id}/items/{key}")).unwrap_or_default();
            links.push((page.t1("roles.tally.checklist_item", "item", number), href));
        }
        for r in &b.registers {
            links.push(match r {
                RegisterRef::Ledger => (page.t("nav.ledger").to_owned(), "/ledger".to_owned()),
                RegisterRef::Register(reg) => (
                    page.t(&format!("register.{}.title", reg.code())).to_owned(),
                    format!("/registers/{}", reg.code()),
                ),
            });
        }
    }
    WeakView {
        area: w.area.name_ja(),
        yes: shown(Some(w.yes_share)),
        unknown: shown(Some(w.unknown_share)),
        measures: w.measures.clone(),
        measures_not_printed: w.measures_not_printed,
        items: w
            .items
            .iter()
            .map(|i| (i.number.clone(), i.text.clone(), i.counts.yes, i.counts.no, i.counts.unknown))
            .collect(),
        links,
    }
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<YearQuery>,
) -> WebResult<Response> {
    let year = q.year(&state)?;
    let inst = authed.institution_id();
    let iryosec_app::role_checks::TallyPage { tally, assessment, numbers } =
        state.app.tally_page(inst, year).await?;
    let page = PageCtx::new(&state, &authed.ctx, authed.ctx.lang.tr("roles.tally.title").to_owned(), "roles");
    let view = TallyPage {
        year,
        year_name: page.year_label(year),
        last_year_name: page.year_label(year - 1),
        heat_map: tally.heat_map.clone(),
        empty: tally.year.is_empty(),
        lists: tally
            .lists
            .iter()
            .map(|l| (l.title.clone(), page.t(l.author.label_key()).to_owned(), l.responses))
            .collect(),
        areas: tally.year.areas.iter().map(|a| group_row(a.area.name_ja(), &a.group)).collect(),
        viewpoints: tally.year.viewpoints.iter().map(|(v, g)| group_row(v.clone(), g)).collect(),
        weakest: tally.weakest.iter().map(|w| weak_view(&page, w, assessment, &numbers)).collect(),
        changes: tally
            .changes
            .iter()
            .map(|c| ChangeRow {
                area: c.area.name_ja(),
                this_year: shown(c.this_year),
                last_year: shown(c.last_year),
                points: c.points().map(|p| format!("{p:+}")).unwrap_or_default(),
            })
            .collect(),
        groups: tally
            .staff_groups
            .iter()
            .map(|g| {
                let department =
                    g.department.clone().unwrap_or_else(|| page.t("roles.tally.other_groups").to_owned());
                let role = g
                    .job_role
                    .map(|j| page.t(&format!("roles.job.{}", j.code())).to_owned())
                    .unwrap_or_default();
                GroupRow {
                    name: format!("{department} {role}").trim().to_owned(),
                    items: g.respondents,
                    answers: g.counts.answered(),
                    yes: shown(g.counts.yes_share()),
                    unknown: shown(g.counts.unknown_share()),
                }
            })
            .collect(),
        page,
    };
    Ok(html(view.render()?))
}
