//! The terminal table: one row per metric, grouped by family.

use crate::{
    GoalStatus, MetricResult, Report, SignalKind, Status, Verdict, format_value, sparkline,
};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Color, Table};
use rust_decimal::Decimal;
use vitals_core::Unit;

/// Renders the report as a text table: per metric the last value, the previous period's,
/// the change, a sparkline of the whole series and, when any metric has a target, the target
/// and its status; then skipped metrics.
/// With `color`, good changes and met targets are green, bad ones and missed targets red
/// (the runner asks for colour only on a terminal without `NO_COLOR`).
pub fn to_table(report: &Report, color: bool) -> String {
    let mut out = String::new();
    let last = report.periods.last().map_or("", |l| l.label.as_str());
    out.push_str(&format!("{}\n", report.range_text()));
    if !report.filters.is_empty() {
        out.push_str(&format!("where {}\n", report.filter_text()));
    }
    if report.by.is_some() {
        out.push_str(&format!(
            "{}: each group under its metric, highest last value first\n",
            report.by_text()
        ));
    }
    // The target and status columns only when some metric has a target; the signal and goal
    // columns only when some metric has one.
    let targets = report.metrics.iter().any(|m| m.target.is_some());
    let signals = report.metrics.iter().any(|m| m.signal.is_some());
    let goals = report.metrics.iter().any(|m| m.goal.is_some());
    let mut families: Vec<&str> = Vec::new();
    for m in &report.metrics {
        if !families.contains(&m.family.as_str()) {
            families.push(&m.family);
        }
    }
    for family in families {
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        if color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        let mut header = vec![
            "metric".to_string(),
            report.previous_label(),
            last.to_string(),
            "change".to_string(),
            "trend".to_string(),
        ];
        if targets {
            header.extend(["target".to_string(), "status".to_string()]);
        }
        if signals {
            header.push("signal".to_string());
        }
        if goals {
            header.push("goal".to_string());
        }
        table.set_header(header);
        // The notes of the values shown (why one is undefined, or a remark on it), as
        // footnotes under the table.
        let mut footnotes: Vec<String> = Vec::new();
        for m in report.metrics.iter().filter(|m| m.family == family) {
            let values: Vec<Option<Decimal>> = m.values.iter().map(|p| p.value).collect();
            let mut show = |p: Option<&vitals_core::Point>| {
                let text = value_text(m, p.and_then(|p| p.value));
                match p.and_then(|p| p.note.as_deref().map(|note| (p, note))) {
                    Some((p, note)) => {
                        let mark = superscript(footnotes.len() + 1);
                        footnotes.push(format!("{mark} {} {}: {}", m.id, p.period, one_line(note)));
                        format!("{text}{mark}")
                    }
                    None => text,
                }
            };
            let (previous, last) = (show(m.previous_point()), show(m.last_point()));
            let target = target_text(m);
            let status = match m.status {
                Status::NoTarget => String::new(),
                s => s.label().to_string(),
            };
            let mut row = vec![
                // A declared metric without a name is named by its id: once is enough.
                Cell::new(if m.name == m.id {
                    m.id.clone()
                } else {
                    format!("{} ({})", m.name, m.id)
                }),
                Cell::new(previous).set_alignment(CellAlignment::Right),
                Cell::new(last).set_alignment(CellAlignment::Right),
                Cell::new(change_text(m)).set_alignment(CellAlignment::Right),
                Cell::new(sparkline(&values)),
            ];
            if targets {
                row.push(Cell::new(target));
                row.push(paint(
                    Cell::new(status),
                    color,
                    match m.status {
                        Status::Met => Some(Color::Green),
                        Status::Missed => Some(Color::Red),
                        _ => None,
                    },
                ));
            }
            if signals {
                let (text, fg) = match m.signal.as_ref().map(|s| s.kind) {
                    Some(SignalKind::Warning) => ("⚠ warning", Some(Color::Red)),
                    Some(SignalKind::Notable) => ("◆ notable", Some(Color::Blue)),
                    None => ("", None),
                };
                row.push(paint(Cell::new(text), color, fg));
            }
            if goals {
                let status = m.goal.as_ref().map(|g| g.status);
                row.push(paint(
                    Cell::new(status.map_or("", |s| s.label())),
                    color,
                    match status {
                        Some(GoalStatus::Ahead | GoalStatus::OnTrack) => Some(Color::Green),
                        Some(GoalStatus::Behind) => Some(Color::Red),
                        _ => None,
                    },
                ));
            }
            table.add_row(row);
            for g in m.groups_by_last() {
                let values: Vec<Option<Decimal>> = g.values.iter().map(|p| p.value).collect();
                table.add_row(vec![
                    Cell::new(format!("  · {}", one_line(&g.name))),
                    Cell::new(value_text(&g, g.previous())).set_alignment(CellAlignment::Right),
                    Cell::new(value_text(&g, g.last())).set_alignment(CellAlignment::Right),
                    Cell::new(change_text(&g)).set_alignment(CellAlignment::Right),
                    Cell::new(sparkline(&values)),
                ]);
            }
            if let Some(reason) = &m.breakdown {
                table.add_row(vec![Cell::new(format!("  · {reason}"))]);
            }
        }
        out.push_str(&format!("\n{family}\n{table}\n"));
        for note in &footnotes {
            out.push_str(&format!("{note}\n"));
        }
    }
    let flagged: Vec<&MetricResult> = report
        .metrics
        .iter()
        .filter(|m| m.signal.is_some())
        .collect();
    if !flagged.is_empty() {
        out.push_str("\nsignals (unusual last values):\n");
        for m in flagged {
            out.push_str(&format!("  {}: {}\n", m.id, signal_text(m)));
        }
    }
    let with_goals: Vec<&MetricResult> =
        report.metrics.iter().filter(|m| m.goal.is_some()).collect();
    if !with_goals.is_empty() {
        out.push_str("\ngoals:\n");
        for m in with_goals {
            out.push_str(&format!("  {}: {}\n", m.id, goal_text(m)));
        }
    }
    if !report.skipped.is_empty() {
        out.push_str("\nskipped:\n");
        for s in &report.skipped {
            out.push_str(&format!("  {}: {}\n", s.id, s.reason));
        }
    }
    out
}

/// `n` in superscript digits: the mark of a footnote.
pub(crate) fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect()
}

/// Text from the data on one line, with control characters (terminal escapes) shown as `?`.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// Colours a cell when colour is on.
fn paint(cell: Cell, color: bool, fg: Option<Color>) -> Cell {
    match (color, fg) {
        (true, Some(c)) => cell.fg(c),
        _ => cell,
    }
}

/// The change as text: absolute in the metric's unit (percentage points for percents),
/// relative, ▲/▼, and whether that is good news.
pub(crate) fn change_text(m: &MetricResult) -> String {
    let Some(c) = m.change() else {
        return String::new();
    };
    if c.absolute.is_zero() {
        return "unchanged".to_string();
    }
    let arrow = if c.absolute > Decimal::ZERO {
        "▲"
    } else {
        "▼"
    };
    let abs = match m.unit {
        Unit::Percent => {
            let points = c.absolute.abs() * Decimal::ONE_HUNDRED;
            if points.round_dp(1).is_zero() {
                // A change too small for one decimal still shows, with two significant digits.
                format!("{} pp", points.round_sf(2).unwrap_or(points).normalize())
            } else {
                format!("{:.1} pp", points.round_dp(1))
            }
        }
        unit => {
            let text = format_value(c.absolute.abs(), unit);
            if text.chars().any(|ch| ch.is_ascii_digit() && ch != '0') {
                text
            } else {
                let small = c.absolute.abs();
                small.round_sf(2).unwrap_or(small).normalize().to_string()
            }
        }
    };
    let rel = c
        .relative
        .map(|r| format!(" ({:.1} %)", (r * Decimal::ONE_HUNDRED).round_dp(1)))
        .unwrap_or_default();
    let verdict = match c.verdict {
        Verdict::Good => " good",
        Verdict::Bad => " bad",
        Verdict::Neutral => "",
    };
    format!("{arrow} {abs}{rel}{verdict}")
}

/// The target as text (`≥ 5.0 %`, `≤ 2`, `1 … 3`).
pub(crate) fn target_text(m: &MetricResult) -> String {
    m.target.map_or(String::new(), |t| match (t.min, t.max) {
        (Some(lo), Some(hi)) => format!(
            "{} … {}",
            format_value(lo, m.unit),
            format_value(hi, m.unit)
        ),
        (Some(lo), None) => format!("≥ {}", format_value(lo, m.unit)),
        (None, Some(hi)) => format!("≤ {}", format_value(hi, m.unit)),
        (None, None) => String::new(),
    })
}

/// A metric's signal as text: `warning: 120 is outside the expected 95 … 110 (score -4.5;
/// change 2026-02 → 2026-03 …)`; empty without one.
pub(crate) fn signal_text(m: &MetricResult) -> String {
    let Some(s) = &m.signal else {
        return String::new();
    };
    let score = s
        .score
        .map(|z| format!("score {z}"))
        .unwrap_or_else(|| "every earlier change was the same".to_string());
    format!(
        "{}: {} is outside the expected {} … {} ({score}; {})",
        s.kind.as_str(),
        value_text(m, m.last()),
        format_value(s.expected_low, m.unit),
        format_value(s.expected_high, m.unit),
        s.basis
    )
}

/// A metric's goal as text: `behind: 10,500.00 against 11,200.00 expected on the path to
/// 15,000.00 by 2026-06-30`; empty without one.
pub(crate) fn goal_text(m: &MetricResult) -> String {
    let Some(g) = &m.goal else {
        return String::new();
    };
    let milestones = if g.milestones.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = g
            .milestones
            .iter()
            .map(|(d, v)| format!("{} by {d}", format_value(*v, m.unit)))
            .collect();
        format!(" (milestones {})", list.join(", "))
    };
    let path = format!(
        "the path from {} on {} to {} by {}{milestones}",
        g.baseline
            .map_or("–".to_string(), |b| format_value(b, m.unit)),
        g.start,
        format_value(g.target, m.unit),
        g.by
    );
    match (g.expected, &g.note) {
        (Some(e), None) => format!(
            "{}: {} against {} expected on {path}",
            g.status.label(),
            value_text(m, m.last()),
            format_value(e, m.unit)
        ),
        (_, Some(note)) => format!("{}: {note}; {path}", g.status.label()),
        (None, None) => format!("{}: {path}", g.status.label()),
    }
}

/// A value as text, `–` when there is none.
pub(crate) fn value_text(m: &MetricResult, v: Option<Decimal>) -> String {
    v.map_or("–".to_string(), |v| format_value(v, m.unit))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::to_table;
    use crate::{MetricResult, PeriodInfo, Report, Target};
    use rust_decimal::Decimal;
    use vitals_core::{Direction, MetricSpec, Point, Series, Unit};

    const SPEC: MetricSpec = MetricSpec {
        id: "churn",
        name: "Churn",
        family: "f",
        description: "",
        formula: "",
        unit: Unit::Percent,
        direction: Direction::LowerIsBetter,
        requires: &[],
        depends_on: &[],
        params: &[],
        source: "",
    };

    /// A churn-like metric at 3 % then 5 %, with a maximum of 4 %.
    pub(crate) fn report() -> Report {
        let point = |period: &str, v: i64| Point {
            period: period.into(),
            value: Some(Decimal::new(v, 2)),
            note: None,
        };
        let series = Series {
            points: vec![point("2026-01", 3), point("2026-02", 5)],
        };
        let target = Target {
            min: None,
            max: Some(Decimal::new(4, 2)),
        };
        Report {
            grain: "month".into(),
            zone: Default::default(),
            filters: Vec::new(),
            by: None,
            compare: Default::default(),
            signal_threshold: None,
            widened: None,
            periods: vec![
                PeriodInfo {
                    label: "2026-01".into(),
                    start: String::new(),
                    end: String::new(),
                },
                PeriodInfo {
                    label: "2026-02".into(),
                    start: String::new(),
                    end: String::new(),
                },
            ],
            metrics: vec![MetricResult::new(&SPEC, series, Some(target))],
            skipped: Vec::new(),
        }
    }

    #[test]
    fn notes_of_the_values_shown_are_footnotes() {
        let mut report = report();
        report.metrics[0].values[1] = Point {
            period: "2026-02".into(),
            value: None,
            note: Some("zero denominator: no customers at the start".into()),
        };
        let text = to_table(&report, false);
        assert!(text.contains("–¹"), "{text}");
        assert!(
            text.contains("\n¹ churn 2026-02: zero denominator: no customers at the start\n"),
            "{text}"
        );
        assert_eq!(super::superscript(12), "¹²");
    }

    #[test]
    fn a_rising_churn_is_bad_news_and_misses_its_maximum() {
        let text = to_table(&report(), false);
        assert!(text.contains("▲ 2.0 pp (66.7 %) bad"), "{text}");
        assert!(
            text.contains("≤ 4.0 %") && text.contains("missed"),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'), "no colour codes without colour");
    }

    #[test]
    fn a_change_too_small_for_the_format_still_shows() {
        let mut r = report();
        r.metrics[0].values[0].value = Some(Decimal::new(1234, 4));
        r.metrics[0].values[1].value = Some(Decimal::new(1235, 4));
        let text = to_table(&r, false);
        assert!(text.contains("▲ 0.01 pp (0.1 %) bad"), "{text}");
        assert!(text.contains("┆ 2026-01 ┆ 2026-02 ┆"), "{text}");
        assert!(
            text.starts_with("2 periods by month: 2026-01 … 2026-02\n"),
            "{text}"
        );
        r.metrics[0].values[1].value = Some(Decimal::new(1234, 4));
        assert!(to_table(&r, false).contains("unchanged"));
        // No metric with a target: no target and status columns.
        assert!(text.contains("status"));
        r.metrics[0].target = None;
        let text = to_table(&r, false);
        assert!(
            !text.contains("target") && !text.contains("status"),
            "{text}"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let text = to_table(&report(), true);
        assert!(text.contains("\u{1b}["), "{text:?}");
    }
}
