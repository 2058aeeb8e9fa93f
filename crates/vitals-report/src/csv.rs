//! The report as CSV in long format: one row per metric and period.

use crate::Report;

/// Quotes a CSV field when it needs it.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Renders `metric,period,value,unit,note` rows; an undefined value is an empty field with
/// its note.
pub fn to_csv(report: &Report) -> String {
    let mut out = String::from("metric,period,value,unit,note\n");
    for m in &report.metrics {
        for p in &m.values {
            out.push_str(&format!(
                "{},{},{},{},{}\n",
                field(&m.id),
                field(&p.period),
                p.value
                    .map(|v| v.normalize().to_string())
                    .unwrap_or_default(),
                m.unit.as_str(),
                field(p.note.as_deref().unwrap_or(""))
            ));
        }
    }
    out
}
