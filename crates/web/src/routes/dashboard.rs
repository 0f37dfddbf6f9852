//! `GET /`: the home page. Later capabilities add their cards here.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, format_date, html};
use crate::routes::assessments::view::scope_label;
use crate::routes::audit::{EntryView, entry_view};
use crate::routes::login::NoticeQuery;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use iryosec_core::assessment::SectionStatus;
use iryosec_core::date::FiscalYear;
use iryosec_core::institution::Institution;
use iryosec_core::role::{Permission, Role};
use iryosec_core::start::{StartItem, StepState};
use iryosec_i18n::Lang;
use iryosec_store::AuditFilter;

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    page: PageCtx,
    institution: Institution,
    fiscal: FiscalView,
    accounts: Option<AccountsView>,
    activity: Option<Vec<EntryView>>,
    read_only: bool,
    checklist: Option<ChecklistCard>,
    chart: Option<YearChart>,
    /// Real incidents still open: (id, title), shown first.
    open_incidents: Vec<(i64, String)>,
    /// The 初動対応カード never printed, or printed before its data changed.
    card_warning: Option<String>,
    start: Vec<StartView>,
}

/// One step of the start list as shown: what to do, where, and whether it is ticked.
struct StartView {
    label: String,
    href: String,
    done: bool,
    /// Says "ready" instead of a tick (a print leaves no record).
    ready: bool,
    started: bool,
    /// The registers of the second step: (name, link, has an entry).
    parts: Vec<(String, String, bool)>,
}

fn start_view(page: &PageCtx, item: &StartItem) -> StartView {
    StartView {
        label: page.t(item.message_key()).to_owned(),
        href: item.href.clone(),
        done: item.done(),
        ready: item.state == StepState::Ready,
        started: item.state == StepState::Started,
        parts: item
            .parts
            .iter()
            .map(|(r, filled)| {
                (crate::routes::registers::title(page, *r), crate::routes::registers::list_path(*r), *filled)
            })
            .collect(),
    }
}

/// The current year's assessment at a glance.
struct ChecklistCard {
    id: i64,
    year: String,
    sections: Vec<SectionStatus>,
    open: Vec<(String, String, String, bool)>,
    overdue: usize,
    missing_dates: usize,
    unanswered: usize,
    drafts: usize,
}

/// はい per section, year over year, as grouped bars.
struct YearChart {
    years: Vec<String>,
    sections: Vec<String>,
    /// Each section's number and (shortened) title, under its bars.
    labels: Vec<String>,
    /// Per section, per year: (x, height, percent).
    bars: Vec<Vec<(usize, usize, usize)>>,
    width: usize,
}

struct FiscalView {
    label: String,
    days_left: i64,
    end: String,
    /// Share of the fiscal year gone, 0–100, for the bar.
    percent: i64,
}

struct AccountsView {
    active: usize,
    admins: usize,
    locked: usize,
    disabled: usize,
}

fn fiscal_view(now: iryosec_core::Timestamp, page: &PageCtx) -> FiscalView {
    let today = now.to_jst().map(|d| d.date());
    let fy = today.map(FiscalYear::containing);
    let (Some(today), Some(fy)) = (today, fy) else {
        return FiscalView { label: String::new(), days_left: 0, end: String::new(), percent: 0 };
    };
    let (start, end) = (fy.start().unwrap_or(today), fy.end().unwrap_or(today));
    let total = (end - start).whole_days() + 1;
    let gone = (today - start).whole_days() + 1;
    let end_ts =
        iryosec_core::Timestamp::from_datetime(end.midnight().assume_offset(iryosec_core::clock::JST));
    FiscalView {
        label: if page.lang == Lang::En { fy.label_en() } else { fy.label_ja() },
        days_left: (end - today).whole_days(),
        end: format_date(end_ts, page.lang, page.date_style),
        percent: (gone * 100 / total.max(1)).clamp(0, 100),
    }
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    let ctx = &authed.ctx;
    let page = PageCtx::new(&state, ctx, ctx.lang.tr("dashboard.title").to_owned(), "home")
        .with_notice(q.notice.as_deref());
    let institution = state.app.institution(authed.institution_id()).await?;
    let fiscal = fiscal_view(state.app.clock.now(), &page);
    let now = state.app.clock.now();
    let accounts = if ctx.allows(Permission::ManageUsers) {
        let users = state.app.users(authed.institution_id()).await?;
        let active: Vec<_> = users.iter().filter(|u| !u.disabled).collect();
        Some(AccountsView {
            active: active.len(),
            admins: active.iter().filter(|u| u.role == Role::Admin).count(),
            locked: active.iter().filter(|u| u.is_locked(now)).count(),
            disabled: users.len() - active.len(),
        })
    } else {
        None
    };
    let activity = if ctx.allows(Permission::ViewAudit) {
        let (entries, _) =
            state.app.store.audit_entries(authed.institution_id(), &AuditFilter::default(), 8, 0).await?;
        Some(entries.iter().map(|e| entry_view(e, &page)).collect())
    } else {
        None
    };
    let read_only = !ctx.allows(Permission::EditInstitution);
    let (checklist, chart) = checklist_views(&state, &authed, &page).await?;
    let open_incidents = state.app.incidents(authed.institution_id(), false).await?;
    let open_incidents = open_incidents
        .iter()
        .filter(|i| i.closed_at.is_none())
        .map(|i| (i.id, crate::routes::incidents::title(&page, &i.facts)))
        .collect();
    let card = state.app.bcp_card(authed.institution_id()).await?;
    let start =
        state.app.start_list(authed.institution_id()).await?.iter().map(|i| start_view(&page, i)).collect();
    let card_warning = (card.freshness != iryosec_core::bcp::card::CardFreshness::Current)
        .then(|| crate::routes::bcp::card::status_text(&page, &card));
    Ok(html(
        DashboardPage {
            page,
            institution,
            fiscal,
            accounts,
            activity,
            read_only,
            checklist,
            chart,
            open_incidents,
            card_warning,
            start,
        }
        .render()?,
    ))
}

const CHART_YEARS: usize = 4;
const BAR: usize = 14;
/// Room under a section's bars for its name, in the chart's own pixels (it is never scaled up).
const LABEL_WIDTH: usize = 170;
const LABEL_CHARS: usize = 13;

async fn checklist_views(
    state: &AppState,
    authed: &Authed,
    page: &PageCtx,
) -> WebResult<(Option<ChecklistCard>, Option<YearChart>)> {
    let institution = authed.institution_id();
    let records = state.app.assessments(institution).await?;
    let mut views = Vec::new();
    for r in records.iter().take(CHART_YEARS) {
        views.push(state.app.assessment_view(institution, r.id).await?);
    }
    let current = state.app.current_fiscal_year().0;
    let card = views.iter().find(|v| v.record.fiscal_year == current).map(|v| {
        let s = &v.status;
        ChecklistCard {
            id: v.record.id,
            year: crate::routes::assessments::list::year_label(page, v.record.fiscal_year),
            sections: s.sections.iter().filter(|x| x.to_answer() > 0).cloned().collect(),
            open: s
                .open
                .iter()
                .take(5)
                .map(|o| {
                    let number = match o.scope {
                        Some(_) => format!("{} {}", o.number, scope_label(page, o.scope)),
                        None => o.number.clone(),
                    };
                    (number, o.title.clone(), o.target.map(|d| page.day(d)).unwrap_or_default(), o.overdue)
                })
                .collect(),
            overdue: s.open.iter().filter(|o| o.overdue).count(),
            missing_dates: s.missing_dates,
            unanswered: s.total().unanswered,
            drafts: s.total().drafts,
        }
    });
    let chart = (views.len() >= 2).then(|| year_chart(page, &views));
    Ok((card, chart))
}

fn year_chart(page: &PageCtx, views: &[iryosec_app::assessments::AssessmentView]) -> YearChart {
    let ordered: Vec<_> = views.iter().rev().collect();
    let mut sections: Vec<String> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    for v in &ordered {
        for s in v.status.sections.iter().filter(|s| s.number != "0") {
            if !sections.contains(&s.number) {
                sections.push(s.number.clone());
                labels.push(short_label(&s.number, &s.title));
            }
        }
    }
    let group = (ordered.len() * BAR + 12).max(LABEL_WIDTH);
    let bars = sections
        .iter()
        .enumerate()
        .map(|(si, number)| {
            ordered
                .iter()
                .enumerate()
                .map(|(yi, v)| {
                    let pct =
                        v.status.sections.iter().find(|s| &s.number == number).map_or(0, |s| s.yes_percent());
                    (30 + si * group + yi * BAR, pct, pct)
                })
                .collect()
        })
        .collect();
    YearChart {
        years: ordered
            .iter()
            .map(|v| crate::routes::assessments::list::year_label(page, v.record.fiscal_year))
            .collect(),
        width: 30 + sections.len() * group,
        sections,
        labels,
        bars,
    }
}

/// 「2 医療情報システムの管理・運用」 cut to what fits under its bars.
fn short_label(number: &str, title: &str) -> String {
    let title: String = if title.chars().count() > LABEL_CHARS {
        title.chars().take(LABEL_CHARS - 1).chain(std::iter::once('…')).collect()
    } else {
        title.to_owned()
    };
    format!("{number} {title}")
}
