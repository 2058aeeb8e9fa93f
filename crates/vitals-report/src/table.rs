//! The terminal table: one row per metric, grouped by family.

use crate::{MetricResult, Report, Status, Verdict, format_value, sparkline};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Table};
use rust_decimal::Decimal;
use vitals_core::Unit;

/// Renders the report as a text table: per metric the last value, the previous period's,
/// the change, a sparkline of the whole series and the target status; then skipped metrics.
pub fn to_table(report: &Report) -> String {
    let mut out = String::new();
    let (first, last) = match (report.periods.first(), report.periods.last()) {
        (Some(f), Some(l)) => (f.label.as_str(), l.label.as_str()),
        _ => ("", ""),
    };
    out.push_str(&format!(
        "{} periods by {}: {first} … {last}\n",
        report.periods.len(),
        report.grain
    ));
    let mut families: Vec<&str> = Vec::new();
    for m in &report.metrics {
        if !families.contains(&m.family.as_str()) {
            families.push(&m.family);
        }
    }
    for family in families {
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        table.set_header([
            "metric", "previous", last, "change", "trend", "target", "status",
        ]);
        for m in report.metrics.iter().filter(|m| m.family == family) {
            let values: Vec<Option<Decimal>> = m.values.iter().map(|p| p.value).collect();
            let show = |v: Option<Decimal>| value_text(m, v);
            let target = target_text(m);
            let status = match m.status {
                Status::NoTarget => String::new(),
                s => s.label().to_string(),
            };
            table.add_row(vec![
                Cell::new(format!("{} ({})", m.name, m.id)),
                Cell::new(show(m.previous())).set_alignment(CellAlignment::Right),
                Cell::new(show(m.last())).set_alignment(CellAlignment::Right),
                Cell::new(change_text(m)).set_alignment(CellAlignment::Right),
                Cell::new(sparkline(&values)),
                Cell::new(target),
                Cell::new(status),
            ]);
        }
        out.push_str(&format!("\n{family}\n{table}\n"));
    }
    if !report.skipped.is_empty() {
        out.push_str("\nskipped:\n");
        for s in &report.skipped {
            out.push_str(&format!("  {}: {}\n", s.id, s.reason));
        }
    }
    out
}

/// The change as text: absolute in the metric's unit (percentage points for percents),
/// relative, ▲/▼, and whether that is good news.
pub(crate) fn change_text(m: &MetricResult) -> String {
    let Some(c) = m.change() else {
        return String::new();
    };
    if c.absolute.is_zero() {
        return "=".to_string();
    }
    let arrow = if c.absolute > Decimal::ZERO {
        "▲"
    } else {
        "▼"
    };
    let abs = match m.unit {
        Unit::Percent => format!(
            "{:.1} pp",
            (c.absolute.abs() * Decimal::ONE_HUNDRED).round_dp(1)
        ),
        unit => format_value(c.absolute.abs(), unit),
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

/// A value as text, `–` when there is none.
pub(crate) fn value_text(m: &MetricResult, v: Option<Decimal>) -> String {
    v.map_or("–".to_string(), |v| format_value(v, m.unit))
}
