//! Signals, goals and `vitals explain` end to end: hand-computed scores and paths through
//! `vitals run`, the exit codes they gate, and explain's text.

use serde_json::Value;
use vitals_tests::{folder, redact, vitals};

/// Orders with one order a month, January 2025 to October 2025, of these amounts, each on
/// the month's last day: the data then covers October whole, so its value is final and
/// judged (with the orders on the 10th, October would be partial, and never judged).
fn orders(amounts: &[i64]) -> String {
    const LAST_DAY: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut csv = String::from("order_id,customer_id,ordered_at,gross_amount\n");
    for (i, a) in amounts.iter().enumerate() {
        csv.push_str(&format!(
            "o{i},c1,2025-{:02}-{} 12:00:00,{a}\n",
            i + 1,
            LAST_DAY[i]
        ));
    }
    csv
}

/// The changes +2 -1 +3 0 +1 -2 +4 +1 and a last change of -9: median 1, MAD 1.5, so
/// z = 0.6745 × (-9 - 1) ÷ 1.5 = -4.50.
const NOISY_DROP: [i64; 10] = [100, 102, 101, 104, 104, 105, 103, 107, 108, 99];

fn run_json(dir: &std::path::Path, extra: &[&str]) -> (i32, Value, String) {
    let data = dir.to_str().unwrap();
    let mut args = vec![
        "run",
        "--data",
        data,
        "--metric",
        "gross_revenue",
        "--from",
        "2025-01",
        "--to",
        "2025-11",
        "--format",
        "json",
    ];
    args.extend(extra);
    let out = vitals(&args);
    let json = serde_json::from_str(&out.stdout).unwrap_or(Value::Null);
    (out.code, json, out.stderr)
}

#[test]
fn a_drop_against_a_noisy_history_warns_with_its_hand_computed_score() {
    let dir = folder(&[("orders.csv", &orders(&NOISY_DROP))]);
    let (code, json, stderr) = run_json(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["signal_threshold"], "3.5");
    let signal = &json["metrics"][0]["signal"];
    assert_eq!(signal["kind"], "warning", "{json:#}");
    assert_eq!(signal["score"], "-4.5");
    // 108 + 1 ± 3.5 × 1.5 ÷ 0.6745 = 109 ± 7.7836…
    let low: f64 = signal["expected_low"].as_str().unwrap().parse().unwrap();
    let high: f64 = signal["expected_high"].as_str().unwrap().parse().unwrap();
    assert!((low - 101.2164).abs() < 1e-3, "{low}");
    assert!((high - 116.7836).abs() < 1e-3, "{high}");
    assert_eq!(
        signal["basis"],
        "change 2025-09 → 2025-10 -9 against the median +1 (MAD 1.5) of 8 earlier changes"
    );
    // --fail-on-signal turns the warning into exit 4.
    let (code, _, _) = run_json(dir.path(), &["--fail-on-signal"]);
    assert_eq!(code, 4);
    // A higher threshold, on the command line or in vitals.toml, lets it pass.
    let (code, json, _) = run_json(dir.path(), &["--signal-threshold", "5", "--fail-on-signal"]);
    assert_eq!(code, 0);
    assert_eq!(json["metrics"][0]["signal"], Value::Null);
    // --no-signals flags nothing.
    let (code, json, _) = run_json(dir.path(), &["--no-signals"]);
    assert_eq!(code, 0);
    assert_eq!(json["signal_threshold"], Value::Null);
    assert_eq!(json["metrics"][0]["signal"], Value::Null);
}

#[test]
fn the_threshold_from_vitals_toml_and_every_format_shows_the_signal() {
    let dir = folder(&[
        ("orders.csv", &orders(&NOISY_DROP)),
        (
            "vitals.toml",
            "[datasets.orders]\npath = \"orders.csv\"\n[run]\nsignal_threshold = \"4.6\"\n",
        ),
    ]);
    let config = dir.path().join("vitals.toml");
    let config = config.to_str().unwrap();
    let base = [
        "run",
        "--config",
        config,
        "--metric",
        "gross_revenue",
        "--from",
        "2025-01",
        "--to",
        "2025-11",
    ];
    let out = vitals(&[&base[..], &["--format", "json"]].concat());
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["signal_threshold"], "4.6");
    assert_eq!(json["metrics"][0]["signal"], Value::Null);
    // At the default threshold every format shows it.
    let with = |format: &str| {
        let out = vitals(
            &[
                &base[..],
                &["--signal-threshold", "3.5", "--format", format],
            ]
            .concat(),
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let table = with("table");
    assert!(table.contains("⚠ warning"), "{table}");
    assert!(
        table.contains(
            "gross_revenue: warning: 99.00 is outside the expected 101.22 … 116.78 (score -4.50;"
        ),
        "{table}"
    );
    let markdown = with("markdown");
    assert!(markdown.contains("## Signals"), "{markdown}");
    assert!(
        markdown.contains("Gross revenue ⚠ (`gross_revenue`)"),
        "{markdown}"
    );
    let html = with("html");
    assert!(html.contains("card no_target signal-warning"), "{html}");
    assert!(html.contains("data-band=\"expected\""), "{html}");
}

#[test]
fn a_steady_series_is_quiet_until_it_jumps() {
    let steady = [50; 10];
    let dir = folder(&[("orders.csv", &orders(&steady))]);
    let (_, json, _) = run_json(dir.path(), &[]);
    assert_eq!(json["metrics"][0]["signal"], Value::Null);
    let mut jump = steady;
    jump[9] = 51;
    let dir = folder(&[("orders.csv", &orders(&jump))]);
    let (_, json, _) = run_json(dir.path(), &[]);
    let signal = &json["metrics"][0]["signal"];
    assert_eq!(signal["kind"], "notable");
    assert_eq!(signal["score"], Value::Null);
    assert_eq!(signal["expected_low"], "50");
    assert_eq!(signal["expected_high"], "50");
}

#[test]
fn a_goal_is_judged_on_its_hand_computed_path() {
    // Gross revenue 100, 110, …, 190 (January … October 2025). Goal: 300 by 2025-12-31,
    // from the January value (100 at 2025-01-31), through 170 at 2025-08-31.
    // At 2025-10-31: 170 + 130 × 61 ÷ 122 = 235; the last value 190 is behind (tolerance
    // 2 % of 300 = 6).
    let amounts: Vec<i64> = (0..10).map(|i| 100 + 10 * i).collect();
    let toml = "[datasets.orders]\npath = \"orders.csv\"\n\
                [goals.gross_revenue]\ntarget = 300\nby = 2025-12-31\n\
                milestones = { \"2025-08-31\" = \"170\" }\n";
    let dir = folder(&[("orders.csv", &orders(&amounts)), ("vitals.toml", toml)]);
    let config = dir.path().join("vitals.toml");
    let config = config.to_str().unwrap();
    let args = |extra: &[&str]| {
        let mut a = vec![
            "run",
            "--config",
            config,
            "--metric",
            "gross_revenue",
            "--from",
            "2025-01",
            "--to",
            "2025-11",
        ];
        a.extend(extra);
        vitals(&a)
    };
    let out = args(&["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let goal = &json["metrics"][0]["goal"];
    assert_eq!(goal["target"], "300");
    assert_eq!(goal["by"], "2025-12-31");
    assert_eq!(goal["start"], "2025-01-31");
    assert_eq!(goal["baseline"], "100");
    assert_eq!(goal["expected"], "235");
    assert_eq!(goal["status"], "behind");
    assert_eq!(goal["milestones"][0]["date"], "2025-08-31");
    // --fail-on-behind exits 3, like a missed target.
    assert_eq!(args(&["--fail-on-behind"]).code, 3);
    // The wide table leaves the line whole; the narrow one wraps it at 100 columns.
    assert!(
        args(&[])
            .stdout
            .contains("  gross_revenue: behind: 190.00 against 235.00")
    );
    let table = args(&["--wide"]).stdout;
    assert!(
        table.contains("gross_revenue: behind: 190.00 against 235.00 expected on the path from 100.00 on 2025-01-31 to 300.00 by 2025-12-31 (milestones 170.00 by 2025-08-31)"),
        "{table}"
    );
    let html = args(&["--format", "html"]).stdout;
    assert!(html.contains("data-line=\"goal\""), "{html}");
    let markdown = args(&["--format", "markdown"]).stdout;
    assert!(markdown.contains("## Goals"), "{markdown}");
    // Up to 2025-08 the series is on the milestone (170 at 2025-08-31): on track; and a run
    // whose last period has reached 300 is ahead.
    let out = vitals(&[
        "run",
        "--config",
        config,
        "--metric",
        "gross_revenue",
        "--from",
        "2025-01",
        "--to",
        "2025-09",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["metrics"][0]["goal"]["expected"], "170");
    assert_eq!(json["metrics"][0]["goal"]["status"], "on_track");
    let reached: Vec<i64> = vec![100, 150, 200, 250, 300, 310, 320, 330, 340, 350];
    let dir2 = folder(&[("orders.csv", &orders(&reached)), ("vitals.toml", toml)]);
    let config2 = dir2.path().join("vitals.toml");
    let out = vitals(&[
        "run",
        "--config",
        config2.to_str().unwrap(),
        "--metric",
        "gross_revenue",
        "--from",
        "2025-01",
        "--to",
        "2025-11",
        "--format",
        "json",
        "--fail-on-behind",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["metrics"][0]["goal"]["status"], "ahead");
    // Metrics without a goal carry null.
    let out = args(&["--metric", "net_revenue", "--format", "json"]);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["metrics"][1]["goal"], Value::Null);
}

/// Explain's text with each plan replaced by `[plan]`: plans name partitions, which follow
/// the machine's cores.
fn without_plans(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_plan = false;
    for line in text.lines() {
        if line.starts_with("plan (EXPLAIN)") || line.starts_with("executed plan") {
            in_plan = true;
            out.push(line.to_string());
            out.push(String::new());
            out.push("  [plan]".to_string());
            continue;
        }
        if in_plan && (line.is_empty() || line.starts_with(' ')) {
            continue;
        }
        in_plan = false;
        out.push(line.to_string());
    }
    out.join("\n")
}

/// `vitals explain METRIC` over August … October 2025 with `source` and `extra` arguments.
fn explain(metric: &str, source: &[&str], extra: &[&str]) -> vitals_tests::Output {
    let mut args = vec!["explain", metric];
    args.extend(source);
    args.extend(["--from", "2025-08", "--to", "2025-11"]);
    args.extend(extra);
    vitals(&args)
}

#[test]
fn explain_prints_the_definition_the_sql_and_the_plan() {
    let dir = folder(&[("orders.csv", &orders(&NOISY_DROP))]);
    let source = ["--data", dir.path().to_str().unwrap()];
    let out = explain("gross_revenue", &source, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("logical_plan:"), "{}", out.stdout);
    assert!(out.stdout.contains("physical_plan:"), "{}", out.stdout);
    insta::assert_snapshot!(
        "explain_gross_revenue",
        redact(&without_plans(&out.stdout), dir.path()).replace('\\', "/")
    );
    // --analyze runs the query: the plan has rows per operator.
    let out = explain("gross_revenue", &source, &["--analyze"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("executed plan (EXPLAIN ANALYZE) of query 1"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("output_rows="), "{}", out.stdout);
    // An unknown metric is a usage error with a suggestion.
    let out = explain("gross_revenu", &source, &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `gross_revenue`"),
        "{}",
        out.stderr
    );
}

#[test]
fn explain_works_for_a_declared_metric_and_names_its_dependencies() {
    let toml = "[datasets.orders]\npath = \"orders.csv\"\n\
        [metrics.big_orders]\nkind = \"sql\"\nname = \"Big orders\"\nunit = \"count\"\ndirection = \"higher_is_better\"\n\
        requires = [\"orders\"]\n\
        sql = \"SELECT p.idx, COUNT(o.order_id) FROM periods p LEFT JOIN orders o ON o.ordered_at >= p.start AND o.ordered_at < p.\\\"end\\\" AND o.gross_amount > 100 GROUP BY p.idx\"\n\
        [metrics.gross_to_net]\nkind = \"ratio\"\nnumerator = \"gross_revenue\"\ndenominator = \"net_revenue\"\n";
    let dir = folder(&[("orders.csv", &orders(&NOISY_DROP)), ("vitals.toml", toml)]);
    let config = dir.path().join("vitals.toml");
    let source = ["--config", config.to_str().unwrap()];
    let out = explain("big_orders", &source, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(
        "explain_declared",
        redact(&without_plans(&out.stdout), dir.path()).replace('\\', "/")
    );
    // A metric computed from others runs no SQL of its own and says so.
    let out = explain("gross_to_net", &source, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("depends on  gross_revenue, net_revenue"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("queries: none of its own"),
        "{}",
        out.stdout
    );
}
