//! `cargo xtask bench`: vitals against DuckDB running the same metrics as SQL over the same
//! files (`bench/duckdb/`), side by side on this machine. The numbers are compared before
//! any time is: a benchmark of wrong answers measures nothing.

use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// `vitals demo --scale` of the data.
    pub scale: f64,
    /// Timed repetitions of each command; the report gives medians.
    pub runs: usize,
    /// Use the release binary as it is (no `cargo build --release` first).
    pub no_build: bool,
    /// Time `vitals cohorts` instead of the metrics (`bench/cohorts.md`).
    pub cohorts: bool,
    /// Time a run in a time zone and with `--compare year` against one in UTC
    /// (`bench/calendars.md`).
    pub calendars: bool,
    /// Time runs from prepared data against runs from the sources (`bench/prepared.md`).
    pub prepared: bool,
    /// Time a run on a loopback Ballista cluster against a local one (`bench/cluster.md`).
    pub cluster: bool,
    /// Time loading events from PostgreSQL against loading them from Parquet
    /// (`bench/postgres.md`).
    pub postgres: bool,
}

impl Default for BenchOptions {
    fn default() -> Self {
        BenchOptions {
            scale: 1.0,
            runs: 5,
            no_build: false,
            cohorts: false,
            calendars: false,
            prepared: false,
            cluster: false,
            postgres: false,
        }
    }
}

/// The release binary of vitals, built first unless `--no-build`.
pub(crate) fn release_binary(root: &Path, options: &BenchOptions) -> Result<PathBuf> {
    if !options.no_build {
        eprintln!("==> cargo build --release -p vitals-runner");
        let status = crate::cargo(root)
            .args(["build", "--release", "-p", "vitals-runner"])
            .status()?;
        if !status.success() {
            bail!("release build failed");
        }
    }
    let vitals = root.join("target/release/vitals");
    if !vitals.exists() {
        bail!(
            "{} does not exist: run without --no-build",
            vitals.display()
        );
    }
    Ok(vitals)
}

/// One timed command: wall seconds and peak resident memory in MiB.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sample {
    pub(crate) seconds: f64,
    pub(crate) peak_mib: f64,
}

pub(crate) fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// The median wall time of `samples`.
pub(crate) fn seconds(samples: &[Sample]) -> f64 {
    median(samples.iter().map(|s| s.seconds).collect())
}

/// The median peak memory of `samples`.
pub(crate) fn mib(samples: &[Sample]) -> f64 {
    median(samples.iter().map(|s| s.peak_mib).collect())
}

/// Runs `cmd` under `/usr/bin/time` (for peak memory) and returns its stdout with the
/// sample; wall time is measured here, to the millisecond.
pub(crate) fn timed(cmd: &[String]) -> Result<(String, Sample)> {
    let started = std::time::Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("__time__ %e %M")
        .args(cmd)
        .output()
        .with_context(|| format!("cannot run /usr/bin/time {}", cmd.join(" ")))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("`{}` failed:\n{stderr}", cmd.join(" "));
    }
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("__time__"))
        .context("no timing line from /usr/bin/time")?;
    let seconds = started.elapsed().as_secs_f64();
    let kib: f64 = line
        .split_whitespace()
        .nth(2)
        .context("peak memory")?
        .parse()?;
    Ok((
        String::from_utf8(out.stdout)?,
        Sample {
            seconds,
            peak_mib: kib / 1024.0,
        },
    ))
}

pub(crate) fn ensure_duckdb() -> Result<()> {
    let ok = Command::new("python3")
        .args(["-c", "import duckdb"])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if ok {
        return Ok(());
    }
    eprintln!("==> pip install duckdb");
    let status = Command::new("python3")
        .args(["-m", "pip", "install", "--quiet", "duckdb"])
        .status()?;
    if !status.success() {
        bail!("cannot install the duckdb package from PyPI");
    }
    Ok(())
}

/// Generates the demo data once per scale, format and version of the demo generator (a hash
/// of its sources) into `target/bench/`.
pub(crate) fn demo_data(root: &Path, vitals: &Path, scale: f64, format: &str) -> Result<PathBuf> {
    let dir = root
        .join("target/bench")
        .join(format!("demo-{:016x}", demo_sources_hash(root)?))
        .join(format!("scale-{scale}"))
        .join(format);
    let config = dir.join("vitals.toml");
    if config.exists() {
        return Ok(config);
    }
    eprintln!(
        "==> vitals demo --scale {scale} --format {format} (cached in {})",
        dir.display()
    );
    let scratch = dir.with_extension("partial");
    let _ = std::fs::remove_dir_all(&scratch);
    let status = Command::new(vitals)
        .args([
            "demo",
            "--scale",
            &scale.to_string(),
            "--format",
            format,
            "--out",
        ])
        .arg(&scratch)
        .status()?;
    if !status.success() {
        bail!("vitals demo failed");
    }
    std::fs::rename(&scratch, &dir)?;
    Ok(config)
}

/// A hash (FNV-1a) of the demo generator's sources: data generated by another version of
/// them is generated again.
fn demo_sources_hash(root: &Path) -> Result<u64> {
    let dir = root.join("crates/vitals-runner/src/demo");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in files {
        for b in std::fs::read(&f)? {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_0100_01b3);
        }
    }
    Ok(h)
}

/// `metric id → values` from a vitals JSON report.
fn vitals_values(report: &Value) -> BTreeMap<String, Vec<Option<String>>> {
    report["metrics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            let values = m["values"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| v["value"].as_str().map(str::to_string))
                .collect();
            (m["id"].as_str().unwrap_or_default().to_string(), values)
        })
        .collect()
}

/// Equal as numbers: exactly for whole numbers, to 12 significant digits otherwise (DuckDB
/// divides decimals in double precision; vitals in 28-digit decimals).
pub(crate) fn same_number(a: &str, b: &str) -> bool {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs()),
        _ => false,
    }
}

fn compare(
    vitals: &BTreeMap<String, Vec<Option<String>>>,
    duck: &Value,
    ids: &[String],
) -> Vec<String> {
    let mut diffs = Vec::new();
    for id in ids {
        let ours = vitals.get(id).cloned().unwrap_or_default();
        let theirs: Vec<Option<String>> = duck["metrics"][id]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| v.as_str().map(str::to_string))
            .collect();
        if ours.len() != theirs.len() {
            diffs.push(format!(
                "{id}: {} periods in vitals, {} in DuckDB",
                ours.len(),
                theirs.len()
            ));
            continue;
        }
        for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
            let equal = match (a, b) {
                (None, None) => true,
                (Some(a), Some(b)) => same_number(a, b),
                _ => false,
            };
            if !equal {
                diffs.push(format!("{id} period {i}: vitals {a:?}, DuckDB {b:?}"));
            }
        }
    }
    diffs
}

pub(crate) fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map_or_else(|| "?".into(), |k| format!("{:.0} GiB", k / 1024.0 / 1024.0));
    format!("{cores} cores ({cpu}), {mem} RAM")
}

/// The threads a run of vitals uses on this machine (`VITALS_THREADS`, else every core).
fn run_threads() -> usize {
    std::env::var("VITALS_THREADS")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Where one run's time went, as `vitals run --timings` prints it: the set-up steps in order
/// and the metrics slowest first, each with its seconds.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Profile {
    pub(crate) setup: Vec<(String, f64)>,
    pub(crate) metrics: Vec<(String, f64)>,
}

/// Reads the `--timings` lines of a run's standard error.
pub(crate) fn parse_profile(stderr: &str) -> Profile {
    let mut profile = Profile::default();
    let mut in_metrics = false;
    for line in stderr.lines() {
        if line.starts_with("timings, set-up") {
            in_metrics = false;
        } else if line.starts_with("timings, metrics") {
            in_metrics = true;
        } else if let Some((secs, what)) = line.trim_start().split_once(" s  ")
            && line.starts_with("  ")
            && let Ok(secs) = secs.trim().parse::<f64>()
        {
            let row = (what.to_string(), secs);
            if in_metrics {
                profile.metrics.push(row);
            } else {
                profile.setup.push(row);
            }
        }
    }
    profile
}

/// Runs `cmd` with `--timings` once and returns where its time went, with its wall time.
pub(crate) fn profiled(cmd: &[String]) -> Result<(Profile, f64)> {
    let started = std::time::Instant::now();
    let out = Command::new(&cmd[0])
        .args(&cmd[1..])
        .arg("--timings")
        .output()
        .with_context(|| format!("cannot run {}", cmd.join(" ")))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("`{} --timings` failed:\n{stderr}", cmd.join(" "));
    }
    Ok((parse_profile(&stderr), started.elapsed().as_secs_f64()))
}

/// The markdown of `profile`: the set-up steps, and the `top` slowest metrics with the rest
/// summed.
pub(crate) fn profile_markdown(profile: &Profile, wall: f64, top: usize) -> String {
    let mut md = String::from("| step | s |\n|---|---:|\n");
    // The steps that take at least 1 % of the run, the others summed.
    let (shown, small): (Vec<_>, Vec<_>) = profile
        .setup
        .iter()
        .partition(|(_, secs)| *secs >= wall / 100.0);
    for (what, secs) in &shown {
        md.push_str(&format!("| {what} | {secs:.2} |\n"));
    }
    if !small.is_empty() {
        let rest: f64 = small.iter().map(|(_, s)| s).sum();
        md.push_str(&format!(
            "| the other {} steps, each under 1 % of the run | {rest:.2} |\n",
            small.len()
        ));
    }
    let total: f64 = profile.metrics.iter().map(|(_, s)| s).sum();
    md.push_str(&format!(
        "| evaluating {} metrics (summed over the threads) | {total:.2} |\n| the whole process (wall) | {wall:.2} |\n\n",
        profile.metrics.len()
    ));
    md.push_str("| slowest metrics | s | share of metric time |\n|---|---:|---:|\n");
    for (id, secs) in profile.metrics.iter().take(top) {
        md.push_str(&format!(
            "| {id} | {secs:.2} | {:.0} % |\n",
            100.0 * secs / total.max(f64::MIN_POSITIVE)
        ));
    }
    if profile.metrics.len() > top {
        let rest: f64 = profile.metrics.iter().skip(top).map(|(_, s)| s).sum();
        md.push_str(&format!(
            "| the other {} | {rest:.2} | {:.0} % |\n",
            profile.metrics.len() - top,
            100.0 * rest / total.max(f64::MIN_POSITIVE)
        ));
    }
    md
}

/// Runs the benchmark and writes `bench/results.md`.
pub fn bench(root: &Path, options: &BenchOptions) -> Result<()> {
    if options.cohorts {
        return crate::cohort_bench::bench_cohorts(root, options);
    }
    if options.calendars {
        return crate::calendar_bench::bench_calendars(root, options);
    }
    if options.prepared {
        return crate::prepared_bench::bench_prepared(root, options);
    }
    if options.postgres {
        return crate::postgres_bench::bench_postgres(root, options);
    }
    if options.cluster {
        return crate::cluster_bench::bench_cluster(root, options);
    }
    let vitals = release_binary(root, options)?;
    ensure_duckdb()?;
    let duck_script = root.join("bench/duckdb/run.py");
    let mut ids: Vec<String> = std::fs::read_dir(root.join("bench/duckdb/metrics"))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            if p.extension()? != "sql" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    ids.sort();
    let catalogue = Command::new(&vitals)
        .args(["list", "--format", "json"])
        .output()?;
    let catalogue: Value = serde_json::from_slice(&catalogue.stdout)?;
    let total = catalogue.as_array().map_or(0, Vec::len);

    let mut rows = Vec::new();
    let mut whole = Vec::new();
    let mut breakdowns = Vec::new();
    let mut profiles = Vec::new();
    for format in ["csv", "parquet"] {
        let config = demo_data(root, &vitals, options.scale, format)?;
        let config_s = config.display().to_string();
        // The range vitals picks by default (the last 12 complete months), given to both.
        let mut vitals_cmd: Vec<String> = vec![
            vitals.display().to_string(),
            "run".into(),
            "--config".into(),
            config_s.clone(),
            "--format".into(),
            "json".into(),
        ];
        for id in &ids {
            vitals_cmd.push("--metric".into());
            vitals_cmd.push(id.clone());
        }
        let (first, _) = timed(&vitals_cmd)?;
        let report: Value = serde_json::from_str(&first)?;
        let periods = report["periods"].as_array().context("periods")?;
        let from = periods
            .first()
            .and_then(|p| p["start"].as_str())
            .context("start")?[..10]
            .to_string();
        let to = periods
            .last()
            .and_then(|p| p["end"].as_str())
            .context("end")?[..10]
            .to_string();
        vitals_cmd.extend(["--from".into(), from.clone(), "--to".into(), to.clone()]);
        let duck_cmd: Vec<String> = vec![
            "python3".into(),
            duck_script.display().to_string(),
            "--config".into(),
            config_s.clone(),
            "--from".into(),
            from.clone(),
            "--to".into(),
            to.clone(),
            "--metrics".into(),
            ids.join(","),
        ];
        let (duck_out, _) = timed(&duck_cmd)?;
        let duck: Value = serde_json::from_str(&duck_out)?;
        let diffs = compare(&vitals_values(&report), &duck, &ids);
        if !diffs.is_empty() {
            bail!(
                "DuckDB and vitals disagree on {} value(s) ({format}); no timing is reported:\n  {}",
                diffs.len(),
                diffs.join("\n  ")
            );
        }
        eprintln!(
            "==> {format}: {} metrics × {} periods agree; timing {} runs each",
            ids.len(),
            periods.len(),
            options.runs
        );
        let (mut ours, mut theirs, mut inside) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..options.runs {
            ours.push(timed(&vitals_cmd)?.1);
            let (out, sample) = timed(&duck_cmd)?;
            theirs.push(sample);
            let report: Value = serde_json::from_str(&out)?;
            let s = &report["seconds"];
            inside.push(s["load"].as_f64().unwrap_or(0.0) + s["compute"].as_f64().unwrap_or(0.0));
        }
        rows.push((format, ours, theirs, inside));
        // The whole catalogue, which DuckDB cannot be compared on until bench/duckdb has SQL
        // for every metric.
        let all_cmd: Vec<String> = vec![
            vitals.display().to_string(),
            "run".into(),
            "--config".into(),
            config_s.clone(),
            "--set".into(),
            "all".into(),
            "--format".into(),
            "json".into(),
        ];
        // The whole catalogue, and the same broken down by plan, alternately.
        let mut by_cmd = all_cmd.clone();
        by_cmd.extend(["--by".into(), "plan".into()]);
        let (by_out, _) = timed(&by_cmd)?;
        let by_report: Value = serde_json::from_str(&by_out)?;
        let groups = by_report["metrics"]
            .as_array()
            .and_then(|ms| ms.iter().find_map(|m| m["groups"].as_array()))
            .map_or(0, Vec::len);
        let applicable = by_report["metrics"]
            .as_array()
            .map_or(0, |ms| ms.iter().filter(|m| m["groups"].is_array()).count());
        let (mut plain, mut by) = (Vec::new(), Vec::new());
        for _ in 0..options.runs {
            plain.push(timed(&all_cmd)?.1);
            by.push(timed(&by_cmd)?.1);
        }
        // Where the time goes: one more run of the whole catalogue, with --timings.
        let (profile, wall) = profiled(&all_cmd)?;
        profiles.push((format, profile, wall));
        if ids.len() < total {
            whole.push((format, plain.clone()));
        }
        breakdowns.push((format, plain, by, groups, applicable));
    }
    let mut list = Vec::new();
    for _ in 0..options.runs.max(5) {
        list.push(
            timed(&[vitals.display().to_string(), "list".into()])?
                .1
                .seconds,
        );
    }

    let date = utc_now();
    let mut md = format!(
        "## --scale {scale}\n\n\
         `cargo xtask bench --scale {scale} --runs {runs}` on {date}; {machine}.\n\n\
         Data: `vitals demo --scale {scale}` (CSV, and the same rows as Parquet). Metrics: {n} \
         of the catalogue's {total} (those `bench/duckdb/metrics/` has SQL for), over the last \
         12 months; DuckDB's numbers were checked equal to vitals' before timing. Each command \
         is a whole process (load the files, compute, print), run {runs} times alternately; \
         medians of wall time and of peak resident memory (`/usr/bin/time`). \
         \"DuckDB in-process\" is DuckDB's load and compute time measured inside the Python \
         process, without interpreter start-up and `import duckdb`; the ratios use the whole \
         process.\n\n\
         | files | vitals s | DuckDB s | DuckDB in-process s | time ratio | vitals MiB | DuckDB MiB | memory ratio |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
        scale = options.scale,
        runs = options.runs,
        machine = machine(),
        n = ids.len(),
    );
    for (format, ours, theirs, inside) in &rows {
        let din = median(inside.clone());
        let (vs, ds) = (
            median(ours.iter().map(|s| s.seconds).collect()),
            median(theirs.iter().map(|s| s.seconds).collect()),
        );
        let (vm, dm) = (
            median(ours.iter().map(|s| s.peak_mib).collect()),
            median(theirs.iter().map(|s| s.peak_mib).collect()),
        );
        md.push_str(&format!(
            "| {format} | {vs:.2} | {ds:.2} | {din:.2} | {:.2} | {vm:.0} | {dm:.0} | {:.2} |\n",
            vs / ds,
            vm / dm
        ));
    }
    if !whole.is_empty() {
        md.push_str(&format!(
            "\nThe whole catalogue, `vitals run --set all --format json` ({total} metrics), \
             vitals alone:\n\n| files | vitals s | vitals MiB |\n|---|---:|---:|\n"
        ));
    }
    for (format, samples) in &whole {
        md.push_str(&format!(
            "| {format} | {:.2} | {:.0} |\n",
            median(samples.iter().map(|s| s.seconds).collect()),
            median(samples.iter().map(|s| s.peak_mib).collect())
        ));
    }
    if let Some((_, _, _, groups, applicable)) = breakdowns.first() {
        md.push_str(&format!(
            "\nBreakdowns: `vitals run --set all` against the same with `--by plan` ({groups} \
             groups, the top 10 plans, `(none)` and `(other)`, for the {applicable} metrics plan \
             applies to; the others once), alternately, vitals alone:\n\n\
             | files | --set all s | --by plan s | time ratio | --set all MiB | --by plan MiB | memory ratio |\n\
             |---|---:|---:|---:|---:|---:|---:|\n"
        ));
    }
    for (format, plain, by, _, _) in &breakdowns {
        let (ps, bs) = (
            median(plain.iter().map(|s| s.seconds).collect()),
            median(by.iter().map(|s| s.seconds).collect()),
        );
        let (pm, bm) = (
            median(plain.iter().map(|s| s.peak_mib).collect()),
            median(by.iter().map(|s| s.peak_mib).collect()),
        );
        md.push_str(&format!(
            "| {format} | {ps:.2} | {bs:.2} | {:.2} | {pm:.0} | {bm:.0} | {:.2} |\n",
            bs / ps,
            bm / pm
        ));
    }
    for (format, profile, wall) in &profiles {
        md.push_str(&format!(
            "\nWhere the time goes ({format}): one more run of `vitals run --set all --timings`; \
             datasets load and metrics evaluate {} at a time, so the steps overlap and add up to \
             more than the wall time; a shared view's time is counted in the first metric that \
             reads it.\n\n{}",
            run_threads(),
            profile_markdown(profile, *wall, 12)
        ));
    }
    md.push_str(&format!(
        "\n`vitals list`: median {:.1} ms over {} runs.\n",
        median(list.clone()) * 1000.0,
        list.len()
    ));
    write_section(
        root,
        "bench/results.md",
        options.scale,
        &md,
        "# vitals vs DuckDB",
    )?;
    Ok(())
}

/// `results.md` with the section of `scale` replaced by `section` (or added), the other
/// scales' sections kept, in order of scale.
/// Now, for a report: `2026-12-03 06:45 UTC`.
pub(crate) fn utc_now() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// Prints `md` and writes it as the section of `scale` in the report `file` (titled `title`),
/// keeping the other scales' sections.
pub(crate) fn write_section(
    root: &Path,
    file: &str,
    scale: f64,
    md: &str,
    title: &str,
) -> Result<()> {
    print!("{md}");
    let path = root.join(file);
    let previous = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, with_section(&previous, scale, md, title))?;
    eprintln!("wrote {file}");
    Ok(())
}

pub(crate) fn with_section(previous: &str, scale: f64, section: &str, title: &str) -> String {
    let mut sections: Vec<(f64, String)> = previous
        .split("\n## --scale ")
        .skip(1)
        .filter_map(|s| {
            let value: f64 = s.split_whitespace().next()?.parse().ok()?;
            Some((value, format!("## --scale {}", s.trim_end())))
        })
        .filter(|(value, _)| *value != scale)
        .collect();
    sections.push((scale, section.trim_end().to_string()));
    sections.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = format!(
        "{title}\n\nWritten by `cargo xtask bench`; one section per `--scale`, each from its own run.\n"
    );
    for (_, s) in sections {
        out.push('\n');
        out.push_str(&s);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_one_section_per_scale() {
        let title = "# vitals vs DuckDB";
        let first = with_section("", 10.0, "## --scale 10\n\nten, first run\n", title);
        let both = with_section(&first, 1.0, "## --scale 1\n\none\n", title);
        let again = with_section(&both, 10.0, "## --scale 10\n\nten, second run\n", title);
        assert_eq!(
            again,
            "# vitals vs DuckDB\n\nWritten by `cargo xtask bench`; one section per `--scale`, each from its own run.\n\n\
             ## --scale 1\n\none\n\n## --scale 10\n\nten, second run\n"
        );
    }

    use super::*;

    #[test]
    fn timings_are_read_back_from_standard_error() {
        let stderr = "warning: x\n\
            timings, set-up (datasets load 2 at a time):\n\
            \x20     1.500 s  loading events (10 rows)\n\
            \x20     0.020 s  coverage and range\n\
            timings, metrics (2 at a time, so they overlap; 3.000 s in all; …):\n\
            \x20     2.000 s  dau\n\
            \x20     1.000 s  mrr\n";
        let profile = parse_profile(stderr);
        assert_eq!(
            profile,
            Profile {
                setup: vec![
                    ("loading events (10 rows)".into(), 1.5),
                    ("coverage and range".into(), 0.02)
                ],
                metrics: vec![("dau".into(), 2.0), ("mrr".into(), 1.0)],
            }
        );
        let md = profile_markdown(&profile, 4.0, 1);
        assert!(md.contains("| dau | 2.00 | 67 % |"), "{md}");
        assert!(md.contains("| the other 1 | 1.00 | 33 % |"), "{md}");
        assert!(md.contains("| the whole process (wall) | 4.00 |"), "{md}");
        // Under 1 % of the run's 4 s: summed.
        assert!(
            md.contains("| the other 1 steps, each under 1 % of the run | 0.02 |"),
            "{md}"
        );
        assert!(md.contains("| loading events (10 rows) | 1.50 |"), "{md}");
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(Vec::new()).is_nan());
    }

    #[test]
    fn numbers_compare_exactly_or_to_twelve_digits() {
        assert!(same_number("6939", "6939.0000000000"));
        assert!(same_number(
            "247.82142857142857142857142857",
            "247.82142857142858"
        ));
        assert!(!same_number("247.821428571", "247.821428572"));
        assert!(!same_number("1", "abc"));
    }

    #[test]
    fn a_disagreement_names_metric_period_and_both_values() {
        let vitals: BTreeMap<String, Vec<Option<String>>> = [(
            "mrr".to_string(),
            vec![Some("10".to_string()), None, Some("3".to_string())],
        )]
        .into();
        let duck = serde_json::json!({"metrics": {"mrr": ["10.0", null, "4"]}});
        assert_eq!(
            compare(&vitals, &duck, &["mrr".to_string()]),
            vec!["mrr period 2: vitals Some(\"3\"), DuckDB Some(\"4\")".to_string()]
        );
        let short = serde_json::json!({"metrics": {"mrr": ["10"]}});
        assert_eq!(
            compare(&vitals, &short, &["mrr".to_string()]),
            vec!["mrr: 3 periods in vitals, 1 in DuckDB".to_string()]
        );
    }
}
