//! The terminal table: one row per metric, grouped by family.

use crate::{Report, Status, format_value, sparkline};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Table};
use rust_decimal::Decimal;
use vitals_core::{Direction, Unit};

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
            let show =
                |v: Option<Decimal>| v.map_or("–".to_string(), |v| format_value(v, m.unit));
            let target = m.target.map_or(String::new(), |t| match (t.min, t.max) {
                (Some(lo), Some(hi)) => format!(
                    "{} … {}",
                    format_value(lo, m.unit),
                    format_value(hi, m.unit)
                ),
                (Some(lo), None) => format!("≥ {}", format_value(lo, m.unit)),
                (None, Some(hi)) => format!("≤ {}", format_value(hi, m.unit)),
                (None, None) => String::new(),
            });
            let status = match m.status {
                Status::NoTarget => String::new(),
                s => s.label().to_string(),
            };
            table.add_row(vec![
                Cell::new(format!("{} ({})", m.name, m.id)),
                Cell::new(show(m.previous())).set_alignment(CellAlignment::Right),
                Cell::new(show(m.last())).set_alignment(CellAlignment::Right),
                Cell::new(change(m.previous(), m.last(), m.unit, m.direction))
                    .set_alignment(CellAlignment::Right),
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

/// The change from `prev` to `last`: absolute in the metric's unit (percentage points for
/// percents) and relative, with ▲/▼ and whether that is good news.
fn change(
    prev: Option<Decimal>,
    last: Option<Decimal>,
    unit: Unit,
    direction: Direction,
) -> String {
    let (Some(p), Some(l)) = (prev, last) else {
        return String::new();
    };
    let delta = l - p;
    if delta.is_zero() {
        return "=".to_string();
    }
    let arrow = if delta > Decimal::ZERO { "▲" } else { "▼" };
    let abs = match unit {
        Unit::Percent => format!("{:.1} pp", (delta.abs() * Decimal::ONE_HUNDRED).round_dp(1)),
        _ => format_value(delta.abs(), unit),
    };
    let rel = if p.is_zero() {
        String::new()
    } else {
        format!(
            " ({:.1} %)",
            (delta / p.abs() * Decimal::ONE_HUNDRED).round_dp(1)
        )
    };
    let verdict = match (direction, delta > Decimal::ZERO) {
        (Direction::Neutral, _) => "",
        (Direction::HigherIsBetter, true) | (Direction::LowerIsBetter, false) => " good",
        _ => " bad",
    };
    format!("{arrow} {abs}{rel}{verdict}")
}
