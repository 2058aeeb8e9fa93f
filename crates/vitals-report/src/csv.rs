//! The report as CSV in long format: one row per metric, group and period.

use crate::Report;

/// Quotes a CSV field when it needs it.
pub(crate) fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A text field that comes from the data: a spreadsheet would read a leading `=`, `+`, `-`,
/// `@`, tab or carriage return as a formula, so such text is prefixed with `'`.
pub(crate) fn text(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        field(&format!("'{value}"))
    } else {
        field(value)
    }
}

/// Renders `metric,group,period,value,unit,note,flags` rows: the total of each metric (an
/// empty group), then each group of a breakdown; an undefined value is an empty field with
/// its note; flags are space-separated (`partial provisional`), empty when none.
pub fn to_csv(report: &Report) -> String {
    let mut out = String::from("metric,group,period,value,unit,note,flags\n");
    for m in &report.metrics {
        let groups = m.groups.iter().map(|g| (g.group.label(), &g.values));
        for (group, values) in std::iter::once(("", &m.values)).chain(groups) {
            for p in values {
                out.push_str(&format!(
                    "{},{},{},{},{},{},{}\n",
                    text(&m.id),
                    text(group),
                    field(&p.period),
                    p.value
                        .map(|v| crate::export_text(v, m.unit))
                        .unwrap_or_default(),
                    m.unit.as_str(),
                    text(p.note.as_deref().unwrap_or("")),
                    p.flags.names().join(" ")
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn data_text_cannot_become_a_spreadsheet_formula() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(text("+1"), "'+1");
        assert_eq!(text("-2"), "'-2");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("pro, annual"), "\"pro, annual\"");
        assert_eq!(text("(none)"), "(none)");
    }
}
