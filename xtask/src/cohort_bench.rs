//! `cargo xtask bench --cohorts`: `vitals cohorts` of every kind against an independent
//! implementation over DuckDB (`bench/duckdb/cohorts.py`) on the same demo files, every cell
//! compared before any time is; and against the simplest metric on the same dataset, which
//! says what the table costs beyond loading the data.

use crate::bench::{
    BenchOptions, demo_data, ensure_duckdb, machine, mib, release_binary, same_number, seconds,
    timed, utc_now, write_section,
};
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::path::Path;

/// Each kind, and a metric that reads the same dataset (the reference time).
const KINDS: [(&str, &str); 6] = [
    ("logo", "mrr"),
    ("revenue", "mrr"),
    ("gross_revenue", "mrr"),
    ("users", "dau"),
    ("buyers", "gross_revenue"),
    ("buyer_revenue", "gross_revenue"),
];

/// The cells of two cohort tables that differ: `cohort age: vitals vs DuckDB`.
fn differences(ours: &Value, theirs: &Value) -> Vec<String> {
    let empty = Vec::new();
    let a = ours["cohorts"].as_array().unwrap_or(&empty);
    let b = theirs["cohorts"].as_array().unwrap_or(&empty);
    let mut out = Vec::new();
    if a.len() != b.len() {
        out.push(format!("{} cohorts vs {}", a.len(), b.len()));
    }
    for (x, y) in a.iter().zip(b) {
        let label = x["cohort"].as_str().unwrap_or("?");
        if x["size"] != y["size"] {
            out.push(format!("{label} size: {} vs {}", x["size"], y["size"]));
        }
        let (xs, ys) = (
            x["values"].as_array().unwrap_or(&empty),
            y["values"].as_array().unwrap_or(&empty),
        );
        if xs.len() != ys.len() {
            out.push(format!("{label}: {} ages vs {}", xs.len(), ys.len()));
        }
        for (age, (v, w)) in xs.iter().zip(ys).enumerate() {
            let same = match (v.as_str(), w.as_str()) {
                (Some(v), Some(w)) => same_number(v, w),
                (None, None) => true,
                _ => false,
            };
            if !same {
                out.push(format!("{label} age {age}: {v} vs {w}"));
            }
        }
    }
    out
}

/// Times `vitals cohorts` of every kind on the demo data at `options.scale`, CSV and Parquet,
/// after checking each table cell by cell against DuckDB; writes `bench/cohorts.md`.
pub(crate) fn bench_cohorts(root: &Path, options: &BenchOptions) -> Result<()> {
    let vitals = release_binary(root, options)?;
    ensure_duckdb()?;
    let script = root.join("bench/duckdb/cohorts.py");
    let mut rows = Vec::new();
    for format in ["csv", "parquet"] {
        let config = demo_data(root, &vitals, options.scale, format)?;
        let config = config.display().to_string();
        let v = vitals.display().to_string();
        // The range vitals picks by default for the subscription kinds, given to all.
        let (first, _) = timed(&[
            v.clone(),
            "cohorts".into(),
            "--config".into(),
            config.clone(),
            "--format".into(),
            "json".into(),
        ])?;
        let first: Value = serde_json::from_str(&first)?;
        let cohorts = first["cohorts"].as_array().context("cohorts")?;
        let from = cohorts
            .first()
            .and_then(|c| c["start"].as_str())
            .context("start")?[..10]
            .to_string();
        let to = cohorts
            .last()
            .and_then(|c| c["end"].as_str())
            .context("end")?[..10]
            .to_string();
        let range = [
            "--from".to_string(),
            from.clone(),
            "--to".into(),
            to.clone(),
        ];
        for (kind, metric) in KINDS {
            let mut ours: Vec<String> = vec![
                v.clone(),
                "cohorts".into(),
                "--config".into(),
                config.clone(),
                "--kind".into(),
                kind.into(),
                "--format".into(),
                "json".into(),
            ];
            ours.extend(range.iter().cloned());
            let theirs: Vec<String> = vec![
                "python3".into(),
                script.display().to_string(),
                "--config".into(),
                config.clone(),
                "--from".into(),
                from.clone(),
                "--to".into(),
                to.clone(),
                "--kind".into(),
                kind.into(),
            ];
            let mut reference: Vec<String> = vec![
                v.clone(),
                "run".into(),
                "--config".into(),
                config.clone(),
                "--metric".into(),
                metric.into(),
                "--format".into(),
                "json".into(),
            ];
            reference.extend(range.iter().cloned());
            let (a, _) = timed(&ours)?;
            let (b, _) = timed(&theirs)?;
            let diffs = differences(&serde_json::from_str(&a)?, &serde_json::from_str(&b)?);
            if !diffs.is_empty() {
                bail!(
                    "DuckDB and vitals disagree on {} cell(s) of the {kind} cohorts ({format}); no timing is reported:\n  {}",
                    diffs.len(),
                    diffs.join("\n  ")
                );
            }
            eprintln!(
                "==> {format} {kind}: every cell agrees; timing {} runs",
                options.runs
            );
            let (mut o, mut t, mut r) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..options.runs {
                o.push(timed(&ours)?.1);
                t.push(timed(&theirs)?.1);
                r.push(timed(&reference)?.1);
            }
            rows.push((format, kind, metric, o, t, r));
        }
    }
    let date = utc_now();
    let mut md = format!(
        "## --scale {scale}\n\n\
         `cargo xtask bench --cohorts --scale {scale} --runs {runs}` on {date}; {machine}.\n\n\
         `vitals cohorts --kind K --format json` by month over the last 12 complete months of \
         `vitals demo --scale {scale}`, against `bench/duckdb/cohorts.py` (the same tables \
         written independently: DuckDB SQL for the per-member months, Python for the shares), \
         every cell checked equal first; and against `vitals run --metric M`, the simplest \
         metric on the same dataset, whose time is mostly loading the file. Whole processes, \
         run {runs} times alternately; medians of wall time and peak resident memory.\n\n\
         | files | kind | vitals s | DuckDB s | time ratio | vitals MiB | DuckDB MiB | `run --metric` | its s | cohorts ÷ metric |\n\
         |---|---|---:|---:|---:|---:|---:|---|---:|---:|\n",
        scale = options.scale,
        runs = options.runs,
        machine = machine(),
    );
    for (format, kind, metric, o, t, r) in &rows {
        md.push_str(&format!(
            "| {format} | {kind} | {:.2} | {:.2} | {:.2} | {:.0} | {:.0} | {metric} | {:.2} | {:.2} |\n",
            seconds(o),
            seconds(t),
            seconds(o) / seconds(t),
            mib(o),
            mib(t),
            seconds(r),
            seconds(o) / seconds(r),
        ));
    }
    write_section(
        root,
        "bench/cohorts.md",
        options.scale,
        &md,
        "# vitals cohorts vs DuckDB",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::differences;
    use serde_json::json;

    #[test]
    fn a_differing_cell_or_size_is_named() {
        let ours = json!({"cohorts": [{"cohort": "2026-01", "size": 3, "values": ["0.5", null]}]});
        let same = json!({"cohorts": [{"cohort": "2026-01", "size": 3, "values": ["0.50", null]}]});
        assert!(differences(&ours, &same).is_empty());
        let other = json!({"cohorts": [{"cohort": "2026-01", "size": 4, "values": ["0.5", "0"]}]});
        assert_eq!(
            differences(&ours, &other),
            ["2026-01 size: 3 vs 4", "2026-01 age 1: null vs \"0\""]
        );
    }
}
