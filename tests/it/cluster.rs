//! Runs on an Apache DataFusion Ballista cluster: a scheduler and two executors started in
//! this process on loopback ports, and the engine that writes every table it makes as
//! Parquet, checked against a run in memory.

use crate::demo::small_demo;
use std::net::{SocketAddr, TcpListener};
use std::time::{Duration, Instant};
use vitals_core::{Outcome, Plan, parse_date_arg, registry};
use vitals_engine::{DatasetSource, Engine, Session};
use vitals_runner::cluster::Server;
use vitals_tests::vitals;

/// A loopback address with a port free now.
fn free_address() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
}

/// The small demo, prepared: its folder (kept while it lives) and the prepared folder.
fn prepared_demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let (demo, config) = small_demo("0.05");
    let out = demo.path().join("prepared");
    let prepared = vitals(&[
        "prepare",
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(prepared.code, 0, "{}", prepared.stderr);
    (demo, out)
}

#[test]
fn a_run_through_files_gives_the_numbers_of_a_run_in_memory() {
    // The tables a cluster run makes (helper tables, views, restricted tables) go through
    // Parquet files: here on this machine, without a cluster.
    let (_demo, prepared) = prepared_demo();
    let registry = registry().unwrap();
    let all: Vec<&str> = registry.metric_ids().collect();
    let plan = Plan::new(registry, all).unwrap();
    let session = |files: bool, grain: &str| {
        let mut builder = Session::builder(registry)
            .grain(grain.parse().unwrap())
            .from(Some(parse_date_arg("2025-10").unwrap()))
            .to(Some(parse_date_arg("2026-10").unwrap()))
            .by(vitals_core::dimension("plan").unwrap(), 3);
        for d in registry.datasets() {
            let mut source = DatasetSource::new(prepared.join(format!("{}.parquet", d.id)));
            source.prepared = true;
            builder = builder.dataset(d.id, source);
        }
        if files {
            let scratch = prepared.join(".vitals-scratch");
            builder = builder.engine(Box::new(
                Engine::new().unwrap().with_scratch(&scratch).unwrap(),
            ));
        }
        builder.build(&plan).unwrap()
    };
    for grain in ["month", "week"] {
        let mut memory = session(false, grain);
        let mut files = session(true, grain);
        let a = memory.evaluate(&plan, &mut |_| {}).unwrap();
        let b = files.evaluate(&plan, &mut |_| {}).unwrap();
        assert_eq!(a.len(), b.len());
        for (id, outcome) in &a {
            assert_eq!(Some(outcome), b.get(id), "{id} by {grain}");
        }
        assert!(
            a.values().all(|o| matches!(o, Outcome::Evaluated(_))),
            "every metric evaluates on the demo"
        );
        let a = memory.breakdown(&plan, &mut |_| {}).unwrap().unwrap();
        let b = files.breakdown(&plan, &mut |_| {}).unwrap().unwrap();
        assert_eq!(a.groups, b.groups);
        assert_eq!(a.series, b.series, "breakdown by plan, {grain}");
    }
    // The scratch tables of a run are gone with it.
    let scratch = prepared.join(".vitals-scratch");
    let left = std::fs::read_dir(&scratch).map_or(0, |d| d.count());
    assert_eq!(left, 0, "{}", scratch.display());
}

/// A scheduler and two executors on loopback ports, stopped when dropped.
struct Cluster {
    url: String,
    executors: Vec<Server>,
    _scheduler: Server,
    _work: tempfile::TempDir,
}

impl Cluster {
    fn start(executor_timeout: u64) -> Cluster {
        let scheduler_address = free_address();
        let scheduler = Server::scheduler(scheduler_address, executor_timeout).unwrap();
        std::thread::sleep(Duration::from_millis(500));
        let work = tempfile::tempdir().unwrap();
        let executors = (0..2)
            .map(|i| {
                let bind = free_address();
                let grpc = free_address().port();
                Server::executor(
                    scheduler_address,
                    bind,
                    grpc,
                    &work.path().join(format!("executor-{i}")),
                    1,
                )
                .unwrap()
            })
            .collect();
        // The executors register with the scheduler within their first heartbeat.
        std::thread::sleep(Duration::from_secs(2));
        Cluster {
            url: format!("df://{scheduler_address}"),
            executors,
            _scheduler: scheduler,
            _work: work,
        }
    }
}

#[test]
fn a_loopback_cluster_gives_the_numbers_of_a_local_run() {
    let (_demo, prepared) = prepared_demo();
    let cluster = Cluster::start(60);
    let dir = prepared.to_str().unwrap();
    for extra in [
        &["--grain", "month"][..],
        &["--grain", "week"],
        &["--by", "plan", "--top", "3"],
    ] {
        let run = |engine: &[&str]| {
            let mut args = vec!["run", "--prepared", dir, "--set", "all", "--format", "json"];
            args.extend(engine);
            args.extend(extra);
            let out = vitals(&args);
            assert_eq!(out.code, 0, "{extra:?} {engine:?}: {}", out.stderr);
            out.stdout
        };
        let local = run(&[]);
        let remote = run(&["--engine", &cluster.url]);
        assert!(local == remote, "{extra:?}: the cluster's report differs");
    }
    // One metric broken down through another dataset: the customers are loaded on first
    // use, by the restriction's query.
    let run = |engine: &[&str]| {
        let mut args = vec![
            "run",
            "--prepared",
            dir,
            "--metric",
            "mrr",
            "--by",
            "segment",
            "--format",
            "json",
        ];
        args.extend(engine);
        let out = vitals(&args);
        assert_eq!(out.code, 0, "{engine:?}: {}", out.stderr);
        out.stdout
    };
    assert_eq!(run(&[]), run(&["--engine", &cluster.url]));
}

#[test]
fn an_unreachable_cluster_fails_within_seconds_with_a_clear_error() {
    let (_demo, prepared) = prepared_demo();
    let started = Instant::now();
    let out = vitals(&[
        "run",
        "--prepared",
        prepared.to_str().unwrap(),
        "--metric",
        "mrr",
        "--engine",
        "df://127.0.0.1:9",
    ]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stderr.starts_with(
            "error: on the Ballista cluster at df://127.0.0.1:9: cannot reach the scheduler"
        ),
        "{}",
        out.stderr
    );
    // Bounded: the probe gives up after 15 s at most.
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    // Not a cluster address, or no prepared data: usage errors.
    let out = vitals(&[
        "run",
        "--prepared",
        prepared.to_str().unwrap(),
        "--engine",
        "http://x",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("expected df://HOST:PORT"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_run_survives_or_names_the_cluster_when_an_executor_dies() {
    let (_demo, prepared) = prepared_demo();
    // Executors send a heartbeat every 5 s; one silent for 15 s is taken for dead.
    let mut cluster = Cluster::start(15);
    let dir = prepared.to_str().unwrap().to_string();
    let url = cluster.url.clone();
    let run = std::thread::spawn(move || {
        vitals(&[
            "run",
            "--prepared",
            &dir,
            "--set",
            "all",
            "--format",
            "json",
            "--engine",
            &url,
            "--cluster-timeout",
            "30",
        ])
    });
    std::thread::sleep(Duration::from_secs(3));
    cluster.executors[0].stop();
    let out = run.join().unwrap();
    if out.code == 0 {
        // Ballista ran the lost tasks again on the other executor: the whole report.
        let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert!(json["metrics"].as_array().unwrap().len() >= 100);
    } else {
        assert!(out.stdout.is_empty(), "no partial report: {}", out.stdout);
        assert!(
            out.stderr.contains("on the Ballista cluster at df://"),
            "{}",
            out.stderr
        );
    }
}
