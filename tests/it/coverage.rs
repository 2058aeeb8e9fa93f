//! Honest periods: the span each dataset covers, null values outside it, partial periods,
//! provisional periods of maturing metrics (never judged), declared spans, and a default
//! range that ends where every configured dataset does, whatever the metrics.

use serde_json::{Value, json};
use vitals_tests::{folder, vitals};

/// Orders from 10 January to 20 March 2026.
const ORDERS: &str = "order_id,customer_id,ordered_at,gross_amount\n\
    o1,c1,2026-01-10,100\n\
    o2,c2,2026-02-10,200\n\
    o3,c1,2026-03-20 18:00:00,50\n";

fn run(args: &[&str]) -> Value {
    let out = vitals(args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap_or(Value::Null)
}

fn metric<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {doc}"))
}

/// `(period, value or "null", flags)` of each value of `id`.
fn points(doc: &Value, id: &str) -> Vec<(String, String, Value)> {
    metric(doc, id)["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["period"].as_str().unwrap().to_string(),
                v["value"].as_str().unwrap_or("null").to_string(),
                v["flags"].clone(),
            )
        })
        .collect()
}

fn point(period: &str, value: &str, flags: Value) -> (String, String, Value) {
    (period.to_string(), value.to_string(), flags)
}

#[test]
fn outside_the_data_is_null_and_a_period_it_cuts_is_partial() {
    let dir = folder(&[("orders.csv", ORDERS)]);
    let data = dir.path().to_str().unwrap();
    let range = [
        "--from",
        "2025-12",
        "--to",
        "2026-05",
        "--metric",
        "gross_revenue",
    ];
    let doc = run(&[&["run", "--data", data, "--format", "json"], &range[..]].concat());
    assert_eq!(
        points(&doc, "gross_revenue"),
        [
            point("2025-12", "null", json!(["outside_data"])),
            point("2026-01", "100", json!(["partial"])),
            point("2026-02", "200", json!([])),
            point("2026-03", "50", json!(["partial"])),
            point("2026-04", "null", json!(["outside_data"])),
        ]
    );
    let values = &metric(&doc, "gross_revenue")["values"];
    assert_eq!(
        values[0]["note"],
        "outside the data: `orders` covers from 2026-01-10 on"
    );
    assert_eq!(
        values[1]["note"],
        "partial: `orders` covers this period from 2026-01-10 on"
    );
    assert_eq!(values[2]["note"], Value::Null);
    assert_eq!(
        values[3]["note"],
        "partial: `orders` covers this period up to 2026-03-20"
    );
    assert_eq!(
        values[4]["note"],
        "outside the data: `orders` covers up to 2026-03-20"
    );
    // CSV: a flags column; the table: footnotes, and a change against a partial period is
    // not judged.
    let out = vitals(&[&["run", "--data", data, "--format", "csv"], &range[..]].concat());
    assert!(
        out.stdout.contains(
            "\ngross_revenue,,2026-03,50,currency,partial: `orders` covers this period up to 2026-03-20,partial\n"
        ),
        "{}",
        out.stdout
    );
    let out = vitals(&[
        "run",
        "--data",
        data,
        "--from",
        "2026-01",
        "--to",
        "2026-04",
        "--metric",
        "gross_revenue",
    ]);
    assert!(out.stdout.contains("▼ 75.0 % partial"), "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "gross_revenue 2026-03: partial: `orders` covers this period up to 2026-03-20"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn a_declared_span_replaces_the_rows_and_is_checked() {
    let toml = "[datasets.orders]\npath = \"orders.csv\"\n\
                covers_from = \"2025-12-01\"\ncovers_to = 2026-05-01\n";
    let dir = folder(&[("orders.csv", ORDERS), ("vitals.toml", toml)]);
    let config = dir.path().join("vitals.toml");
    let doc = run(&[
        "run",
        "--config",
        config.to_str().unwrap(),
        "--from",
        "2025-12",
        "--to",
        "2026-06",
        "--metric",
        "gross_revenue",
        "--format",
        "json",
    ]);
    // The export covers December to April: months without orders in it are 0; May is not
    // in it.
    assert_eq!(
        points(&doc, "gross_revenue"),
        [
            point("2025-12", "0", json!([])),
            point("2026-01", "100", json!([])),
            point("2026-02", "200", json!([])),
            point("2026-03", "50", json!([])),
            point("2026-04", "0", json!([])),
            point("2026-05", "null", json!(["outside_data"])),
        ]
    );
    // Without --from and --to the range is the months the declared span covers whole.
    let doc = run(&[
        "run",
        "--config",
        config.to_str().unwrap(),
        "--metric",
        "gross_revenue",
        "--format",
        "json",
    ]);
    let labels: Vec<&str> = doc["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]
    );
}

#[test]
fn subscriptions_are_states_open_up_to_today_and_not_beyond() {
    // Both started in December 2025 and neither has ended: MRR stays 150 after the last
    // start, as the export says they are open; far in the future it is outside the data.
    let subscriptions = "subscription_id,customer_id,started_at,ended_at,mrr\n\
        s1,c1,2025-12-01,,100\n\
        s2,c2,2025-12-15,,50\n";
    let dir = folder(&[("subscriptions.csv", subscriptions)]);
    let data = dir.path().to_str().unwrap();
    let doc = run(&[
        "run", "--data", data, "--metric", "mrr", "--from", "2026-01", "--to", "2026-04",
        "--format", "json",
    ]);
    assert_eq!(
        points(&doc, "mrr"),
        [
            point("2026-01", "150", json!([])),
            point("2026-02", "150", json!([])),
            point("2026-03", "150", json!([])),
        ]
    );
    let doc = run(&[
        "run", "--data", data, "--metric", "mrr", "--from", "2040-01", "--to", "2040-03",
        "--format", "json",
    ]);
    for (_, value, flags) in points(&doc, "mrr") {
        assert_eq!((value.as_str(), flags), ("null", json!(["outside_data"])));
    }
    let note = metric(&doc, "mrr")["values"][0]["note"].as_str().unwrap();
    assert!(
        note.starts_with("outside the data: `subscriptions` covers up to 20"),
        "{note}"
    );
    assert_eq!(metric(&doc, "mrr")["last"], Value::Null);
}

/// Leads from 1 January to 30 June 2026, 11 a month (one on the month's last day); of
/// each month's, 5 convert 10 days later from January to April, 2 in May and none in June.
fn leads() -> String {
    let mut csv = String::from("lead_id,created_at,converted_at\n");
    let last = [31, 28, 31, 30, 31, 30];
    let converted = [5, 5, 5, 5, 2, 0];
    for m in 0..6 {
        let days: Vec<u32> = (0..10).map(|i| 1 + 3 * i).chain([last[m]]).collect();
        for (i, day) in days.iter().enumerate() {
            let created = format!("2026-{:02}-{day:02}", m + 1);
            let converted_at = if i < converted[m] {
                format!("2026-{:02}-{:02}", m + 1, day + 10)
            } else {
                String::new()
            };
            csv.push_str(&format!("l{m}-{i},{created},{converted_at}\n"));
        }
    }
    csv
}

#[test]
fn a_maturing_metric_is_provisional_near_the_end_and_never_judged() {
    let toml = "[datasets.leads]\npath = \"leads.csv\"\n\
        [targets]\nlead_conversion_rate = { min = \"30%\" }\n\
        [goals.lead_conversion_rate]\ntarget = \"60%\"\nby = \"2026-12-31\"\n";
    let dir = folder(&[("leads.csv", &leads()), ("vitals.toml", toml)]);
    let config = dir.path().join("vitals.toml");
    let config = config.to_str().unwrap();
    let args = |extra: &[&str]| {
        let mut args = vec![
            "run",
            "--config",
            config,
            "--metric",
            "lead_conversion_rate",
            "--from",
            "2026-01",
            "--to",
            "2026-07",
        ];
        args.extend(extra);
        vitals(&args)
    };
    let out = args(&["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    // The data ends on 30 June; a lead counts in the month it was created and converts
    // within 45 days, so May (final on 16 July) and June are still provisional.
    let p = points(&doc, "lead_conversion_rate");
    assert_eq!(p[3].2, json!([]), "April is final: {p:?}");
    assert_eq!(p[4].2, json!(["provisional"]));
    assert_eq!((p[5].1.as_str(), &p[5].2), ("0", &json!(["provisional"])));
    let m = metric(&doc, "lead_conversion_rate");
    assert!(
        m["values"][5]["note"]
            .as_str()
            .unwrap()
            .starts_with("provisional: leads created then can still convert (final 45 days"),
        "{m}"
    );
    // 0 % is below the 30 % minimum and far from the goal's path, but not judged.
    assert_eq!(m["status"], "provisional");
    assert_eq!(m["change"]["verdict"], "neutral");
    assert_eq!(m["goal"]["status"], "provisional");
    assert_eq!(m["signal"], Value::Null);
    assert_eq!(args(&["--fail-on-missed", "--fail-on-behind"]).code, 0);
    let table = args(&[]).stdout;
    assert!(table.contains("provisional"), "{table}");
    assert!(!table.contains(" bad"), "{table}");
    // Ending the range in April, everything is final and judged: 5 of 11 is above 30 %.
    let out = vitals(&[
        "run",
        "--config",
        config,
        "--metric",
        "lead_conversion_rate",
        "--from",
        "2026-01",
        "--to",
        "2026-05",
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(metric(&doc, "lead_conversion_rate")["status"], "met");
}

/// The labels of a run's periods.
fn labels(doc: &Value) -> Vec<String> {
    doc["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_default_range_ends_where_every_configured_dataset_does_whatever_the_metrics() {
    // Orders cover January to March 2026, leads January and February.
    let orders = "order_id,customer_id,ordered_at,gross_amount\n\
        o1,c1,2026-01-01,100\no2,c1,2026-02-15,100\no3,c1,2026-03-31,100\n";
    let leads = "lead_id,created_at,converted_at\nl1,2026-01-01,\nl2,2026-02-28,\n";
    let dir = folder(&[("orders.csv", orders), ("leads.csv", leads)]);
    let leads_spec = vitals_core::contract()
        .iter()
        .find(|d| d.id == "leads")
        .unwrap();
    vitals_engine::write_parquet(
        leads_spec,
        &vitals_engine::DatasetSource::new(dir.path().join("leads.csv")),
        &dir.path().join("leads.parquet"),
    )
    .unwrap();
    let config = |leads: &str| {
        let path = dir.path().join(format!(
            "{}.toml",
            leads.replace(['.', '"', '\n', ' ', '='], "-")
        ));
        std::fs::write(
            &path,
            format!("[datasets.orders]\npath = \"orders.csv\"\n[datasets.leads]\n{leads}\n"),
        )
        .unwrap();
        path
    };
    let range = |config: &std::path::Path, metrics: &[&str]| {
        let mut args = vec![
            "run",
            "--config",
            config.to_str().unwrap(),
            "--format",
            "json",
        ];
        for m in metrics {
            args.extend(["--metric", *m]);
        }
        labels(&run(&args))
    };
    // Leads in Parquet: its footer says where it ends, without reading it, so a run of
    // gross revenue alone ends in February like a run that reads both.
    let parquet = config("path = \"leads.parquet\"");
    assert_eq!(range(&parquet, &["gross_revenue"]), ["2026-01", "2026-02"]);
    assert_eq!(
        range(&parquet, &["gross_revenue", "new_leads"]),
        ["2026-01", "2026-02"]
    );
    // Leads as CSV, which no metric of the run reads: read for where it ends all the same.
    let csv = config("path = \"leads.csv\"");
    assert_eq!(
        range(&csv, &["gross_revenue", "new_leads"]),
        ["2026-01", "2026-02"]
    );
    assert_eq!(range(&csv, &["gross_revenue"]), ["2026-01", "2026-02"]);
    // Declared, it counts without being read: here the export is said to run to March.
    let declared = config("path = \"leads.csv\"\ncovers_to = \"2026-04-01\"");
    assert_eq!(
        range(&declared, &["gross_revenue"]),
        ["2026-01", "2026-02", "2026-03"]
    );
    // A file that cannot be read does not stop a run whose metrics do not need it.
    std::fs::write(
        dir.path().join("broken.csv"),
        "lead_id,created_at\nl1,yesterday\n",
    )
    .unwrap();
    let broken = config("path = \"broken.csv\"");
    assert_eq!(
        range(&broken, &["gross_revenue"]),
        ["2026-01", "2026-02", "2026-03"]
    );
}
