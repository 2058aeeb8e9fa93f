//! `cargo xtask bench --postgres`: loading the demo's events from PostgreSQL against loading
//! them from Parquet. A throw-away server (`pg-test-server`) is started, the events are copied
//! into it with native types, and `vitals check` (which loads and checks a dataset, nothing
//! more) reads them from the table and from the Parquet file, alternately.

use crate::bench::{
    BenchOptions, Sample, demo_data, machine, mib, release_binary, seconds, timed, utc_now,
    write_section,
};
use anyhow::{Context, Result, bail};
use pg_test_server::Postgres;
use std::path::Path;
use std::time::Instant;

/// Times the loads at `options.scale`; writes `bench/postgres.md`.
pub(crate) fn bench_postgres(root: &Path, options: &BenchOptions) -> Result<()> {
    let vitals = release_binary(root, options)?;
    let csv = demo_data(root, &vitals, options.scale, "csv")?;
    let parquet = demo_data(root, &vitals, options.scale, "parquet")?;
    let events_csv = csv.parent().unwrap_or(root).join("events.csv");
    let events_parquet = parquet.parent().unwrap_or(root).join("events.parquet");
    for file in [&events_csv, &events_parquet] {
        if !file.exists() {
            bail!("{} is missing", file.display());
        }
    }
    eprintln!("==> starting a throw-away PostgreSQL server");
    let server = Postgres::start();
    let copying = Instant::now();
    server.psql(&format!(
        "CREATE SCHEMA bench;\n\
         CREATE TABLE bench.events (user_id text, occurred_at timestamptz, event text, session_id text, page text, feature text);\n\
         \\copy bench.events FROM '{}' WITH (FORMAT csv, HEADER true)\n\
         VACUUM ANALYZE bench.events;\n",
        events_csv.display()
    ));
    let copy_seconds = copying.elapsed().as_secs_f64();
    eprintln!("==> copied the events into PostgreSQL in {copy_seconds:.1} s");
    let scratch = tempfile::tempdir()?;
    let config = |name: &str, body: String| -> Result<String> {
        let path = scratch.path().join(name);
        std::fs::write(&path, format!("[datasets.events]\n{body}\n"))?;
        Ok(path.display().to_string())
    };
    let pg_config = config(
        "postgres.toml",
        "postgres = \"env:VITALS_PG_URL\"\ntable = \"bench.events\"".to_string(),
    )?;
    let parquet_config = config(
        "parquet.toml",
        format!("path = \"{}\"", events_parquet.display()),
    )?;
    // The connection string reaches vitals through its environment, as it does for users.
    let bin = vitals.display().to_string();
    let check = |config: &str| -> Vec<String> {
        [
            "env",
            &format!("VITALS_PG_URL={}", server.url()),
            &bin,
            "check",
            "--config",
            config,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let variants = [
        ("Parquet file", check(&parquet_config)),
        ("PostgreSQL table", check(&pg_config)),
    ];
    // Once untimed: both load every row.
    let mut rows = Vec::new();
    for (name, cmd) in &variants {
        let (out, _) = timed(cmd)?;
        let n = out
            .split_whitespace()
            .skip_while(|w| *w != "events:")
            .nth(1)
            .and_then(|w| w.parse::<u64>().ok())
            .with_context(|| format!("{name}: no row count in `vitals check`'s output: {out}"))?;
        rows.push(n);
    }
    if rows[0] != rows[1] {
        bail!(
            "the table holds {} events, the Parquet file {}",
            rows[1],
            rows[0]
        );
    }
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); variants.len()];
    for _ in 0..options.runs {
        for ((_, cmd), s) in variants.iter().zip(&mut samples) {
            s.push(timed(cmd)?.1);
        }
    }
    eprintln!("==> timed {} runs of each", options.runs);
    drop(server);
    let (base_s, base_m) = (seconds(&samples[0]), mib(&samples[0]));
    let mut md = format!(
        "## --scale {scale}\n\n\
         `cargo xtask bench --postgres --scale {scale} --runs {runs}` on {date}; {machine}.\n\n\
         `vitals check` on the events of `vitals demo --scale {scale}` ({rows} rows) alone: \
         from the Parquet file, and from a PostgreSQL 15 table (native types: text, \
         timestamptz) on a throw-away server on the same machine (127.0.0.1, the test \
         server's settings: fsync off, default shared buffers). `vitals check` loads and \
         checks the dataset and nothing more. Whole processes, run {runs} times alternately; \
         medians; the server's own memory is not counted.\n\n\
         | source | s | ratio to Parquet | rows/s | MiB | ratio to Parquet |\n\
         |---|---:|---:|---:|---:|---:|\n",
        scale = options.scale,
        runs = options.runs,
        date = utc_now(),
        machine = machine(),
        rows = rows[0],
    );
    for ((name, _), s) in variants.iter().zip(&samples) {
        md.push_str(&format!(
            "| {name} | {:.2} | {:.2} | {:.0} | {:.0} | {:.2} |\n",
            seconds(s),
            seconds(s) / base_s,
            rows[0] as f64 / seconds(s),
            mib(s),
            mib(s) / base_m
        ));
    }
    md.push_str(&format!(
        "\nCopying the events into the table (`\\copy` from the CSV file, then `VACUUM \
         ANALYZE`) took {copy_seconds:.1} s.\n"
    ));
    write_section(
        root,
        "bench/postgres.md",
        options.scale,
        &md,
        "# vitals: datasets from PostgreSQL",
    )
}
