//! The diagram of external connections, as plain SVG sized for A4 landscape: the hospital's
//! systems on the left, the connection points in the middle (with their devices and guards),
//! the vendors and other ends on the right; a line for each system a connection reaches and
//! each party that runs it. A connection without two-factor authentication or source
//! restriction is drawn in red and says so.

use super::{CONNECTION_KINDS, Choice, Record};
use crate::aggregate::svg::escape;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A4 landscape at 96 dpi.
const WIDTH: usize = 1123;
const MIN_HEIGHT: usize = 794;
const BOX_H: usize = 56;
const GAP: usize = 14;
const TOP: usize = 70;
const COLUMNS: [(usize, usize); 3] = [(30, 250), (400, 320), (840, 250)];

/// The diagram of these connections. `title` heads it (the institution's name, say).
pub fn connections_svg(title: &str, connections: &[Record]) -> String {
    let systems = names(connections, "systems");
    let parties = parties(connections);
    let rows = systems.len().max(connections.len()).max(parties.len()).max(1);
    let height = (TOP + rows * (BOX_H + GAP) + 60).max(MIN_HEIGHT);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="297mm" height="{h}mm" font-family="sans-serif" font-size="13">"##,
        h = height * 297 / WIDTH
    );
    let _ =
        write!(svg, r##"<text x="30" y="32" font-size="18" font-weight="bold">{}</text>"##, escape(title));
    for (i, heading) in ["院内のシステム", "外部接続", "事業者・接続先"].iter().enumerate()
    {
        let (x, w) = COLUMNS[i];
        let _ = write!(
            svg,
            r##"<text x="{}" y="58" text-anchor="middle" fill="#555">{heading}</text>"##,
            x + w / 2
        );
    }
    let y = |i: usize| TOP + i * (BOX_H + GAP);
    // Lines first, so boxes cover their ends.
    for (c, conn) in connections.iter().enumerate() {
        let warn = !guarded(conn);
        for s in conn.list("systems") {
            if let Some(i) = systems.iter().position(|x| x == s) {
                line(&mut svg, (COLUMNS[0].0 + COLUMNS[0].1, y(i)), (COLUMNS[1].0, y(c)), warn);
            }
        }
        for p in parties_of(conn) {
            if let Some(i) = parties.iter().position(|x| *x == p) {
                line(&mut svg, (COLUMNS[1].0 + COLUMNS[1].1, y(c)), (COLUMNS[2].0, y(i)), warn);
            }
        }
    }
    for (i, s) in systems.iter().enumerate() {
        node(&mut svg, COLUMNS[0], y(i), &[s.as_str()], false);
    }
    for (i, conn) in connections.iter().enumerate() {
        let kind = Choice::by_code(CONNECTION_KINDS, conn.text("kind")).map_or("", |c| c.ja);
        let head = format!("{}（{kind}）", conn.text("name"));
        let devices = conn.list("devices").join("、");
        let guards = guard_line(conn);
        node(&mut svg, COLUMNS[1], y(i), &[&head, &devices, &guards], !guarded(conn));
    }
    for (i, p) in parties.iter().enumerate() {
        node(&mut svg, COLUMNS[2], y(i), &[p.as_str()], false);
    }
    svg.push_str("</svg>");
    svg
}

/// Two-factor authentication and source restriction both recorded as in place.
fn guarded(c: &Record) -> bool {
    c.flag("two_factor") == Some(true) && c.flag("source_restricted") == Some(true)
}

fn guard_line(c: &Record) -> String {
    let word = |v: Option<bool>| match v {
        Some(true) => "あり",
        Some(false) => "なし",
        None => "未記入",
    };
    format!("二要素認証 {}・接続元制限 {}", word(c.flag("two_factor")), word(c.flag("source_restricted")))
}

/// Every name a list field of the connections holds, once, in order.
fn names(connections: &[Record], field: &str) -> Vec<String> {
    let mut seen: BTreeMap<String, ()> = BTreeMap::new();
    let mut out = Vec::new();
    for n in connections.iter().flat_map(|c| c.list(field)) {
        if seen.insert(n.to_owned(), ()).is_none() {
            out.push(n.to_owned());
        }
    }
    out
}

/// Who is at the other end of a connection: its vendors, or else its destination.
fn parties_of(c: &Record) -> Vec<String> {
    let vendors: Vec<String> = c.list("vendors").into_iter().map(str::to_owned).collect();
    if vendors.is_empty() && !c.text("destination").is_empty() {
        vec![c.text("destination").to_owned()]
    } else {
        vendors
    }
}

fn parties(connections: &[Record]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in connections.iter().flat_map(parties_of) {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

fn line(svg: &mut String, from: (usize, usize), to: (usize, usize), warn: bool) {
    let color = if warn { "#c0392b" } else { "#555" };
    let _ = write!(
        svg,
        r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{color}" stroke-width="1.5"/>"##,
        from.0,
        from.1 + BOX_H / 2,
        to.0,
        to.1 + BOX_H / 2
    );
}

fn node(svg: &mut String, (x, w): (usize, usize), y: usize, lines: &[&str], warn: bool) {
    let (stroke, fill) = if warn { ("#c0392b", "#fdecea") } else { ("#333", "#fff") };
    let _ = write!(
        svg,
        r##"<rect x="{x}" y="{y}" width="{w}" height="{BOX_H}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>"##
    );
    for (i, text) in lines.iter().filter(|t| !t.is_empty()).enumerate() {
        let weight = if i == 0 { r#" font-weight="bold""# } else { "" };
        let _ =
            write!(svg, r##"<text x="{}" y="{}"{weight}>{}</text>"##, x + 8, y + 18 + i * 16, escape(text));
    }
}
