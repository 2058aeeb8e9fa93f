//! `cargo xtask bench --calendars`: what a time zone and a year-over-year comparison cost,
//! `vitals run --set all` in UTC against the same run in a zone with daylight saving, and
//! with `--compare year`, on the demo data, alternately.

use crate::bench::{
    BenchOptions, Sample, demo_data, machine, mib, release_binary, seconds, timed, utc_now,
    write_section,
};
use anyhow::{Result, bail};
use serde_json::Value;
use std::path::Path;

const VARIANTS: [(&str, &[&str]); 3] = [
    ("UTC", &[]),
    ("--tz America/New_York", &["--tz", "America/New_York"]),
    ("--compare year", &["--compare", "year"]),
];

/// Times the variants on the demo data at `options.scale` (CSV and Parquet); writes
/// `bench/calendars.md`.
pub(crate) fn bench_calendars(root: &Path, options: &BenchOptions) -> Result<()> {
    let vitals = release_binary(root, options)?;
    let mut rows = Vec::new();
    for format in ["csv", "parquet"] {
        let config = demo_data(root, &vitals, options.scale, format)?;
        let commands: Vec<Vec<String>> = VARIANTS
            .iter()
            .map(|(_, extra)| {
                let mut cmd: Vec<String> = [
                    vitals.display().to_string(),
                    "run".into(),
                    "--config".into(),
                    config.display().to_string(),
                    "--set".into(),
                    "all".into(),
                    "--format".into(),
                    "json".into(),
                    "--from".into(),
                    "2025-10-01".into(),
                    "--to".into(),
                    "2026-10-01".into(),
                ]
                .to_vec();
                cmd.extend(extra.iter().map(|s| s.to_string()));
                cmd
            })
            .collect();
        // Each variant runs once untimed and must evaluate the whole catalogue.
        for cmd in &commands {
            let (out, _) = timed(cmd)?;
            let report: Value = serde_json::from_str(&out)?;
            if report["metrics"].as_array().is_none_or(|m| m.len() < 100) {
                bail!("`{}` did not evaluate the catalogue", cmd.join(" "));
            }
        }
        let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); commands.len()];
        for _ in 0..options.runs {
            for (cmd, s) in commands.iter().zip(&mut samples) {
                s.push(timed(cmd)?.1);
            }
        }
        eprintln!("==> {format}: timed {} runs of each variant", options.runs);
        rows.push((format, samples));
    }
    let date = utc_now();
    let mut md = format!(
        "## --scale {scale}\n\n\
         `cargo xtask bench --calendars --scale {scale} --runs {runs}` on {date}; {machine}.\n\n\
         `vitals run --set all --format json` over October 2025 – September 2026 of `vitals \
         demo --scale {scale}`, by month: in UTC, in America/New_York (periods bounded by local \
         midnights, local days), and in UTC with `--compare year` (the twelve months before \
         evaluated too). Whole processes, run {runs} times alternately; medians.\n\n\
         | files | variant | s | ratio to UTC | MiB | ratio to UTC |\n|---|---|---:|---:|---:|---:|\n",
        scale = options.scale,
        runs = options.runs,
        machine = machine(),
    );
    for (format, samples) in &rows {
        let (base_s, base_m) = (seconds(&samples[0]), mib(&samples[0]));
        for ((name, _), s) in VARIANTS.iter().zip(samples) {
            md.push_str(&format!(
                "| {format} | {name} | {:.2} | {:.2} | {:.0} | {:.2} |\n",
                seconds(s),
                seconds(s) / base_s,
                mib(s),
                mib(s) / base_m
            ));
        }
    }
    write_section(
        root,
        "bench/calendars.md",
        options.scale,
        &md,
        "# vitals calendars",
    )?;
    Ok(())
}
