//! Horizontal bar charts as plain SVG text to put inline in a page: no script, no fonts or
//! styles from elsewhere. The
//! classes (`chart-label`, `bar-bg`, `bar-fg`) are the app's; the bars also carry a fill so
//! the chart reads when saved on its own.

/// One bar: its label, its value as shown, and its share (0–1) as the bar's length.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: String,
    pub share: f64,
}

const ROW: usize = 22;
const LABEL_W: usize = 260;
const BAR_W: usize = 280;
const WIDTH: usize = LABEL_W + BAR_W + 120;
const LABEL_CHARS: usize = 22;

/// Escapes text for SVG (XML) content and attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn shorten(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_owned();
    }
    let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
    s.push('…');
    s
}

/// A chart with one bar per entry; `title` is its accessible name. Long labels are cut
/// short on the chart and given in full as the bar's tooltip.
pub fn bar_chart(title: &str, bars: &[Bar]) -> String {
    let height = bars.len() * ROW + 6;
    let mut out = format!(
        "<svg class=\"chart wide\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\">",
        escape(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = i * ROW + 4;
        let share = if bar.share.is_finite() { bar.share.clamp(0.0, 1.0) } else { 0.0 };
        let len = (share * BAR_W as f64).round();
        out.push_str(&format!(
            "<g><title>{full}: {value}</title><text x=\"0\" y=\"{ty}\" class=\"chart-label\" font-size=\"11\">{label}</text>\
             <rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{BAR_W}\" height=\"16\" class=\"bar-bg\" fill=\"#eef1f4\"></rect>\
             <rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{len}\" height=\"16\" class=\"bar-fg\" fill=\"#2f6f9f\"></rect>\
             <text x=\"{vx}\" y=\"{ty}\" class=\"chart-label\" font-size=\"11\">{value}</text></g>",
            full = escape(&bar.label),
            value = escape(&bar.value),
            label = escape(&shorten(&bar.label)),
            ty = y + 12,
            vx = LABEL_W + BAR_W + 6,
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_has_a_bar_per_entry_scaled_by_share_and_escapes_text() {
        let bars = [
            Bar { label: "はい".into(), value: "30（75.0%）".into(), share: 0.75 },
            Bar { label: "<script>&".into(), value: "10".into(), share: 0.25 },
        ];
        let svg = bar_chart("Q2 \"責任者\"", &bars);
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("class=\"bar-fg\"").count(), 2);
        assert!(svg.contains("width=\"210\""), "{svg}");
        assert!(svg.contains("width=\"70\""), "{svg}");
        assert!(svg.contains("&lt;script&gt;&amp;") && !svg.contains("<script>"));
        assert!(svg.contains("aria-label=\"Q2 &quot;責任者&quot;\""));
        // Inline in a page: no namespace URL, nothing that names a location.
        assert!(!svg.contains("http"));
    }

    #[test]
    fn long_labels_are_shortened_on_the_chart_and_kept_in_the_tooltip() {
        let long =
            "「追記可能な設定がなされた媒体」と「追記不能設定がなされた媒体」を組み合わせて取得している。";
        let svg = bar_chart("Q9", &[Bar { label: long.into(), value: "1".into(), share: 2.0 }]);
        assert!(svg.contains(&format!("<title>{long}: 1</title>")));
        assert!(svg.contains('…'));
        assert!(svg.contains(&format!("width=\"{BAR_W}\" height=\"16\" class=\"bar-fg\"")));
    }
}
