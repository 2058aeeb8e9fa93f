//! `cargo xtask bench --prepared`: what `vitals prepare` saves. `vitals run --set all` from
//! the demo's CSV files, from its Parquet files, and from the folder `vitals prepare` wrote
//! from the CSV files, alternately; and what `vitals prepare` itself takes.

use crate::bench::{
    BenchOptions, Sample, demo_data, machine, mib, release_binary, seconds, timed, utc_now,
    write_section,
};
use anyhow::{Result, bail};
use std::path::Path;

/// Times the runs on the demo data at `options.scale`; writes `bench/prepared.md`.
pub(crate) fn bench_prepared(root: &Path, options: &BenchOptions) -> Result<()> {
    let vitals = release_binary(root, options)?;
    let csv = demo_data(root, &vitals, options.scale, "csv")?;
    let parquet = demo_data(root, &vitals, options.scale, "parquet")?;
    let prepared = csv.parent().unwrap_or(root).with_extension("prepared");
    let bin = vitals.display().to_string();
    let prepare: Vec<String> = [
        bin.as_str(),
        "prepare",
        "--config",
        &csv.display().to_string(),
        "--out",
        &prepared.display().to_string(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let run = |source: &[String]| -> Vec<String> {
        let mut cmd: Vec<String> = vec![bin.clone(), "run".into()];
        cmd.extend(source.iter().cloned());
        cmd.extend(
            [
                "--set",
                "all",
                "--format",
                "json",
                "--from",
                "2025-10-01",
                "--to",
                "2026-10-01",
            ]
            .map(String::from),
        );
        cmd
    };
    let variants: Vec<(&str, Vec<String>)> = vec![
        (
            "CSV files",
            run(&["--config".into(), csv.display().to_string()]),
        ),
        (
            "Parquet files",
            run(&["--config".into(), parquet.display().to_string()]),
        ),
        (
            "prepared (from the CSV files)",
            run(&["--prepared".into(), prepared.display().to_string()]),
        ),
    ];
    let mut prepare_samples = Vec::new();
    for _ in 0..options.runs {
        prepare_samples.push(timed(&prepare)?.1);
    }
    eprintln!("==> timed {} runs of vitals prepare", options.runs);
    // Each variant once untimed: the same report, number for number.
    let reports: Vec<String> = variants
        .iter()
        .map(|(_, cmd)| timed(cmd).map(|(out, _)| out))
        .collect::<Result<_>>()?;
    if reports[2] != reports[0] {
        bail!("the run from prepared data differs from the run from the CSV files");
    }
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); variants.len()];
    for _ in 0..options.runs {
        for ((_, cmd), s) in variants.iter().zip(&mut samples) {
            s.push(timed(cmd)?.1);
        }
    }
    eprintln!("==> timed {} runs of each variant", options.runs);
    let date = utc_now();
    let mut md = format!(
        "## --scale {scale}\n\n\
         `cargo xtask bench --prepared --scale {scale} --runs {runs}` on {date}; {machine}.\n\n\
         `vitals run --set all --format json` over October 2025 – September 2026 of `vitals \
         demo --scale {scale}`, by month, from the CSV files, from the same data as Parquet, \
         and from the folder `vitals prepare` wrote from the CSV files (the report from it is \
         checked equal to the CSV run's, byte for byte, first). Whole processes, run {runs} \
         times alternately; medians.\n\n\
         | source | s | ratio to CSV | MiB | ratio to CSV |\n|---|---:|---:|---:|---:|\n",
        scale = options.scale,
        runs = options.runs,
        machine = machine(),
    );
    let (base_s, base_m) = (seconds(&samples[0]), mib(&samples[0]));
    for ((name, _), s) in variants.iter().zip(&samples) {
        md.push_str(&format!(
            "| {name} | {:.2} | {:.2} | {:.0} | {:.2} |\n",
            seconds(s),
            seconds(s) / base_s,
            mib(s),
            mib(s) / base_m
        ));
    }
    let saved = seconds(&samples[0]) - seconds(&samples[2]);
    let pays = if saved > 0.0 {
        format!(
            "each run from it saves {saved:.2} s, so it has paid for itself after {} runs",
            (seconds(&prepare_samples) / saved).ceil()
        )
    } else {
        "a run from it saves nothing here".to_string()
    };
    md.push_str(&format!(
        "\n`vitals prepare` from the CSV files (every dataset checked and written): {:.2} s, {:.0} MiB; \
         {pays}.\n",
        seconds(&prepare_samples),
        mib(&prepare_samples)
    ));
    write_section(
        root,
        "bench/prepared.md",
        options.scale,
        &md,
        "# vitals prepared data",
    )?;
    Ok(())
}
