//! The terminal table: one row per metric, grouped by family.

use crate::{
    GoalStatus, MetricResult, Report, SignalKind, Status, Verdict, format_value, sparkline,
};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Color, Table};
use rust_decimal::Decimal;
use vitals_core::Unit;

/// The narrow table's style (comfy-table's preset syntax): no borders or lines but a double
/// rule under each header.
const UNDERLINED_HEADER: &str = "     ═             ";

/// Renders the report as a text table that fits 100 columns: per metric its id, the previous
/// period's value and the last one (each column headed by its period), the change (relative,
/// or in percentage points for percents) and whether that is good news, a sparkline of the
/// whole series and, when any metric has a target, a signal or a goal, a status column; then
/// the targets, signals and goals in full, and skipped metrics. [`to_wide_table`] has a column
/// for each.
/// With `color`, good changes and met targets are green, bad ones and missed targets red
/// (the runner asks for colour only on a terminal without `NO_COLOR`).
pub fn to_table(report: &Report, color: bool) -> String {
    render(report, color, false)
}

/// The table with every column: the metric's name and id, the change both absolute and
/// relative, and target, status, signal and goal columns of their own.
pub fn to_wide_table(report: &Report, color: bool) -> String {
    render(report, color, true)
}

fn render(report: &Report, color: bool, wide: bool) -> String {
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
        if wide {
            table.load_preset(UTF8_FULL_CONDENSED);
        } else {
            // Columns apart by their padding alone and each header underlined: 7 characters
            // narrower than boxed cells.
            table.load_preset(UNDERLINED_HEADER);
        }
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
        if !wide {
            if targets || signals || goals {
                header.push("status".to_string());
            }
        } else {
            if targets {
                header.extend(["target".to_string(), "status".to_string()]);
            }
            if signals {
                header.push("signal".to_string());
            }
            if goals {
                header.push("goal".to_string());
            }
        }
        table.set_header(header);
        // The notes of the values shown (why one is undefined, or a remark on it), as
        // footnotes under the table.
        let mut footnotes: Vec<String> = Vec::new();
        for m in report.metrics.iter().filter(|m| m.family == family) {
            let values: Vec<Option<Decimal>> = m.values.iter().map(|p| p.value).collect();
            let mut show = |p: Option<&vitals_core::Point>| {
                let value = p.and_then(|p| p.value);
                let text = if wide {
                    value_text(m, value)
                } else {
                    short_value_text(m, value)
                };
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
            let change = if wide {
                change_text(m)
            } else {
                short_change_text(m)
            };
            let mut row = vec![
                // A declared metric without a name is named by its id: once is enough.
                Cell::new(if m.name == m.id || !wide {
                    m.id.clone()
                } else {
                    format!("{} ({})", m.name, m.id)
                }),
                Cell::new(previous).set_alignment(CellAlignment::Right),
                Cell::new(last).set_alignment(CellAlignment::Right),
                Cell::new(change).set_alignment(CellAlignment::Right),
                Cell::new(sparkline(&values)),
            ];
            if !wide {
                if targets || signals || goals {
                    let (text, fg) = status_text(m);
                    row.push(paint(Cell::new(text), color, fg));
                }
            } else if targets {
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
            if wide && signals {
                let (text, fg) = match m.signal.as_ref().map(|s| s.kind) {
                    Some(SignalKind::Warning) => ("⚠ warning", Some(Color::Red)),
                    Some(SignalKind::Notable) => ("◆ notable", Some(Color::Blue)),
                    None => ("", None),
                };
                row.push(paint(Cell::new(text), color, fg));
            }
            if wide && goals {
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
                    Cell::new(if wide {
                        value_text(&g, g.previous())
                    } else {
                        short_value_text(&g, g.previous())
                    })
                    .set_alignment(CellAlignment::Right),
                    Cell::new(if wide {
                        value_text(&g, g.last())
                    } else {
                        short_value_text(&g, g.last())
                    })
                    .set_alignment(CellAlignment::Right),
                    Cell::new(if wide {
                        change_text(&g)
                    } else {
                        short_change_text(&g)
                    })
                    .set_alignment(CellAlignment::Right),
                    Cell::new(sparkline(&values)),
                ]);
            }
            if let Some(reason) = &m.breakdown {
                table.add_row(vec![Cell::new(format!("  · {reason}"))]);
            }
        }
        let drawn = if wide {
            table.to_string()
        } else {
            table.trim_fmt()
        };
        out.push_str(&format!("\n{family}\n{drawn}\n"));
        for note in &footnotes {
            out.push_str(&fit(note, wide));
        }
    }
    let with_targets: Vec<&MetricResult> = report
        .metrics
        .iter()
        .filter(|m| m.target.is_some())
        .collect();
    if !wide && !with_targets.is_empty() {
        out.push_str("\ntargets:\n");
        for m in with_targets {
            out.push_str(&format!(
                "  {}: {}, {}\n",
                m.id,
                target_text(m),
                m.status.label()
            ));
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
            out.push_str(&fit(&format!("  {}: {}", m.id, signal_text(m)), wide));
        }
    }
    let with_goals: Vec<&MetricResult> =
        report.metrics.iter().filter(|m| m.goal.is_some()).collect();
    if !with_goals.is_empty() {
        out.push_str("\ngoals:\n");
        for m in with_goals {
            out.push_str(&fit(&format!("  {}: {}", m.id, goal_text(m)), wide));
        }
    }
    if !report.skipped.is_empty() {
        out.push_str("\nskipped:\n");
        for s in &report.skipped {
            out.push_str(&fit(&format!("  {}: {}", s.id, s.reason), wide));
        }
    }
    out
}

/// The width the narrow table and the lines under it fit.
pub(crate) const NARROW_WIDTH: usize = 100;

/// A line of text under a table, ended by a newline: as it is in the wide table, else wrapped
/// at spaces to [`NARROW_WIDTH`] columns, each further line indented 4 more than the first.
fn fit(line: &str, wide: bool) -> String {
    let count = |s: &str| s.chars().count();
    if wide || count(line) <= NARROW_WIDTH {
        return format!("{line}\n");
    }
    let lead = line.len() - line.trim_start().len();
    let indent = " ".repeat(lead + 4);
    let mut out = String::new();
    let mut current = line[..lead].to_string();
    let mut empty = true;
    for word in line[lead..].split(' ') {
        if !empty && count(&current) + 1 + count(word) > NARROW_WIDTH {
            out.push_str(current.trim_end());
            out.push('\n');
            current = indent.clone();
            empty = true;
        }
        if !empty {
            current.push(' ');
        }
        current.push_str(word);
        empty = false;
    }
    out.push_str(current.trim_end());
    out.push('\n');
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

/// The status column of the narrow table: the target's status, the signal and the goal's
/// status, each only when there is one (`missed, ⚠ warning, goal behind`), coloured by the worst.
fn status_text(m: &MetricResult) -> (String, Option<Color>) {
    let mut parts: Vec<&str> = Vec::new();
    let mut bad = false;
    let mut good = false;
    match m.status {
        Status::NoTarget => {}
        Status::Met => {
            parts.push("met");
            good = true;
        }
        Status::Missed => {
            parts.push("missed");
            bad = true;
        }
        Status::NoValue => parts.push("no value"),
        Status::Provisional => parts.push("target: provisional"),
    }
    match m.signal.as_ref().map(|s| s.kind) {
        Some(SignalKind::Warning) => {
            parts.push("⚠ warning");
            bad = true;
        }
        Some(SignalKind::Notable) => parts.push("◆ notable"),
        None => {}
    }
    if let Some(g) = &m.goal {
        parts.push(match g.status {
            GoalStatus::Ahead => "goal ahead",
            GoalStatus::OnTrack => "goal on track",
            GoalStatus::Behind => "goal behind",
            GoalStatus::NoValue => "goal: no value",
            GoalStatus::Provisional => "goal: provisional",
        });
        match g.status {
            GoalStatus::Behind => bad = true,
            GoalStatus::Ahead | GoalStatus::OnTrack => good = true,
            GoalStatus::NoValue | GoalStatus::Provisional => {}
        }
    }
    let fg = if bad {
        Some(Color::Red)
    } else if good {
        Some(Color::Green)
    } else {
        None
    };
    (parts.join(", "), fg)
}

/// The change as the narrow table shows it: ▲/▼, the relative change (percentage points for
/// a percent; the absolute change when the previous value is 0) and whether that is good news.
pub(crate) fn short_change_text(m: &MetricResult) -> String {
    let Some(c) = m.change() else {
        return String::new();
    };
    if c.absolute.is_zero() {
        return "unchanged".to_string();
    }
    let full = change_text(m);
    if m.unit == Unit::Percent {
        // `▲ 0.7 pp (33.3 %) bad` → `▲ 0.7 pp bad`.
        return match (full.find(" ("), full.rfind(')')) {
            (Some(open), Some(close)) => format!("{}{}", &full[..open], &full[close + 1..]),
            _ => full,
        };
    }
    let Some(r) = c.relative else {
        return full;
    };
    let arrow = if c.absolute > Decimal::ZERO {
        "▲"
    } else {
        "▼"
    };
    let points = (r.abs() * Decimal::ONE_HUNDRED).round_dp(1);
    let rel = if points.is_zero() {
        // A change too small for one decimal still shows, with two significant digits.
        let exact = r.abs() * Decimal::ONE_HUNDRED;
        format!("{} %", exact.round_sf(2).unwrap_or(exact).normalize())
    } else {
        format!("{points:.1} %")
    };
    format!("{arrow} {rel}{}", verdict_text(m, c.verdict))
}

/// Whether a change is good news, as its text ends: ` good`, ` bad`, nothing for a neutral
/// one, and ` provisional` (or ` partial`) when a value it compares is not final or not
/// whole, so not judged.
fn verdict_text(m: &MetricResult, verdict: Verdict) -> &'static str {
    if !m.judged() {
        let provisional = [m.last_point(), m.previous_point()]
            .into_iter()
            .flatten()
            .any(|p| p.flags.provisional);
        return if provisional {
            " provisional"
        } else {
            " partial"
        };
    }
    match verdict {
        Verdict::Good => " good",
        Verdict::Bad => " bad",
        Verdict::Neutral => "",
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
    format!("{arrow} {abs}{rel}{}", verdict_text(m, c.verdict))
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

/// A value as the narrow table shows it: as [`value_text`], but money of 10,000 or more
/// without cents (`1,655,028`), where they are below a hundredth of a percent.
pub(crate) fn short_value_text(m: &MetricResult, v: Option<Decimal>) -> String {
    match v {
        Some(v) if m.unit == Unit::Currency && v.abs() >= Decimal::from(10_000) => {
            format_value(v.round(), Unit::Count)
        }
        _ => value_text(m, v),
    }
}

/// The flags of a point for people, after its value: ` (partial, provisional)`; empty when
/// it has none. Outside the data, the value is null and its note says so.
pub(crate) fn flag_text(p: Option<&vitals_core::Point>) -> String {
    let Some(p) = p else {
        return String::new();
    };
    let names: Vec<&str> = p
        .flags
        .names()
        .into_iter()
        .filter(|n| *n != "outside_data")
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" ({})", names.join(", "))
    }
}

/// A value as text, `–` when there is none.
pub(crate) fn value_text(m: &MetricResult, v: Option<Decimal>) -> String {
    v.map_or("–".to_string(), |v| format_value(v, m.unit))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{NARROW_WIDTH, fit, to_table, to_wide_table};
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
        maturity: None,
    };

    /// A churn-like metric at 3 % then 5 %, with a maximum of 4 %.
    pub(crate) fn report() -> Report {
        let point = |period: &str, v: i64| Point {
            period: period.into(),
            value: Some(Decimal::new(v, 2)),
            note: None,
            flags: Default::default(),
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
            flags: Default::default(),
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
        let text = to_wide_table(&report(), false);
        assert!(text.contains("▲ 2.0 pp (66.7 %) bad"), "{text}");
        assert!(text.contains("Churn (churn)"), "{text}");
        assert!(
            text.contains("≤ 4.0 %") && text.contains("missed"),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'), "no colour codes without colour");
        // The narrow table: the id, the change in points, the status, the target under it.
        let text = to_table(&report(), false);
        assert!(text.contains(" churn "), "{text}");
        assert!(!text.contains("Churn (churn)"), "{text}");
        assert!(
            text.contains("▲ 2.0 pp bad  ") && !text.contains("66.7"),
            "{text}"
        );
        assert!(text.contains("  missed\n"), "{text}");
        assert!(
            text.contains("\ntargets:\n  churn: ≤ 4.0 %, missed\n"),
            "{text}"
        );
        assert!(!text.contains('│'), "no boxes: {text}");
    }

    #[test]
    fn the_narrow_table_fits_100_columns() {
        let mut r = report();
        r.metrics[0].id = "failed_deployment_recovery_time".into();
        r.metrics[0].unit = Unit::Currency;
        r.metrics[0].values[0].value = Some(Decimal::new(154_797_600, 2));
        r.metrics[0].values[1].value = Some(Decimal::new(-165_502_849, 2));
        r.metrics[0].values[1].note = Some("a note long enough to wrap: ".repeat(8));
        let text = to_table(&r, false);
        // Money of 10,000 or more without cents; the change relative.
        assert!(
            text.contains(" 1,547,976 ") && text.contains("-1,655,028¹"),
            "{text}"
        );
        assert!(text.contains("▼ 206.9 % good"), "{text}");
        for line in text.lines() {
            assert!(line.chars().count() <= NARROW_WIDTH, "{line:?} in\n{text}");
        }
        assert!(
            to_wide_table(&r, false)
                .lines()
                .any(|l| l.chars().count() > NARROW_WIDTH)
        );
    }

    #[test]
    fn long_lines_wrap_at_spaces_with_a_hanging_indent() {
        let words = vec!["word"; 30].join(" ");
        let line = format!("  goal: {words}");
        let out = fit(&line, false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(lines[0].starts_with("  goal: word") && lines[0].chars().count() <= 100);
        assert!(lines[1].starts_with("      word") && !lines[1].starts_with("       "));
        assert_eq!(out.split_whitespace().count(), 31);
        assert_eq!(fit(&line, true), format!("{line}\n"));
        assert_eq!(fit("short", false), "short\n");
    }

    #[test]
    fn a_change_too_small_for_the_format_still_shows() {
        let mut r = report();
        r.metrics[0].values[0].value = Some(Decimal::new(1234, 4));
        r.metrics[0].values[1].value = Some(Decimal::new(1235, 4));
        let text = to_wide_table(&r, false);
        assert!(text.contains("▲ 0.01 pp (0.1 %) bad"), "{text}");
        assert!(text.contains("┆ 2026-01 ┆ 2026-02 ┆"), "{text}");
        let narrow = to_table(&r, false);
        assert!(narrow.contains("▲ 0.01 pp bad"), "{narrow}");
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
    fn a_single_period_is_named_once() {
        let mut r = report();
        r.periods.pop();
        for m in &mut r.metrics {
            m.values.pop();
        }
        assert_eq!(r.range_text(), "1 period by month: 2026-01");
    }

    #[test]
    fn colour_only_when_asked() {
        let text = to_table(&report(), true);
        assert!(text.contains("\u{1b}["), "{text:?}");
    }
}
