//! The stable JSON contract of `vitals run --format json`.

use crate::Report;
use serde_json::{Value, json};

/// The report as pretty-printed JSON; every value is a decimal string or null.
pub fn to_json(report: &Report) -> String {
    let metrics: Vec<Value> = report
        .metrics
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "name": m.name,
                "family": m.family,
                "unit": m.unit,
                "direction": m.direction,
                "values": m.values.iter().map(|p| json!({
                    "period": p.period,
                    "value": p.value.map(|v| v.normalize().to_string()),
                    "note": p.note,
                })).collect::<Vec<_>>(),
                "target": m.target.map(|t| json!({
                    "min": t.min.map(|v| v.normalize().to_string()),
                    "max": t.max.map(|v| v.normalize().to_string()),
                })),
                "status": m.status,
                "last": m.last().map(|v| v.normalize().to_string()),
                "previous": m.previous().map(|v| v.normalize().to_string()),
                "change": m.change().map(|c| json!({
                    "absolute": c.absolute.normalize().to_string(),
                    "relative": c.relative.map(|r| r.normalize().to_string()),
                    "verdict": c.verdict,
                })),
            })
        })
        .collect();
    let filters: serde_json::Map<String, serde_json::Value> = report
        .filters
        .iter()
        .map(|(d, values)| (d.clone(), json!(values)))
        .collect();
    let out = json!({
        "grain": report.grain,
        "by": null,
        "where": filters,
        "periods": report.periods,
        "metrics": metrics,
        "skipped": report.skipped,
    });
    let mut text = serde_json::to_string_pretty(&out).expect("JSON values serialise");
    text.push('\n');
    text
}
