//! `GET /contact-chart`: the 連絡体制図 as one printable page — an SVG chart in three columns
//! (院内, 事業者, 外部関係機関) and the full list below it. Vendors' emergency contacts come from
//! the vendor register as well as from the chart's own entries.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use iryosec_core::register::{CONTACT_ROLES, Choice, contact_group};
use iryosec_core::register::{contacts, vendors};

/// Left edges of the three columns; the template draws boxes 300 wide.
const COLUMN_X: [i32; 3] = [20, 350, 680];
const TOP: i32 = 70;
const GAP: i32 = 22;
const LINE_H: i32 = 17;

/// One box of the chart.
pub struct ChartBox {
    pub x: i32,
    pub y: i32,
    pub h: i32,
    pub title: String,
    pub lines: Vec<(i32, String)>,
    /// Draw an arrow from the box above (the internal escalation path).
    pub arrow_from: Option<i32>,
}

/// One row of the list.
pub struct ListRow {
    pub group: String,
    pub role: String,
    pub name: String,
    pub organization: String,
    pub phone: String,
    pub after_hours: String,
    pub email: String,
}

#[derive(Template)]
#[template(path = "contact_chart.html")]
struct ChartPage {
    page: PageCtx,
    institution: String,
    today: String,
    headers: Vec<(i32, String)>,
    boxes: Vec<ChartBox>,
    height: i32,
    rows: Vec<ListRow>,
    empty: bool,
}

/// A person or body to show: (column, role name, name, lines of contact details).
struct Item {
    column: usize,
    rank: usize,
    role: String,
    name: String,
    details: Vec<String>,
}

fn rank_of(role: &str) -> usize {
    CONTACT_ROLES.iter().position(|c| c.code == role).unwrap_or(CONTACT_ROLES.len())
}

#[allow(clippy::indexing_slicing, reason = "the column of a box is one of the chart's three columns")]
fn layout(items: &mut [Item]) -> (Vec<ChartBox>, i32) {
    items.sort_by_key(|i| (i.column, i.rank));
    let mut next_y = [TOP; 3];
    let mut boxes = Vec::new();
    for item in items.iter() {
        let lines: Vec<String> =
            std::iter::once(item.name.clone()).chain(item.details.iter().cloned()).collect();
        let h = 28 + LINE_H * i32::try_from(lines.len()).unwrap_or(1);
        let y = next_y[item.column];
        let arrow_from = (item.column == 0 && y > TOP).then_some(y - GAP);
        boxes.push(ChartBox {
            x: COLUMN_X[item.column],
            y,
            h,
            title: item.role.clone(),
            lines: (1..).zip(lines).map(|(n, l)| (y + 22 + LINE_H * n, l)).collect(),
            arrow_from,
        });
        next_y[item.column] = y + h + GAP;
    }
    (boxes, next_y.into_iter().max().unwrap_or(TOP) + 10)
}

pub async fn get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let lang = authed.ctx.lang;
    let page = PageCtx::new(&state, &authed.ctx, lang.tr("register.chart").to_owned(), "registers");
    let chart = state.app.contact_chart(authed.institution_id()).await?;
    let mut items = Vec::new();
    let mut rows = Vec::new();
    let group_name = |g: &str| lang.tr(&format!("register.group_{g}")).to_owned();
    for c in &chart.contacts {
        let r = &c.record;
        let role_code = r.text(contacts::ROLE);
        let role = Choice::by_code(CONTACT_ROLES, role_code).map_or(role_code, |c| c.ja).to_owned();
        let group = contact_group(role_code);
        let column = match group {
            "internal" => 0,
            "vendor" => 1,
            _ => 2,
        };
        let details = [
            ("☎ ", r.text(contacts::PHONE)),
            ("夜間・休日 ", r.text(contacts::PHONE_AFTER_HOURS)),
            ("✉ ", r.text(contacts::EMAIL)),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(p, v)| format!("{p}{v}"))
        .collect();
        let name = match r.text(contacts::ORGANIZATION) {
            "" => r.text(contacts::NAME).to_owned(),
            org => format!("{}（{org}）", r.text(contacts::NAME)),
        };
        items.push(Item { column, rank: rank_of(role_code), role: role.clone(), name, details });
        rows.push(ListRow {
            group: group_name(group),
            role,
            name: r.text(contacts::NAME).to_owned(),
            organization: r.text(contacts::ORGANIZATION).to_owned(),
            phone: r.text(contacts::PHONE).to_owned(),
            after_hours: r.text(contacts::PHONE_AFTER_HOURS).to_owned(),
            email: r.text(contacts::EMAIL).to_owned(),
        });
    }
    for v in chart.vendors.iter().map(|v| &v.record) {
        let details = [
            format!("緊急 ☎ {}", v.text(vendors::EMERGENCY_PHONE)),
            v.text(vendors::EMERGENCY_CONTACT).to_owned(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
        items.push(Item {
            column: 1,
            rank: 0,
            role: "事業者（緊急時）".into(),
            name: v.text(vendors::NAME).to_owned(),
            details,
        });
        rows.push(ListRow {
            group: group_name("vendor"),
            role: "事業者（緊急時）".into(),
            name: v.text(vendors::NAME).to_owned(),
            organization: v.text(vendors::EMERGENCY_CONTACT).to_owned(),
            phone: v.text(vendors::EMERGENCY_PHONE).to_owned(),
            after_hours: v.text(vendors::HOURS).to_owned(),
            email: v.text(vendors::EMAIL).to_owned(),
        });
    }
    let empty = items.is_empty();
    let (boxes, height) = layout(&mut items);
    let headers =
        ["internal", "vendor", "external"].iter().zip(COLUMN_X).map(|(g, x)| (x, group_name(g))).collect();
    let today = page.day(chart.today);
    let institution = chart.institution;
    Ok(html(ChartPage { page, institution, today, headers, boxes, height, rows, empty }.render()?))
}
