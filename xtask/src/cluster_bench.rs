//! `cargo xtask bench --cluster`: `vitals run --set all` from prepared data on this machine
//! against the same run on a loopback Apache DataFusion Ballista cluster (a scheduler and two
//! executors started from the same release binary, built with the `cluster` feature).

use crate::bench::{
    BenchOptions, Sample, demo_data, machine, mib, seconds, timed, utc_now, write_section,
};
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A server process, killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Process {
    /// Its peak resident memory so far, in MiB (`VmHWM`).
    fn peak_mib(&self) -> f64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.0.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            })
            .map_or(0.0, |kib| kib / 1024.0)
    }
}

fn start(vitals: &Path, args: &[&str]) -> Result<Process> {
    let child = Command::new(vitals)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot start vitals {}", args.join(" ")))?;
    Ok(Process(child))
}

/// Times the local and the cluster run at `options.scale`; writes `bench/cluster.md`.
pub(crate) fn bench_cluster(root: &Path, options: &BenchOptions) -> Result<()> {
    if !options.no_build {
        eprintln!("==> cargo build --release -p vitals-runner --features cluster");
        let status = crate::cargo(root)
            .args([
                "build",
                "--release",
                "-p",
                "vitals-runner",
                "--features",
                "cluster",
            ])
            .status()?;
        if !status.success() {
            bail!("release build failed");
        }
    }
    let vitals = root.join("target/release/vitals");
    let csv = demo_data(root, &vitals, options.scale, "csv")?;
    let prepared = csv.parent().unwrap_or(root).with_extension("prepared");
    let bin = vitals.display().to_string();
    let status = Command::new(&vitals)
        .args(["prepare", "--config"])
        .arg(&csv)
        .arg("--out")
        .arg(&prepared)
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        bail!("vitals prepare failed");
    }
    let work = root.join("target/bench/cluster-work");
    let _ = std::fs::remove_dir_all(&work);
    let scheduler = start(
        &vitals,
        &["cluster", "scheduler", "--bind", "127.0.0.1:50350"],
    )?;
    std::thread::sleep(std::time::Duration::from_secs(1));
    let executors: Vec<Process> = [("127.0.0.1:50351", "1"), ("127.0.0.1:50361", "2")]
        .iter()
        .map(|(bind, n)| {
            let dir = work.join(format!("executor-{n}"));
            start(
                &vitals,
                &[
                    "cluster",
                    "executor",
                    "--scheduler",
                    "127.0.0.1:50350",
                    "--bind",
                    bind,
                    "--work-dir",
                    &dir.display().to_string(),
                    "--cores",
                    "1",
                ],
            )
        })
        .collect::<Result<_>>()?;
    std::thread::sleep(std::time::Duration::from_secs(3));
    let run = |engine: &[&str]| -> Vec<String> {
        let mut cmd: Vec<String> = vec![
            bin.clone(),
            "run".into(),
            "--prepared".into(),
            prepared.display().to_string(),
        ];
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
        cmd.extend(engine.iter().map(|s| s.to_string()));
        cmd
    };
    let variants = [
        ("local (this process)", run(&[])),
        (
            "loopback cluster (2 executors of 1 core)",
            run(&["--engine", "df://127.0.0.1:50350"]),
        ),
    ];
    let reports: Vec<String> = variants
        .iter()
        .map(|(_, cmd)| timed(cmd).map(|(out, _)| out))
        .collect::<Result<_>>()?;
    if reports[0] != reports[1] {
        bail!("the cluster's report differs from the local one");
    }
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); variants.len()];
    for _ in 0..options.runs {
        for ((_, cmd), s) in variants.iter().zip(&mut samples) {
            s.push(timed(cmd)?.1);
        }
    }
    eprintln!("==> timed {} runs of each", options.runs);
    let servers: Vec<f64> = std::iter::once(&scheduler)
        .chain(&executors)
        .map(Process::peak_mib)
        .collect();
    drop(executors);
    drop(scheduler);
    let date = utc_now();
    let mut md = format!(
        "## --scale {scale}\n\n\
         `cargo xtask bench --cluster --scale {scale} --runs {runs}` on {date}; {machine}.\n\n\
         `vitals run --prepared DIR --set all --format json` over October 2025 – September 2026 \
         of `vitals demo --scale {scale}` (prepared), by month: in this process, and with \
         `--engine` on a loopback Ballista cluster of one scheduler and two executors of one core \
         each, all on this machine (the two reports checked equal, byte for byte, first). Whole \
         client processes, run {runs} times alternately; medians. The client's peak memory is \
         its own; the servers' peaks are over all the runs.\n\n\
         | engine | s | ratio to local | client MiB |\n|---|---:|---:|---:|\n",
        scale = options.scale,
        runs = options.runs,
        machine = machine(),
    );
    let base = seconds(&samples[0]);
    for ((name, _), s) in variants.iter().zip(&samples) {
        md.push_str(&format!(
            "| {name} | {:.2} | {:.2} | {:.0} |\n",
            seconds(s),
            seconds(s) / base,
            mib(s)
        ));
    }
    md.push_str(&format!(
        "\nPeak memory of the servers: scheduler {:.0} MiB, executors {:.0} and {:.0} MiB.\n",
        servers[0],
        servers.get(1).copied().unwrap_or(0.0),
        servers.get(2).copied().unwrap_or(0.0)
    ));
    write_section(
        root,
        "bench/cluster.md",
        options.scale,
        &md,
        "# vitals on a Ballista cluster",
    )?;
    Ok(())
}
