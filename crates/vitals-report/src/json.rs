//! The stable JSON contract of `vitals run --format json`.

use crate::{Goal, MetricResult, Report};
use serde_json::{Value, json};
use vitals_core::{Point, Unit};

/// The report as pretty-printed JSON; every value is a decimal string or null.
pub fn to_json(report: &Report) -> String {
    let metrics: Vec<Value> = report
        .metrics
        .iter()
        .map(|m| {
            let mut entry = json!({
                "id": m.id,
                "name": m.name,
                "family": m.family,
                "unit": m.unit,
                "direction": m.direction,
                "values": points(&m.values, m.unit),
                "target": m.target.map(|t| json!({
                    "min": t.min.map(|v| crate::export_text(v, m.unit)),
                    "max": t.max.map(|v| crate::export_text(v, m.unit)),
                })),
                "status": m.status,
                "last": m.last().map(|v| crate::export_text(v, m.unit)),
                "previous": m.previous().map(|v| crate::export_text(v, m.unit)),
                "change": change(m),
                "signal": m.signal.as_ref().map(|s| json!({
                    "kind": s.kind,
                    "score": s.score.map(|v| crate::export_text(v, Unit::Ratio)),
                    "expected_low": crate::export_text(s.expected_low, m.unit),
                    "expected_high": crate::export_text(s.expected_high, m.unit),
                    "basis": s.basis,
                })),
                "goal": m.goal.as_ref().map(|g| goal(g, m.unit)),
            });
            if report.by.is_some() {
                if let Some(reason) = &m.breakdown {
                    entry["breakdown"] = json!(reason);
                } else {
                    entry["groups"] = m
                        .groups
                        .iter()
                        .map(|g| {
                            let group = m.for_group(g);
                            json!({
                                "kind": g.group.kind,
                                "group": g.group.group,
                                "values": points(&group.values, m.unit),
                                "last": group.last().map(|v| crate::export_text(v, m.unit)),
                                "previous": group.previous().map(|v| crate::export_text(v, m.unit)),
                                "change": change(&group),
                            })
                        })
                        .collect();
                }
            }
            entry
        })
        .collect();
    let filters: serde_json::Map<String, serde_json::Value> = report
        .filters
        .iter()
        .map(|(d, values)| (d.clone(), json!(values)))
        .collect();
    let out = json!({
        "grain": report.grain,
        "tz": report.zone.name(),
        "by": report.by,
        "where": filters,
        "compare": report.compare.as_str(),
        "signal_threshold": report.signal_threshold.map(|t| crate::export_text(t, Unit::Ratio)),
        "periods": report.periods,
        "widened": report.widened,
        "metrics": metrics,
        "skipped": report.skipped,
    });
    let mut text = serde_json::to_string_pretty(&out).expect("JSON values serialise");
    text.push('\n');
    text
}

/// The points of a series: each period with its value as a decimal string (or null), its
/// note and its flags (`partial`, `outside_data`, `provisional`; empty when none).
fn points(values: &[Point], unit: Unit) -> Vec<Value> {
    values
        .iter()
        .map(|p| {
            json!({
                "period": p.period,
                "value": p.value.map(|v| crate::export_text(v, unit)),
                "note": p.note,
                "flags": p.flags,
            })
        })
        .collect()
}

/// A goal judged on the last period.
fn goal(g: &Goal, unit: Unit) -> Value {
    let text = |v| crate::export_text(v, unit);
    json!({
        "target": text(g.target),
        "by": g.by.to_string(),
        "start": g.start.to_string(),
        "baseline": g.baseline.map(text),
        "milestones": g.milestones.iter().map(|(d, v)| json!({"date": d.to_string(), "value": text(*v)})).collect::<Vec<_>>(),
        "expected": g.expected.map(text),
        "status": g.status,
        "note": g.note,
    })
}

/// The period-over-period change of a metric, or null.
fn change(m: &MetricResult) -> Value {
    json!(m.change().map(|c| json!({
        "absolute": crate::export_text(c.absolute, m.unit),
        "relative": c.relative.map(|r| crate::export_text(r, Unit::Ratio)),
        "verdict": c.verdict,
    })))
}
