//! Cohort tables (`vitals cohorts`) in every format: cohorts as rows, ages (periods since the
//! cohort started) as columns, each cell a share; a size-weighted average row under them.

use crate::csv::{field, text};
use crate::{format_value, html, markdown};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Color, Table};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::json;
use vitals_core::{Cohort, CohortTable, Grain, Unit};

/// A cohort table and the filters its rows were restricted by.
#[derive(Debug, Clone)]
pub struct CohortReport {
    /// The time zone the periods are local to.
    pub zone: vitals_core::Zone,
    /// The table.
    pub table: CohortTable,
    /// The filters: each dimension and the values kept.
    pub filters: Vec<(String, Vec<String>)>,
}

impl CohortReport {
    fn title(&self) -> String {
        let t = &self.table;
        format!("{} cohorts by {}: {}", t.kind, t.grain, t.kind.describe())
    }

    fn ages_text(&self) -> String {
        let g = self.table.grain;
        format!(
            "{n} cohorts; column {p}k is the {g} k {g}s after the cohort's own ({p}0); only {g}s that have ended within the range are shown",
            n = self.table.cohorts.len(),
            p = prefix(g),
        )
    }

    fn filter_text(&self) -> Option<String> {
        (!self.filters.is_empty()).then(|| {
            self.filters
                .iter()
                .map(|(d, values)| format!("{d} = {}", values.join(", ")))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    fn ages(&self) -> usize {
        self.table.cohorts.len()
    }

    fn header(&self) -> Vec<String> {
        let mut header = vec!["cohort".to_string(), self.table.kind.members().to_string()];
        if let Some(base) = self.table.kind.base() {
            header.push(format!("base {base}"));
        }
        header.extend((0..self.ages()).map(|k| format!("{}{k}", prefix(self.table.grain))));
        header
    }

    /// The total size and base of the average row.
    fn totals(&self) -> (u64, Option<Decimal>) {
        let size = self.table.cohorts.iter().map(|c| c.size).sum();
        let base = self.table.kind.base().map(|_| {
            self.table
                .cohorts
                .iter()
                .filter_map(|c| c.base)
                .fold(Decimal::ZERO, |a, b| a.saturating_add(b))
        });
        (size, base)
    }

    fn notes(&self) -> Vec<String> {
        self.table
            .cohorts
            .iter()
            .filter_map(|c| c.note.clone())
            .collect()
    }
}

/// `M` for months: the prefix of the age columns.
fn prefix(grain: Grain) -> &'static str {
    match grain {
        Grain::Day => "D",
        Grain::Week => "W",
        Grain::Month => "M",
        Grain::Quarter => "Q",
        Grain::Year => "Y",
    }
}

fn share(v: Option<Decimal>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format_value(v, Unit::Percent))
}

fn members(n: u64) -> String {
    format_value(Decimal::from(n), Unit::Count)
}

fn money(v: Option<Decimal>) -> String {
    v.map(|v| format_value(v, Unit::Currency))
        .unwrap_or_default()
}

/// The shade of a cell, 0 (none kept) to 5 (all kept or more).
fn shade(v: Decimal) -> usize {
    let pct = (v * Decimal::from(5)).floor().to_i64().unwrap_or(0);
    pct.clamp(0, 5) as usize
}

/// Renders the table for a terminal; with `color` each cell is shaded by its value (the runner
/// asks for colour only on a terminal without `NO_COLOR`).
pub fn cohorts_to_table(report: &CohortReport, color: bool) -> String {
    // Light to dark green backgrounds of the 256-colour palette, with black text.
    const SHADES: [u8; 6] = [224, 194, 157, 120, 84, 41];
    let mut out = format!("{}\n{}\n", report.title(), report.ages_text());
    if let Some(filters) = report.filter_text() {
        out.push_str(&format!("where {filters}\n"));
    }
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(report.header());
    let right = |text: String| Cell::new(text).set_alignment(CellAlignment::Right);
    let row = |label: &str, size: u64, base: Option<Decimal>, values: &[Option<Decimal>]| {
        let mut cells = vec![Cell::new(label), right(members(size))];
        if report.table.kind.base().is_some() {
            cells.push(right(money(base)));
        }
        for v in values {
            let mut cell = right(share(*v));
            if let (true, Some(v)) = (color, v) {
                cell = cell
                    .bg(Color::AnsiValue(SHADES[shade(*v)]))
                    .fg(Color::Black);
            }
            cells.push(cell);
        }
        cells
    };
    for c in &report.table.cohorts {
        table.add_row(row(&c.period.label, c.size, c.base, &c.values));
    }
    let (size, base) = report.totals();
    table.add_row(row("average", size, base, &report.table.average));
    out.push_str(&table.to_string());
    out.push('\n');
    for note in report.notes() {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push_str(
        "average: each column's mean over the cohorts that reached it, weighted by cohort size\n",
    );
    out
}

/// A cohort number as CSV and JSON write it: bases may be money, whose decimals are kept;
/// shares have 15 significant digits either way.
fn exported(v: Decimal) -> String {
    crate::export_text(v, vitals_core::Unit::Currency)
}

fn decimal(v: Option<Decimal>) -> serde_json::Value {
    json!(v.map(exported))
}

fn cohort_json(c: &Cohort, zone: vitals_core::Zone) -> serde_json::Value {
    let fmt = |t: chrono::NaiveDateTime| crate::report::rfc3339(t, zone);
    json!({
        "cohort": c.period.label,
        "start": fmt(c.period.start),
        "end": fmt(c.period.end),
        "size": c.size,
        "base": decimal(c.base),
        "values": c.values.iter().map(|v| decimal(*v)).collect::<Vec<_>>(),
        "note": c.note,
    })
}

/// The table as pretty-printed JSON; every share and base is a decimal string or null.
pub fn cohorts_to_json(report: &CohortReport) -> String {
    let t = &report.table;
    let filters: serde_json::Map<String, serde_json::Value> = report
        .filters
        .iter()
        .map(|(d, values)| (d.clone(), json!(values)))
        .collect();
    let out = json!({
        "kind": t.kind.as_str(),
        "grain": t.grain.as_str(),
        "where": filters,
        "members": t.kind.members(),
        "base": t.kind.base(),
        "tz": report.zone.name(),
        "cohorts": t
            .cohorts
            .iter()
            .map(|c| cohort_json(c, report.zone))
            .collect::<Vec<_>>(),
        "average": t.average.iter().map(|v| decimal(*v)).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&out).expect("JSON values serialise");
    text.push('\n');
    text
}

/// The table as CSV in long format: `kind,cohort,start,size,base,age,value,note`, one row per
/// cohort and age, then the average of each age as cohort `average`.
pub fn cohorts_to_csv(report: &CohortReport) -> String {
    let t = &report.table;
    let mut out = String::from("kind,cohort,start,size,base,age,value,note\n");
    let number = |v: Option<Decimal>| v.map(exported).unwrap_or_default();
    for c in &t.cohorts {
        for (age, v) in c.values.iter().enumerate() {
            out.push_str(&format!(
                "{},{},{},{},{},{age},{},{}\n",
                t.kind,
                field(&c.period.label),
                crate::report::rfc3339(c.period.start, report.zone),
                c.size,
                number(c.base),
                number(*v),
                text(if v.is_none() {
                    c.note.as_deref().unwrap_or("")
                } else {
                    ""
                }),
            ));
        }
    }
    let (size, base) = report.totals();
    for (age, v) in t.average.iter().enumerate() {
        out.push_str(&format!(
            "{},average,,{size},{},{age},{},\n",
            t.kind,
            number(base),
            number(*v)
        ));
    }
    out
}

/// The table as Markdown.
pub fn cohorts_to_markdown(report: &CohortReport) -> String {
    let esc = markdown::escape;
    let mut out = format!(
        "# Cohorts\n\n{}\n\n{}\n",
        esc(&report.title()),
        esc(&report.ages_text())
    );
    if let Some(filters) = report.filter_text() {
        out.push_str(&format!("\nwhere {}\n", esc(&filters)));
    }
    let header = report.header();
    out.push_str(&format!("\n| {} |\n", header.join(" | ")));
    let align: Vec<&str> = header
        .iter()
        .enumerate()
        .map(|(i, _)| if i == 0 { "---" } else { "---:" })
        .collect();
    out.push_str(&format!("| {} |\n", align.join(" | ")));
    let mut line = |label: &str, size: u64, base: Option<Decimal>, values: &[Option<Decimal>]| {
        let mut cells = vec![esc(label), members(size)];
        if report.table.kind.base().is_some() {
            cells.push(money(base));
        }
        for k in 0..report.ages() {
            cells.push(values.get(k).map(|v| share(*v)).unwrap_or_default());
        }
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    };
    for c in &report.table.cohorts {
        line(&c.period.label, c.size, c.base, &c.values);
    }
    let (size, base) = report.totals();
    line("average", size, base, &report.table.average);
    let notes = report.notes();
    if !notes.is_empty() {
        out.push('\n');
        for note in notes {
            out.push_str(&format!("- {}\n", esc(&note)));
        }
    }
    out.push_str(
        "\nThe average is each column's mean over the cohorts that reached it, weighted by cohort size.\n",
    );
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1f2933;background:#f7f9fb}\
h1{margin:0 0 .25rem}p{color:#52606d;margin:.2rem 0}\
table.cohorts{border-collapse:collapse;margin-top:1rem;font-variant-numeric:tabular-nums;font-size:.85rem}\
table.cohorts th,table.cohorts td{padding:.3rem .5rem;text-align:right;border:1px solid #e4e7eb}\
table.cohorts th:first-child,table.cohorts td:first-child{text-align:left}\
table.cohorts thead th{background:#fff;color:#334e68}\
table.cohorts tr.average td{font-weight:600;border-top:2px solid #9aa5b1}\
td.cell{min-width:3.5rem}td.empty{background:#fff}ul.notes{color:#52606d}";

/// The table as a self-contained HTML page: a heatmap, each cell's background darker the
/// more of the cohort it kept, its exact value in a tooltip. No script and no network.
pub fn cohorts_to_html(report: &CohortReport) -> String {
    let esc = html::escape;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{kind} cohorts by {grain}</title><style>{STYLE}</style></head><body>\n\
         <h1>Cohorts</h1><p>{title}</p><p>{ages}</p>\n",
        kind = report.table.kind,
        grain = report.table.grain,
        title = esc(&report.title()),
        ages = esc(&report.ages_text()),
    );
    if let Some(filters) = report.filter_text() {
        out.push_str(&format!("<p>where {}</p>\n", esc(&filters)));
    }
    out.push_str(&format!(
        "<table class=\"cohorts\" data-kind=\"{}\"><thead><tr>",
        report.table.kind
    ));
    for h in report.header() {
        out.push_str(&format!("<th>{}</th>", esc(&h)));
    }
    out.push_str("</tr></thead><tbody>\n");
    let mut line =
        |class: &str, label: &str, size: u64, base: Option<Decimal>, values: &[Option<Decimal>]| {
            out.push_str(&format!(
                "<tr class=\"{class}\" data-cohort=\"{label}\"><td>{label}</td><td>{size}</td>",
                label = esc(label),
                size = members(size)
            ));
            if report.table.kind.base().is_some() {
                out.push_str(&format!("<td>{}</td>", esc(&money(base))));
            }
            for k in 0..report.ages() {
                match values.get(k) {
                    Some(Some(v)) => {
                        // Lightness from 96 % (nothing kept) to 38 % (all kept or more).
                        let kept = (*v)
                            .clamp(Decimal::ZERO, Decimal::ONE)
                            .to_f64()
                            .unwrap_or(0.0);
                        let light = 96.0 - 58.0 * kept;
                        let ink = if light < 60.0 { "#fff" } else { "#1f2933" };
                        out.push_str(&format!(
                            "<td class=\"cell\" data-age=\"{k}\" title=\"{exact}\" \
                         style=\"background:hsl(145,55%,{light:.0}%);color:{ink}\">{text}</td>",
                            exact = exported(*v),
                            text = esc(&share(Some(*v))),
                        ));
                    }
                    Some(None) => out.push_str(&format!(
                        "<td class=\"cell undefined\" data-age=\"{k}\">–</td>"
                    )),
                    None => out.push_str("<td class=\"empty\"></td>"),
                }
            }
            out.push_str("</tr>\n");
        };
    for c in &report.table.cohorts {
        line("cohort", &c.period.label, c.size, c.base, &c.values);
    }
    let (size, base) = report.totals();
    line("average", "average", size, base, &report.table.average);
    out.push_str("</tbody></table>\n");
    let notes = report.notes();
    if !notes.is_empty() {
        out.push_str("<ul class=\"notes\">\n");
        for note in notes {
            out.push_str(&format!("<li>{}</li>\n", esc(&note)));
        }
        out.push_str("</ul>\n");
    }
    out.push_str(
        "<p>The average is each column's mean over the cohorts that reached it, weighted by cohort size.</p>\n\
         </body></html>\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use vitals_core::{CohortCounts, CohortKind, Periods, parse_date_arg};

    fn report() -> CohortReport {
        let periods = Periods::new(
            Grain::Month,
            parse_date_arg("2026-01").unwrap(),
            parse_date_arg("2026-03").unwrap(),
        )
        .unwrap();
        let counts = [
            CohortCounts {
                size: 1200,
                kept: vec![1200, 300],
                ..Default::default()
            },
            CohortCounts::default(),
        ];
        CohortReport {
            zone: Default::default(),
            table: CohortTable::new(CohortKind::Users, Grain::Month, periods.as_slice(), &counts),
            filters: Vec::new(),
        }
    }

    #[test]
    fn cells_are_shaded_only_with_colour() {
        let plain = cohorts_to_table(&report(), false);
        assert!(!plain.contains('\u{1b}'), "{plain}");
        assert!(plain.contains("1,200"), "sizes are grouped: {plain}");
        let shaded = cohorts_to_table(&report(), true);
        // 100 % on the darkest green, 25 % on a light one (256-colour backgrounds).
        assert!(shaded.contains("48;5;41"), "{shaded:?}");
        assert!(shaded.contains("48;5;194"), "{shaded:?}");
        assert_eq!(shade(Decimal::new(25, 2)), 1);
        assert_eq!(shade(Decimal::new(120, 2)), 5, "above 100 % is the darkest");
    }

    #[test]
    fn the_undefined_cohort_says_why_in_every_format() {
        let r = report();
        let why = "no users started in 2026-02";
        assert!(cohorts_to_table(&r, false).contains(why));
        assert!(cohorts_to_markdown(&r).contains(why));
        assert!(cohorts_to_html(&r).contains(why));
        assert!(cohorts_to_csv(&r).contains(&format!(",{why}\n")));
        assert!(cohorts_to_json(&r).contains(&format!("\"note\": \"{why}\"")));
    }
}
