//! `GET /roles`: the year's role checks — each yearly list with whose it is and how far it is
//! answered, the staff check's answers so far, and the way to the tally.

use super::YearQuery;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use iryosec_core::role::Permission;
use iryosec_core::roles::Audience;

pub struct ListRow {
    pub audience: &'static str,
    pub name: String,
    pub title: String,
    pub author: String,
    pub own: bool,
    pub yes: usize,
    pub no: usize,
    pub unknown: usize,
    pub unanswered: usize,
    pub saved: String,
}

#[derive(Template)]
#[template(path = "roles.html")]
struct RolesPage {
    page: PageCtx,
    year: i32,
    year_name: String,
    rows: Vec<ListRow>,
    staff_answers: usize,
    can_edit: bool,
    can_codes: bool,
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<YearQuery>,
) -> WebResult<Response> {
    let year = q.year(&state)?;
    let inst = authed.institution_id();
    let page = PageCtx::new(&state, &authed.ctx, authed.ctx.lang.tr("roles.page.title").to_owned(), "roles")
        .with_notice(q.notice.as_deref());
    let mut rows = Vec::new();
    for audience in [Audience::Executive, Audience::SystemAdmin, Audience::SelfCheck] {
        let check = state.app.role_check_page(inst, year, audience).await?;
        rows.push(ListRow {
            audience: audience.code(),
            name: page.t(audience.label_key()).to_owned(),
            title: check.list.title.clone(),
            author: page.t(check.list.author.label_key()).to_owned(),
            own: check.list.author == iryosec_core::roles::Author::Iryosec,
            yes: check.counts.yes,
            no: check.counts.no,
            unknown: check.counts.unknown,
            unanswered: check.unanswered,
            saved: check
                .saved
                .map(|(at, by)| page.t2("roles.page.saved_by", "date", page.datetime(at), "name", by))
                .unwrap_or_default(),
        });
    }
    let tally = state.app.tally(inst, year).await?;
    let staff_answers =
        tally.lists.iter().filter(|l| l.audience.answered_by_many()).map(|l| l.responses).sum();
    let view = RolesPage {
        year,
        year_name: page.year_label(year),
        rows,
        staff_answers,
        can_edit: authed.ctx.allows(Permission::EditInstitution),
        can_codes: authed.ctx.allows(Permission::ManageUsers),
        page,
    };
    Ok(html(view.render()?))
}
