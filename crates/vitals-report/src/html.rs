//! The report as one self-contained HTML file: a grid of metric cards with status colours,
//! and a line chart per metric (inline SVG, the target drawn as a dashed line). No script
//! and no network access are needed to view it.

use crate::table::{change_text, goal_text, signal_text, target_text, value_text};
use crate::{MetricResult, Report, Status, Verdict, format_value};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use vitals_core::Point;

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1f2933;background:#f7f9fb}\
h1{margin:0 0 .25rem}p.range{color:#52606d;margin:0 0 1.5rem}\
h2{margin:2rem 0 .75rem;font-size:1.1rem;color:#334e68}\
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:.75rem}\
.card{background:#fff;border:1px solid #d9e2ec;border-left:6px solid #9aa5b1;border-radius:6px;padding:.75rem}\
.card.met{border-left-color:#2f9e44}.card.missed{border-left-color:#e03131}.card.no_value{border-left-color:#adb5bd}\
.name{font-size:.85rem;color:#52606d}.value{font-size:1.5rem;font-weight:600;margin:.2rem 0}\
.change{font-size:.8rem}.good{color:#2f9e44}.bad{color:#e03131}.neutral{color:#52606d}\
.status{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:#52606d}\
svg{display:block;margin-top:.5rem}ul.skipped{color:#52606d}\
.card.wide{grid-column:span 2}ul.legend{list-style:none;padding:0;margin:.4rem 0 0;font-size:.75rem;columns:2}\
ul.legend li{margin:.1rem 0;break-inside:avoid}ul.legend .swatch{display:inline-block;width:.8rem;height:.25rem;margin-right:.3rem;vertical-align:middle}\
ul.legend li.total{font-weight:600}p.breakdown{font-size:.75rem;color:#52606d;margin:.4rem 0 0}\
.card.signal-warning{box-shadow:0 0 0 2px #e03131}.card.signal-notable{box-shadow:0 0 0 2px #1c7ed6}\
.badge{display:inline-block;font-size:.7rem;font-weight:600;border-radius:3px;padding:0 .3rem;margin-left:.3rem;color:#fff}\
.badge.warning{background:#e03131}.badge.notable{background:#1c7ed6}\
p.signal,p.goal{font-size:.75rem;color:#52606d;margin:.4rem 0 0}p.goal b.behind{color:#e03131}p.goal b.ahead,p.goal b.on_track{color:#2f9e44}";

/// The colours of a breakdown's group lines, in the order of the groups.
const PALETTE: [&str; 10] = [
    "#1c7ed6", "#f08c00", "#2f9e44", "#e03131", "#7048e8", "#0c8599", "#d6336c", "#66a80f",
    "#5f3dc4", "#e8590c",
];

/// Renders the report as a self-contained HTML page.
pub fn to_html(report: &Report) -> String {
    let (first, last) = match (report.periods.first(), report.periods.last()) {
        (Some(f), Some(l)) => (f.label.as_str(), l.label.as_str()),
        _ => ("", ""),
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>KPI report {first} … {last}</title><style>{STYLE}</style></head><body>\n\
         <h1>KPI report</h1><p class=\"range\">{range}</p>\n",
        first = escape(first),
        last = escape(last),
        range = escape(&report.range_text()),
    );
    if !report.filters.is_empty() {
        out.push_str(&format!(
            "<p class=\"range\">where {}</p>\n",
            escape(&report.filter_text())
        ));
    }
    if report.by.is_some() {
        out.push_str(&format!(
            "<p class=\"range\">{}: a line per group, the total in black</p>\n",
            escape(&report.by_text())
        ));
    }
    let mut families: Vec<&str> = Vec::new();
    for m in &report.metrics {
        if !families.contains(&m.family.as_str()) {
            families.push(&m.family);
        }
    }
    for family in families {
        out.push_str(&format!(
            "<h2>{}</h2><div class=\"grid\">\n",
            escape(family)
        ));
        for m in report.metrics.iter().filter(|m| m.family == family) {
            out.push_str(&card(m, first, last));
        }
        out.push_str("</div>\n");
    }
    if !report.skipped.is_empty() {
        out.push_str("<h2>Skipped</h2><ul class=\"skipped\">\n");
        for s in &report.skipped {
            out.push_str(&format!(
                "<li><code>{}</code>: {}</li>\n",
                escape(&s.id),
                escape(&s.reason)
            ));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body></html>\n");
    out
}

fn card(m: &MetricResult, first: &str, last: &str) -> String {
    let status_class = match m.status {
        Status::Met => "met",
        Status::Missed => "missed",
        Status::NoValue => "no_value",
        Status::NoTarget => "no_target",
        Status::Provisional => "provisional",
    };
    let verdict = match m.change().map(|c| c.verdict) {
        Some(Verdict::Good) => "good",
        Some(Verdict::Bad) => "bad",
        _ => "neutral",
    };
    let target = target_text(m);
    let status = if m.status == Status::NoTarget {
        String::new()
    } else {
        format!("{} · target {}", m.status.label(), escape(&target))
    };
    let groups = m.groups_by_last();
    let wide = if groups.is_empty() { "" } else { " wide" };
    let mut lines = vec![Line {
        label: "total".to_string(),
        values: &m.values,
        colour: if groups.is_empty() {
            "#1c7ed6"
        } else {
            "#1f2933"
        },
        width: if groups.is_empty() { 2.0 } else { 3.0 },
    }];
    for (i, g) in groups.iter().enumerate() {
        lines.push(Line {
            label: g.name.clone(),
            values: &g.values,
            colour: PALETTE[i % PALETTE.len()],
            width: 1.5,
        });
    }
    let mut legend = String::new();
    if !groups.is_empty() {
        legend.push_str("<ul class=\"legend\">");
        for (i, line) in lines.iter().enumerate() {
            let last = line.values.last().and_then(|p| p.value);
            legend.push_str(&format!(
                "<li{class}><span class=\"swatch\" style=\"background:{colour}\"></span>{label} {value}</li>",
                class = if i == 0 { " class=\"total\"" } else { "" },
                colour = line.colour,
                label = escape(&line.label),
                value = escape(&value_text(m, last)),
            ));
        }
        legend.push_str("</ul>");
    }
    if let Some(reason) = &m.breakdown {
        legend.push_str(&format!("<p class=\"breakdown\">{}</p>", escape(reason)));
    }
    let width = if groups.is_empty() { 220.0 } else { 460.0 };
    let (signal_class, badge) = match &m.signal {
        Some(s) => {
            legend.push_str(&format!(
                "<p class=\"signal\">{}</p>",
                escape(&signal_text(m))
            ));
            (
                format!(" signal-{}", s.kind.as_str()),
                format!(
                    "<span class=\"badge {kind}\" title=\"{title}\">{kind}</span>",
                    kind = s.kind.as_str(),
                    title = escape(&s.basis)
                ),
            )
        }
        None => (String::new(), String::new()),
    };
    if let Some(g) = &m.goal {
        let status = serde_json::to_value(g.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let expected = g
            .expected
            .map(|e| format!("{} expected, ", format_value(e, m.unit)))
            .unwrap_or_default();
        legend.push_str(&format!(
            "<p class=\"goal\" title=\"{title}\">goal <b class=\"{status}\">{label}</b>: {expected}{target} by {by}</p>",
            title = escape(&goal_text(m)),
            label = g.status.label(),
            target = escape(&format_value(g.target, m.unit)),
            by = g.by,
        ));
    }
    format!(
        "<div class=\"card {status_class}{wide}{signal_class}\" data-metric=\"{id}\"><div class=\"name\">{name}{badge}</div>\
         <div class=\"value\">{value}</div><div class=\"change {verdict}\">{change}</div>\
         <div class=\"status\">{status}</div>{chart}{legend}</div>\n",
        id = escape(&m.id),
        name = escape(&m.name),
        value = escape(&value_text(m, m.last())),
        change = escape(&change_text(m)),
        chart = chart(m, &lines, width, first, last),
    )
}

/// One line of a chart.
struct Line<'a> {
    label: String,
    values: &'a [Point],
    colour: &'static str,
    width: f64,
}

/// A line chart of the series (the total and any groups), with gaps where a value is
/// undefined and dashed target lines; a value axis (its lowest and highest value), the first
/// and last period under the plot, and a tooltip (SVG `<title>`) on every point.
fn chart(m: &MetricResult, lines: &[Line], w: f64, first: &str, last: &str) -> String {
    const H: f64 = 92.0;
    const PAD: f64 = 4.0;
    // Room for the periods' labels below the plot.
    const BOTTOM: f64 = 16.0;
    let series: Vec<Vec<Option<f64>>> = lines
        .iter()
        .map(|l| {
            l.values
                .iter()
                .map(|p| p.value.and_then(|v| v.to_f64()))
                .collect()
        })
        .collect();
    let targets: Vec<f64> = m
        .target
        .map(|t| {
            [t.min, t.max]
                .into_iter()
                .flatten()
                .filter_map(|v: Decimal| v.to_f64())
                .collect()
        })
        .unwrap_or_default();
    // The expected band of a signal, at the last period, and the path of a goal.
    let band: Option<(f64, f64)> = m
        .signal
        .as_ref()
        .and_then(|s| Some((s.expected_low.to_f64()?, s.expected_high.to_f64()?)));
    let path: Vec<Option<f64>> = m
        .goal
        .as_ref()
        .map(|g| g.path.iter().map(|v| v.and_then(|v| v.to_f64())).collect())
        .unwrap_or_default();
    let all: Vec<f64> = series
        .iter()
        .flatten()
        .flatten()
        .copied()
        .chain(targets.iter().copied())
        .chain(band.iter().flat_map(|(lo, hi)| [*lo, *hi]))
        .chain(path.iter().flatten().copied())
        .collect();
    let (Some(lo), Some(hi)) = (
        all.iter().copied().reduce(f64::min),
        all.iter().copied().reduce(f64::max),
    ) else {
        return format!(
            "<svg width=\"{w}\" height=\"{H}\" role=\"img\" aria-label=\"no values\"></svg>"
        );
    };
    let shown = |v: f64| Decimal::from_f64(v).map_or_else(String::new, |d| format_value(d, m.unit));
    let (high, low) = (shown(hi), shown(lo));
    // The value axis's labels on the left: about 5 px a character at 9 px.
    let longest = high.chars().count().max(low.chars().count()) as f64;
    let left = (longest * 5.0 + 10.0).clamp(24.0, w / 2.0);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let n = m.values.len().max(2) as f64 - 1.0;
    let x = |i: usize| left + (w - left - PAD) * i as f64 / n;
    let bottom = H - BOTTOM;
    let y = |v: f64| bottom - PAD - (bottom - 2.0 * PAD) * (v - lo) / span;
    let mut svg = format!(
        "<svg width=\"{w}\" height=\"{H}\" viewBox=\"0 0 {w} {H}\" role=\"img\" \
         aria-label=\"{} from {} to {}\">",
        escape(&m.name),
        escape(first),
        escape(last)
    );
    // The axes: the value axis with the lowest and highest value drawn, the time axis with
    // the first and last period.
    svg.push_str(&format!(
        "<g data-axis=\"value\" font-size=\"9\" fill=\"#52606d\">\
         <line x1=\"{a:.1}\" x2=\"{a:.1}\" y1=\"{PAD}\" y2=\"{bottom:.1}\" stroke=\"#cbd2d9\"/>\
         <text x=\"{t:.1}\" y=\"{top:.1}\" text-anchor=\"end\">{high}</text>\
         <text x=\"{t:.1}\" y=\"{low_y:.1}\" text-anchor=\"end\">{low}</text></g>",
        a = left - 4.0,
        t = left - 6.0,
        top = y(hi) + 3.0,
        low_y = y(lo) + 3.0,
        high = escape(&high),
        low = escape(&low),
    ));
    svg.push_str(&format!(
        "<g data-axis=\"time\" font-size=\"9\" fill=\"#52606d\">\
         <line x1=\"{a:.1}\" x2=\"{r:.1}\" y1=\"{bottom:.1}\" y2=\"{bottom:.1}\" stroke=\"#cbd2d9\"/>\
         <text x=\"{l:.1}\" y=\"{ty:.1}\">{first}</text>\
         <text x=\"{r:.1}\" y=\"{ty:.1}\" text-anchor=\"end\">{last}</text></g>",
        a = left - 4.0,
        l = left,
        r = w - PAD,
        ty = H - 4.0,
        first = escape(first),
        last = escape(last),
    ));
    for t in &targets {
        svg.push_str(&format!(
            "<line x1=\"{left:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e8590c\" stroke-dasharray=\"4 3\" stroke-width=\"1\"/>",
            w - PAD,
            y = y(*t)
        ));
    }
    if let Some((low, high)) = band {
        // The band a usual last value would have fallen in, behind the last point.
        let half = ((w - 2.0 * PAD) / n / 4.0).max(3.0);
        let x_last = x(m.values.len().saturating_sub(1));
        let (top, bottom) = (y(high), y(low));
        svg.push_str(&format!(
            "<rect data-band=\"expected\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#868e96\" fill-opacity=\"0.25\"><title>expected {} … {}</title></rect>",
            x_last - half,
            2.0 * half,
            (bottom - top).max(1.0),
            escape(&format_value(m.signal.as_ref().map_or(Decimal::ZERO, |s| s.expected_low), m.unit)),
            escape(&format_value(m.signal.as_ref().map_or(Decimal::ZERO, |s| s.expected_high), m.unit)),
        ));
    }
    let goal_points: Vec<String> = path
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", x(i), y(v))))
        .collect();
    if goal_points.len() >= 2 {
        svg.push_str(&format!(
            "<polyline data-line=\"goal\" points=\"{}\" fill=\"none\" stroke=\"#7048e8\" stroke-dasharray=\"5 3\" stroke-width=\"2\"><title>goal path</title></polyline>",
            goal_points.join(" ")
        ));
    }
    // Groups first, the total drawn last, on top.
    for (line, points) in lines.iter().zip(&series).rev() {
        let mut paths = Vec::new();
        let mut current = String::new();
        for (i, p) in points.iter().enumerate() {
            match p {
                Some(v) => {
                    let cmd = if current.is_empty() { 'M' } else { 'L' };
                    current.push_str(&format!("{cmd}{:.1},{:.1} ", x(i), y(*v)));
                }
                None if !current.is_empty() => paths.push(std::mem::take(&mut current)),
                None => {}
            }
        }
        if !current.is_empty() {
            paths.push(current);
        }
        svg.push_str(&format!("<g data-line=\"{}\">", escape(&line.label)));
        for d in paths {
            svg.push_str(&format!(
                "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"/>",
                d.trim_end(),
                line.colour,
                line.width
            ));
        }
        for (i, p) in points.iter().enumerate() {
            if let Some(v) = p {
                // The tooltip gives the value exactly as the report writes it.
                let point = &line.values[i];
                let value = point
                    .value
                    .map_or_else(String::new, |d| format_value(d, m.unit));
                let group = if lines.len() > 1 {
                    format!("{} · ", line.label)
                } else {
                    String::new()
                };
                svg.push_str(&format!(
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{}\"><title>{}</title></circle>",
                    x(i),
                    y(*v),
                    line.colour,
                    escape(&format!(
                        "{group}{}: {value}{}",
                        point.period,
                        crate::table::flag_text(Some(point))
                    ))
                ));
            }
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn charts_have_a_value_axis_period_labels_and_a_tooltip_per_point() {
        let html = super::to_html(&crate::table::tests::report());
        // The value axis spans the values and the target: 3.0 % to 5.0 %.
        let value_axis = html
            .split("<g data-axis=\"value\"")
            .nth(1)
            .and_then(|rest| rest.split("</g>").next())
            .expect("a value axis");
        assert!(value_axis.contains(">5.0 %</text>"), "{value_axis}");
        assert!(value_axis.contains(">3.0 %</text>"), "{value_axis}");
        let time_axis = html
            .split("<g data-axis=\"time\"")
            .nth(1)
            .and_then(|rest| rest.split("</g>").next())
            .expect("a time axis");
        assert!(
            time_axis.contains(">2026-01</text>") && time_axis.contains(">2026-02</text>"),
            "{time_axis}"
        );
        assert!(
            html.contains("<title>2026-01: 3.0 %</title></circle>"),
            "{html}"
        );
        assert!(
            html.contains("<title>2026-02: 5.0 %</title></circle>"),
            "{html}"
        );
    }

    #[test]
    fn user_text_is_escaped() {
        assert_eq!(
            escape("<img src=x onerror=\"alert(1)\">&'"),
            "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;"
        );
    }
}
