//! The nine-area matrix as a 3×3 heat map in plain SVG, to put inline in a page or a print:
//! no script, no fonts or styles from elsewhere. Each cell's fill says how much of it is ○ in
//! four steps (and grey where nothing was answered); the text says the share of ○ and of
//! わからない, so the picture never needs its colours to be read. The classes (`heat-cell`,
//! `heat-1` … `heat-4`, `heat-none`) are the app's to style.

use super::model::{Control, Layer};
use super::tally::{AreaTally, percent};
use crate::aggregate::svg::escape;

/// The words on the map, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeatMapText {
    /// The accessible name of the picture.
    pub title: String,
    /// 組織的・システム的・人的, left to right.
    pub layers: [String; 3],
    /// 是正的・発見的・予防的, top to bottom.
    pub controls: [String; 3],
    /// Before the share of ○ (`○`).
    pub yes: String,
    /// Before the share of わからない.
    pub unknown: String,
    /// In a cell nobody answered.
    pub none: String,
}

impl HeatMapText {
    pub fn ja(title: &str) -> HeatMapText {
        HeatMapText {
            title: title.to_owned(),
            layers: Layer::ALL.map(|l| l.name_ja().to_owned()),
            controls: Control::ALL.map(|c| c.name_ja().to_owned()),
            yes: "○".into(),
            unknown: "わからない".into(),
            none: "回答なし".into(),
        }
    }
}

/// The fill steps: from this whole percent of ○ up, this fill and class, and whether the text on
/// it is white.
pub const STEPS: [(u32, &str, &str, bool); 4] = [
    (80, "#1a7f46", "heat-4", true),
    (60, "#a6d96a", "heat-3", false),
    (40, "#fdae61", "heat-2", false),
    (0, "#c62828", "heat-1", true),
];
/// A cell nobody answered.
pub const NONE_FILL: (&str, &str) = ("#e0e0e0", "heat-none");

const HEAD_W: usize = 90;
const HEAD_H: usize = 28;
const CELL_W: usize = 170;
const CELL_H: usize = 70;
const WIDTH: usize = HEAD_W + 3 * CELL_W;
const HEIGHT: usize = HEAD_H + 3 * CELL_H;

/// The fill, class and text colour of a share of ○ (`None`: nothing answered).
pub fn fill_of(share: Option<f64>) -> (&'static str, &'static str, &'static str) {
    let Some(share) = share else { return (NONE_FILL.0, NONE_FILL.1, "#1a1a1a") };
    let p = percent(share);
    let (_, fill, class, white) = STEPS.iter().find(|(from, ..)| p >= *from).copied().unwrap_or(STEPS[3]);
    (fill, class, if white { "#ffffff" } else { "#1a1a1a" })
}

/// The map of nine cells (in any order; each is placed by its area).
pub fn heat_map(text: &HeatMapText, cells: &[AreaTally]) -> String {
    let mut out = format!(
        "<svg class=\"chart heat-map\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\">",
        escape(&text.title)
    );
    for (i, name) in text.layers.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"18\" text-anchor=\"middle\" class=\"chart-label\" font-size=\"13\">{}</text>",
            HEAD_W + i * CELL_W + CELL_W / 2,
            escape(name)
        ));
    }
    for (i, name) in text.controls.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"4\" y=\"{}\" class=\"chart-label\" font-size=\"13\">{}</text>",
            HEAD_H + i * CELL_H + CELL_H / 2 + 5,
            escape(name)
        ));
    }
    for cell in cells {
        out.push_str(&cell_svg(text, cell));
    }
    out.push_str("</svg>");
    out
}

fn cell_svg(text: &HeatMapText, cell: &AreaTally) -> String {
    let x = HEAD_W + cell.area.layer.index() * CELL_W;
    let y = HEAD_H + cell.area.control.index() * CELL_H;
    let (fill, class, ink) = fill_of(cell.group.yes_share);
    let name =
        format!("{}・{}", text.layers[cell.area.layer.index()], text.controls[cell.area.control.index()]);
    let (line1, line2) = match (cell.group.yes_share, cell.group.unknown_share) {
        (Some(yes), Some(unknown)) => {
            (format!("{} {}%", text.yes, percent(yes)), format!("{} {}%", text.unknown, percent(unknown)))
        }
        _ => (text.none.clone(), String::new()),
    };
    let tooltip =
        if line2.is_empty() { format!("{name}: {line1}") } else { format!("{name}: {line1}、{line2}") };
    format!(
        "<g data-area=\"{code}\"><title>{tooltip}</title>\
         <rect x=\"{rx}\" y=\"{ry}\" width=\"{w}\" height=\"{h}\" class=\"heat-cell {class}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"2\"></rect>\
         <text x=\"{tx}\" y=\"{t1}\" text-anchor=\"middle\" fill=\"{ink}\" font-size=\"16\" font-weight=\"bold\">{line1}</text>\
         <text x=\"{tx}\" y=\"{t2}\" text-anchor=\"middle\" fill=\"{ink}\" font-size=\"11\">{line2}</text></g>",
        code = cell.area.code(),
        tooltip = escape(&tooltip),
        rx = x + 1,
        ry = y + 1,
        w = CELL_W - 2,
        h = CELL_H - 2,
        tx = x + CELL_W / 2,
        t1 = y + CELL_H / 2,
        t2 = y + CELL_H / 2 + 18,
        line1 = escape(&line1),
        line2 = escape(&line2),
    )
}
