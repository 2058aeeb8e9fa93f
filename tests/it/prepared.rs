//! `vitals prepare` and `--prepared DIR`: the same numbers as the sources, and a manifest
//! that refuses sources that changed.

use crate::demo::small_demo;
use vitals_tests::{folder, redact, vitals};

fn prepare(source: &[&str], out: &std::path::Path) -> vitals_tests::Output {
    let mut args = vec!["prepare"];
    args.extend(source);
    args.extend(["--out", out.to_str().unwrap()]);
    vitals(&args)
}

#[test]
fn a_run_from_prepared_data_gives_the_numbers_of_the_sources() {
    let (_demo, config, scratch) = prepared_demo();
    let config = config.to_str().unwrap();
    let out = scratch.path().join("prepared");
    let dir = out.to_str().unwrap();
    // The config the folder was prepared from, or named again.
    let from_sources = same_reports(config, dir, &["--grain", "month"]);
    let again = vitals(&[
        "run",
        "--set",
        "all",
        "--format",
        "json",
        "--grain",
        "month",
        "--prepared",
        dir,
        "--config",
        config,
    ]);
    assert_eq!(again.stdout, from_sources);
    // Cohorts and explain read prepared data too.
    let cohorts = |source: &[&str]| {
        let mut args = vec!["cohorts", "--kind", "revenue", "--format", "json"];
        args.extend(source);
        vitals(&args).stdout
    };
    assert_eq!(
        cohorts(&["--prepared", dir]),
        cohorts(&["--config", config])
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "vitals-prepared");
    assert_eq!(manifest["datasets"].as_object().unwrap().len(), 21);
    let events = &manifest["datasets"]["events"];
    assert_eq!(events["file"], "events.parquet");
    assert!(events["rows"].as_u64().unwrap() > 10_000, "{events}");
    assert!(
        events["source"]["file"]["size"].as_u64().unwrap() > 0,
        "{events}"
    );
}

#[test]
fn a_run_from_prepared_data_gives_the_numbers_of_the_sources_by_week_and_by_plan() {
    let (_demo, config, scratch) = prepared_demo();
    let dir = scratch.path().join("prepared");
    for extra in [&["--grain", "week"][..], &["--by", "plan", "--top", "3"]] {
        same_reports(config.to_str().unwrap(), dir.to_str().unwrap(), extra);
    }
}

/// A small demo and, in a scratch folder, `prepared/` prepared from it.
fn prepared_demo() -> (tempfile::TempDir, std::path::PathBuf, tempfile::TempDir) {
    let (demo, config) = small_demo("0.05");
    let scratch = tempfile::tempdir().unwrap();
    let prepared = prepare(
        &["--config", config.to_str().unwrap()],
        &scratch.path().join("prepared"),
    );
    assert_eq!(prepared.code, 0, "{}", prepared.stderr);
    assert!(
        prepared.stdout.contains("prepared 21 datasets"),
        "{}",
        prepared.stdout
    );
    (demo, config, scratch)
}

/// `run --set all` with `extra` from the prepared folder `dir` equals the run from `config`'s
/// sources, byte for byte; returns that report.
fn same_reports(config: &str, dir: &str, extra: &[&str]) -> String {
    let run = |source: &[&str]| {
        let mut args = vec!["run", "--set", "all", "--format", "json"];
        args.extend(source);
        args.extend(extra);
        let out = vitals(&args);
        assert_eq!(out.code, 0, "{extra:?}: {}", out.stderr);
        out.stdout
    };
    let from_sources = run(&["--config", config]);
    assert_eq!(run(&["--prepared", dir]), from_sources, "{extra:?}");
    from_sources
}

const ORDERS: &str = "order_id,customer_id,ordered_at,gross_amount\n\
o1,c1,2026-01-01,100\n\
o2,c1,2026-02-06,100\n";

#[test]
fn a_source_that_changed_is_an_error_that_names_it() {
    let dir = folder(&[("orders.csv", ORDERS)]);
    let data = dir.path().to_str().unwrap();
    let out = dir.path().join("prepared");
    let prepared = prepare(&["--data", data], &out);
    assert_eq!(prepared.code, 0, "{}", prepared.stderr);
    let prepared_dir = out.to_str().unwrap();
    let run = || {
        vitals(&[
            "run",
            "--prepared",
            prepared_dir,
            "--metric",
            "gross_revenue",
            "--format",
            "csv",
        ])
    };
    let ok = run();
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(
        ok.stdout.contains("gross_revenue,,2026-01,100,"),
        "{}",
        ok.stdout
    );
    // One more row: the size changes.
    std::fs::write(
        dir.path().join("orders.csv"),
        format!("{ORDERS}o3,c1,2026-02-07,5\n"),
    )
    .unwrap();
    let stale = run();
    assert_eq!(stale.code, 1);
    let message = redact(&stale.stderr, dir.path());
    assert!(
        message.starts_with(
            "error: the prepared data in [dir]/prepared does not match the sources: [dir]/orders.csv changed since it was prepared (87 bytes modified "
        ),
        "{message}"
    );
    assert!(
        message.ends_with("; run `vitals prepare --out [dir]/prepared` again\n"),
        "{message}"
    );
    // Prepared again, it runs with the new row.
    assert_eq!(prepare(&["--data", data], &out).code, 0);
    let ok = run();
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(
        ok.stdout.contains("gross_revenue,,2026-01,100,"),
        "{}",
        ok.stdout
    );
    // A dataset configured now but not then.
    std::fs::write(
        dir.path().join("customers.csv"),
        "customer_id,signed_up_at\nc1,2025-12-01\n",
    )
    .unwrap();
    let stale = run();
    assert_eq!(stale.code, 1);
    assert!(
        stale
            .stderr
            .contains("customers is configured but was not prepared"),
        "{}",
        stale.stderr
    );
}

#[test]
fn a_folder_that_is_not_prepared_data_is_refused() {
    let dir = folder(&[("orders.csv", ORDERS), ("notes.txt", "mine")]);
    let data = dir.path().to_str().unwrap();
    // Not a prepared folder: no manifest.
    let out = vitals(&["run", "--prepared", data]);
    assert_eq!(out.code, 1);
    assert_eq!(
        redact(&out.stderr, dir.path()),
        "error: [dir] is not a prepared folder: cannot read [dir]/manifest.json (`vitals prepare --out [dir]` writes one): No such file or directory (os error 2)\n"
    );
    // Preparing into a folder of other files needs --force.
    let out = prepare(&["--data", data], dir.path());
    assert_eq!(out.code, 2);
    assert_eq!(
        redact(&out.stderr, dir.path()),
        "error: [dir] holds files but no manifest.json: pass --force to write into it anyway, or choose another --out\n"
    );
    let out = vitals(&["prepare", "--data", data, "--out", data, "--force"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // prepare reads sources, never prepared data.
    let out = vitals(&["prepare", "--prepared", data, "--out", data]);
    assert_eq!(out.code, 2);
}

#[test]
fn a_changed_dialect_makes_prepared_data_stale() {
    let dir = folder(&[
        (
            "orders.csv",
            "order_id;customer_id;ordered_at;gross_amount\no1;c1;01/05/2026;12,50\n",
        ),
        (
            "vitals.toml",
            "[datasets.orders]\npath = \"orders.csv\"\ndelimiter = \";\"\ndecimal_separator = \",\"\ntimestamp_format = \"%m/%d/%Y\"\n",
        ),
    ]);
    let config = dir.path().join("vitals.toml");
    let config = config.to_str().unwrap();
    let out = dir.path().join("prepared");
    let prepared = prepare(&["--config", config], &out);
    assert_eq!(prepared.code, 0, "{}", prepared.stderr);
    let run = |source: &[&str]| {
        let mut args = vec!["run", "--metric", "gross_revenue", "--format", "csv"];
        args.extend(source);
        args.extend(["--from", "2026-01-01", "--to", "2026-02-01"]);
        vitals(&args)
    };
    let from_prepared = run(&["--prepared", out.to_str().unwrap()]);
    assert_eq!(from_prepared.code, 0, "{}", from_prepared.stderr);
    assert!(
        from_prepared
            .stdout
            .contains("gross_revenue,,2026-01,12.5,"),
        "{}",
        from_prepared.stdout
    );
    assert_eq!(from_prepared.stdout, run(&["--config", config]).stdout);
    // Read day-first from now on: the prepared rows were read month-first.
    std::fs::write(
        dir.path().join("vitals.toml"),
        "[datasets.orders]\npath = \"orders.csv\"\ndelimiter = \";\"\ndecimal_separator = \",\"\ntimestamp_format = \"%d/%m/%Y\"\n",
    )
    .unwrap();
    let stale = run(&["--prepared", out.to_str().unwrap(), "--config", config]);
    assert_eq!(stale.code, 1, "{}", stale.stdout);
    assert!(
        stale
            .stderr
            .contains("orders: its delimiter, decimal separator or timestamp format changed"),
        "{}",
        stale.stderr
    );
}
