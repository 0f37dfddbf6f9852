//! `GET /`: the home page. Later capabilities add their cards here.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, format_date, html};
use crate::routes::assessments::view::scope_label;
use crate::routes::audit::{EntryView, entry_views};
use crate::routes::params::NoticeQuery;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use iryosec_app::assessments::AssessmentView;
use iryosec_app::dashboard::{AccountCounts, DashboardScope};
use iryosec_core::assessment::SectionStatus;
use iryosec_core::date::FiscalYear;
use iryosec_core::institution::Institution;
use iryosec_core::role::Permission;
use iryosec_core::start::{StartItem, StepState};

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    page: PageCtx,
    institution: Institution,
    fiscal: FiscalView,
    accounts: Option<AccountCounts>,
    activity: Option<Vec<EntryView>>,
    read_only: bool,
    checklist: Option<ChecklistCard>,
    chart: Option<YearChart>,
    /// Real incidents still open: (id, title), shown first.
    open_incidents: Vec<(i64, String)>,
    /// The ledger's marks counted: a link to the list filtered by each, and its words.
    ledger_marks: Vec<(String, String)>,
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
        label: page.year_label(fy.0),
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
    let scope = DashboardScope {
        accounts: ctx.allows(Permission::ManageUsers),
        activity: ctx.allows(Permission::ViewAudit),
    };
    let d = state.app.dashboard(authed.institution_id(), scope).await?;
    let activity = d.activity.as_deref().map(|entries| entry_views(&page, entries));
    let open_incidents =
        d.open_incidents.iter().map(|i| (i.id, crate::routes::incidents::title(&page, &i.facts))).collect();
    let ledger_marks = ledger_marks(&page, &d.ledger_marks);
    // A card with no one to call is not worth printing yet; the start list leads there first.
    let card_warning = (d.card.freshness != iryosec_core::bcp::card::CardFreshness::Current
        && !d.card.card.calls.is_empty())
    .then(|| crate::routes::bcp::card::status_text(&page, &d.card));
    let checklist = checklist_card(&page, &d.checklists, d.current_year);
    let chart = (d.checklists.len() >= 2).then(|| year_chart(&page, &d.checklists));
    let start = d.start.iter().map(|i| start_view(&page, i)).collect();
    Ok(html(
        DashboardPage {
            fiscal: fiscal_view(d.now, &page),
            page,
            institution: d.institution,
            accounts: d.accounts,
            activity,
            read_only: !ctx.allows(Permission::EditInstitution),
            checklist,
            chart,
            open_incidents,
            ledger_marks,
            card_warning,
            start,
        }
        .render()?,
    ))
}

/// 「サポート終了 2台」… for each mark some device in use carries, each linking to the list.
fn ledger_marks(page: &PageCtx, counts: &iryosec_store::MarkCounts) -> Vec<(String, String)> {
    use iryosec_core::ledger::AssetMark;
    [
        (AssetMark::SupportEnded, counts.support_ended, "ledger.mark.count_ended"),
        (AssetMark::SupportEndsThisYear, counts.support_ending, "ledger.mark.count_ending"),
        (AssetMark::Unconfirmed, counts.unconfirmed, "ledger.mark.count_unconfirmed"),
    ]
    .into_iter()
    .filter(|(_, count, _)| *count > 0)
    .map(|(mark, count, key)| {
        (format!("/ledger?mark={}", mark.code()), page.t1(key, "count", count.to_string()))
    })
    .collect()
}

const BAR: usize = 14;
/// Room under a section's bars for its name, in the chart's own pixels (it is never scaled up).
const LABEL_WIDTH: usize = 170;
const LABEL_CHARS: usize = 13;

/// The current year's checklist, if it has been started.
fn checklist_card(page: &PageCtx, views: &[AssessmentView], current: i32) -> Option<ChecklistCard> {
    views.iter().find(|v| v.record.fiscal_year == current).map(|v| {
        let s = &v.status;
        ChecklistCard {
            id: v.record.id,
            year: page.year_label(v.record.fiscal_year),
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
    })
}

fn year_chart(page: &PageCtx, views: &[AssessmentView]) -> YearChart {
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
        years: ordered.iter().map(|v| page.year_label(v.record.fiscal_year)).collect(),
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
