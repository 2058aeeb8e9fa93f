//! The report as a Markdown table, fit for a wiki page or a pull request.

use crate::table::{change_text, flag_text, goal_text, signal_text, target_text, value_text};
use crate::{Report, Status, sparkline};

/// Escapes text for a Markdown table cell: pipes, and the characters Markdown renders as HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' | '*' | '_' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Renders the report as Markdown: a table per family, then skipped metrics.
pub fn to_markdown(report: &Report) -> String {
    let last = report.periods.last().map_or("", |l| l.label.as_str());
    let mut out = format!("# KPI report\n\n{}\n", escape(&report.range_text()));
    if !report.filters.is_empty() {
        out.push_str(&format!("\nwhere {}\n", escape(&report.filter_text())));
    }
    if report.by.is_some() {
        out.push_str(&format!(
            "\n{}: each group under its metric, highest last value first\n",
            escape(&report.by_text())
        ));
    }
    let targets = report.metrics.iter().any(|m| m.target.is_some());
    let mut families: Vec<&str> = Vec::new();
    for m in &report.metrics {
        if !families.contains(&m.family.as_str()) {
            families.push(&m.family);
        }
    }
    for family in families {
        out.push_str(&format!(
            "\n## {}\n\n| metric | {} | {} | change | trend |{}\n|---|---:|---:|---:|---|{}\n",
            escape(family),
            escape(&report.previous_label()),
            escape(last),
            if targets { " target | status |" } else { "" },
            if targets { "---|---|" } else { "" },
        ));
        for m in report.metrics.iter().filter(|m| m.family == family) {
            let values: Vec<_> = m.values.iter().map(|p| p.value).collect();
            let status = match m.status {
                Status::NoTarget => "",
                s => s.label(),
            };
            let target = if targets {
                format!(" {} | {} |", escape(&target_text(m)), status)
            } else {
                String::new()
            };
            let mark = match m.signal.as_ref().map(|s| s.kind) {
                Some(crate::SignalKind::Warning) => " ⚠",
                Some(crate::SignalKind::Notable) => " ◆",
                None => "",
            };
            out.push_str(&format!(
                "| {}{mark} (`{}`) | {} | {} | {} | {} |{target}\n",
                escape(&m.name),
                m.id.replace('`', ""),
                escape(&format!(
                    "{}{}",
                    value_text(m, m.previous()),
                    flag_text(m.previous_point())
                )),
                escape(&format!(
                    "{}{}",
                    value_text(m, m.last()),
                    flag_text(m.last_point())
                )),
                escape(&change_text(m)),
                sparkline(&values),
            ));
            for g in m.groups_by_last() {
                let values: Vec<_> = g.values.iter().map(|p| p.value).collect();
                out.push_str(&format!(
                    "| ↳ {} | {} | {} | {} | {} |{}\n",
                    escape(&g.name),
                    escape(&value_text(&g, g.previous())),
                    escape(&value_text(&g, g.last())),
                    escape(&change_text(&g)),
                    sparkline(&values),
                    if targets { " | |" } else { "" },
                ));
            }
            if let Some(reason) = &m.breakdown {
                out.push_str(&format!(
                    "| ↳ {} | | | | |{}\n",
                    escape(reason),
                    if targets { " | |" } else { "" }
                ));
            }
        }
    }
    type Text = fn(&crate::MetricResult) -> String;
    let lists: [(&str, Text); 2] = [
        (
            "Signals\n\nLast values unusual against the metric's own history:\n",
            signal_text,
        ),
        ("Goals\n", goal_text),
    ];
    for (title, text) in lists {
        let lines: Vec<String> = report
            .metrics
            .iter()
            .map(|m| (m, text(m)))
            .filter(|(_, t)| !t.is_empty())
            .map(|(m, t)| {
                format!(
                    "- **{}** (`{}`): {}\n",
                    escape(&m.name),
                    m.id.replace('`', ""),
                    escape(&t)
                )
            })
            .collect();
        if !lines.is_empty() {
            out.push_str(&format!("\n## {title}\n{}", lines.concat()));
        }
    }
    if !report.skipped.is_empty() {
        out.push_str("\n## Skipped\n\n");
        for s in &report.skipped {
            out.push_str(&format!(
                "- `{}`: {}\n",
                s.id.replace('`', ""),
                escape(&s.reason)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn user_text_cannot_break_the_table_or_inject_html() {
        assert_eq!(
            escape("a|b <script>x</script> *bold*"),
            "a\\|b &lt;script&gt;x&lt;/script&gt; \\*bold\\*"
        );
    }
}
