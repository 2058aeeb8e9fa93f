//! `--by DIM`: every metric broken down by a dimension, with hand-computed group values for
//! one metric of each kind of dimension.

use crate::report_json::{groups, metric, run_json, values};
use vitals_tests::{folder, vitals};

fn group(label: &str, values: &[&str]) -> (String, Vec<String>) {
    (
        label.to_string(),
        values.iter().map(|v| v.to_string()).collect(),
    )
}

/// c1 moves from pro (100) to business (150) at exactly midnight on 2026-02-15; c2 pays 50 on
/// basic; c3 pays 30 on pro and churns on 2026-02-10; c4 starts on 2026-01-10 with no plan;
/// c5 pays 20 on team. By rows: pro 2, then basic, business and team 1 each (ties by value).
const SUBSCRIPTIONS: &str = "subscription_id,customer_id,started_at,ended_at,mrr,plan\n\
    s1,c1,2025-12-15,2026-02-15T00:00:00Z,100,pro\n\
    s6,c1,2026-02-15T00:00:00Z,,150,business\n\
    s2,c2,2025-12-15,,50,basic\n\
    s3,c3,2025-12-15,2026-02-10,30,pro\n\
    s4,c4,2026-01-10,,40,\n\
    s5,c5,2025-12-15,,20,team\n";

fn by_plan(extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "--from",
        "2026-01",
        "--to",
        "2026-03",
        "--metric",
        "mrr",
        "--metric",
        "customer_churn_rate",
        "--metric",
        "new_customers",
        "--by",
        "plan",
    ];
    args.extend_from_slice(extra);
    run_json(&[("subscriptions.csv", SUBSCRIPTIONS)], &args).0
}

#[test]
fn a_stock_metric_by_plan_follows_a_plan_change_at_midnight() {
    let doc = by_plan(&["--top", "2"]);
    assert_eq!(doc["by"], "plan");
    // MRR at the end of January: s1 100 + s2 50 + s3 30 + s4 40 + s5 20; of February: s6
    // 150 + s2 50 + s4 40 + s5 20. The named groups, (none) and (other) add up to it.
    assert_eq!(values(&doc, "mrr"), ["240", "260"]);
    assert_eq!(
        groups(&doc, "mrr"),
        [
            group("pro", &["130", "0"]),
            group("basic", &["50", "50"]),
            group("(none)", &["40", "40"]),
            group("(other)", &["20", "170"]),
        ]
    );
    // c1 is new in (other) (business) in February, and c4 new in (none) in January; the
    // total counts neither c1 nor the plan change.
    assert_eq!(values(&doc, "new_customers"), ["1", "0"]);
    assert_eq!(
        groups(&doc, "new_customers"),
        [
            group("pro", &["0", "0"]),
            group("basic", &["0", "0"]),
            group("(none)", &["1", "0"]),
            group("(other)", &["0", "1"]),
        ]
    );
}

#[test]
fn a_churn_rate_by_plan_is_the_ratio_of_the_groups_sums() {
    let doc = by_plan(&["--top", "2"]);
    // Total: of the 5 customers paying on February 1st, c3 stopped (c1 changed plan).
    assert_eq!(values(&doc, "customer_churn_rate"), ["0", "0.2"]);
    let churn = groups(&doc, "customer_churn_rate");
    // pro: c1 and c3 paid on February 1st, neither pays pro at the end: 2 ÷ 2 (the plan
    // change is churn in the old plan).
    assert_eq!(churn[0], group("pro", &["0", "1"]));
    assert_eq!(churn[1], group("basic", &["0", "0"]));
    // (none): nobody paid without a plan on January 1st: undefined, not 0.
    assert_eq!(churn[2], group("(none)", &["null", "0"]));
    assert_eq!(churn[3], group("(other)", &["0", "0"]));
    let none = &metric(&doc, "customer_churn_rate")["groups"][2];
    assert_eq!(none["kind"], "none");
    assert_eq!(none["group"], serde_json::Value::Null);
    assert!(
        none["values"][0]["note"]
            .as_str()
            .unwrap()
            .contains("no paying customers")
    );
}

#[test]
fn without_top_every_value_is_a_group_and_there_is_no_other() {
    let doc = by_plan(&[]);
    let labels: Vec<String> = groups(&doc, "mrr").into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels, ["pro", "basic", "business", "team", "(none)"]);
    let entry = &metric(&doc, "mrr")["groups"][2];
    assert_eq!(entry["last"], "150");
    assert_eq!(entry["previous"], "0");
    assert_eq!(entry["change"]["verdict"], "good");
}

/// c1, c4 smb; c2, c5 enterprise; c3 has no segment; c9 is not a customer.
const CUSTOMERS: &str = "customer_id,created_at,segment\n\
    c1,2025-12-01,smb\n\
    c2,2025-12-01,enterprise\n\
    c3,2025-12-01,\n\
    c4,2025-12-01,smb\n\
    c5,2025-12-01,enterprise\n";
const ORDERS: &str = "order_id,customer_id,ordered_at,gross_amount\n\
    o1,c1,2026-01-10,10\n\
    o2,c2,2026-01-20,20\n\
    o3,c3,2026-02-05,5\n\
    o4,c9,2026-02-06,7\n\
    o5,c4,2026-02-07,3\n";
const EVENTS: &str = "user_id,occurred_at,event,feature\n\
    u1,2026-01-05,feature_used,export\n\
    u2,2026-01-06,feature_used,export\n\
    u1,2026-01-07,feature_used,search\n\
    u3,2026-01-08,page_view,\n";

#[test]
fn a_customer_attribute_breaks_orders_down_through_customer_id() {
    let (doc, _) = run_json(
        &[
            ("customers.csv", CUSTOMERS),
            ("orders.csv", ORDERS),
            ("events.csv", EVENTS),
        ],
        &[
            "--from",
            "2026-01",
            "--to",
            "2026-03",
            "--metric",
            "gross_revenue",
            "--metric",
            "dau",
            "--by",
            "segment",
        ],
    );
    assert_eq!(values(&doc, "gross_revenue"), ["30", "15"]);
    // Ranked by customers: enterprise and smb hold 2 each, ties by value. o3's customer has
    // no segment and o4's is not in customers: both are (none).
    assert_eq!(
        groups(&doc, "gross_revenue"),
        [
            group("enterprise", &["20", "0"]),
            group("smb", &["10", "3"]),
            group("(none)", &["0", "12"]),
        ]
    );
    // Reported once, with the reason, and still with its total.
    let dau = metric(&doc, "dau");
    assert_eq!(dau["breakdown"], "segment does not apply: requires events");
    assert!(dau.get("groups").is_none(), "{dau}");
    assert_eq!(doc["skipped"], serde_json::json!([]));
}

#[test]
fn a_campaign_breakdown_restricts_spend_and_leads_together() {
    let expenses = "incurred_at,category,amount,campaign\n\
        2026-01-03,marketing,100,alpha\n\
        2026-01-04,marketing,60,beta\n\
        2026-01-05,marketing,40,\n\
        2026-01-06,sales,1000,alpha\n";
    let leads = "lead_id,created_at,campaign\n\
        l1,2026-01-05,alpha\n\
        l2,2026-01-06,alpha\n\
        l3,2026-01-07,gamma\n\
        l4,2026-01-08,\n\
        l5,2026-01-09,\n";
    let files = [("expenses.csv", expenses), ("leads.csv", leads)];
    let args = [
        "--from",
        "2026-01",
        "--to",
        "2026-02",
        "--metric",
        "cost_per_lead",
        "--by",
        "campaign",
    ];
    let (doc, _) = run_json(&files, &args);
    // 200 of marketing spend over 5 leads. By rows over expenses and leads: alpha 4, beta 1,
    // gamma 1. beta has spend and no lead (undefined), gamma a lead and no spend (0).
    assert_eq!(values(&doc, "cost_per_lead"), ["40"]);
    assert_eq!(
        groups(&doc, "cost_per_lead"),
        [
            group("alpha", &["50"]),
            group("beta", &["null"]),
            group("gamma", &["0"]),
            group("(none)", &["20"]),
        ]
    );
    // With one named group, beta and gamma are one (other): 60 over 1 lead.
    let mut top = args.to_vec();
    top.extend(["--top", "1"]);
    let (doc, _) = run_json(&files, &top);
    assert_eq!(
        groups(&doc, "cost_per_lead"),
        [
            group("alpha", &["50"]),
            group("(none)", &["20"]),
            group("(other)", &["60"]),
        ]
    );
}

#[test]
fn a_feature_breakdown_counts_the_users_of_each_feature() {
    let (doc, _) = run_json(
        &[("events.csv", EVENTS)],
        &[
            "--from",
            "2026-01",
            "--to",
            "2026-02",
            "--metric",
            "feature_usage",
            "--by",
            "feature",
        ],
    );
    assert_eq!(values(&doc, "feature_usage"), ["2"]);
    // u3's page view has no feature: a group with rows and no feature use.
    assert_eq!(
        groups(&doc, "feature_usage"),
        [
            group("export", &["2"]),
            group("search", &["1"]),
            group("(none)", &["0"])
        ]
    );
}

#[test]
fn a_team_breakdown_splits_engineering_records() {
    let deployments = "deployment_id,deployed_at,succeeded,team\n\
        d1,2026-01-05T09:00:00Z,true,core\n\
        d2,2026-01-05T10:00:00Z,true,core\n\
        d3,2026-01-05T11:00:00Z,true,web\n\
        d4,2026-01-05T12:00:00Z,true,\n\
        d5,2026-01-05T13:00:00Z,false,web\n";
    let (doc, _) = run_json(
        &[("deployments.csv", deployments)],
        &[
            "--grain",
            "day",
            "--from",
            "2026-01-05",
            "--to",
            "2026-01-06",
            "--metric",
            "deployment_frequency",
            "--by",
            "team",
        ],
    );
    assert_eq!(values(&doc, "deployment_frequency"), ["4"]);
    // web holds 2 rows (one failed deployment), core 2: ties by value.
    assert_eq!(
        groups(&doc, "deployment_frequency"),
        [
            group("core", &["2"]),
            group("web", &["1"]),
            group("(none)", &["1"])
        ]
    );
}

#[test]
fn by_and_where_combine() {
    let customers = "customer_id,created_at,segment\n\
        c1,2025-12-01,smb\nc2,2025-12-01,enterprise\nc3,2025-12-01,smb\n\
        c4,2025-12-01,smb\nc5,2025-12-01,enterprise\n";
    let (doc, _) = run_json(
        &[
            ("customers.csv", customers),
            ("subscriptions.csv", SUBSCRIPTIONS),
        ],
        &[
            "--from",
            "2026-01",
            "--to",
            "2026-03",
            "--metric",
            "mrr",
            "--where",
            "segment=smb",
            "--by",
            "plan",
        ],
    );
    assert_eq!(doc["where"], serde_json::json!({"segment": ["smb"]}));
    // smb: c1 (pro, then business), c3 (pro, churns), c4 (no plan).
    assert_eq!(values(&doc, "mrr"), ["170", "190"]);
    assert_eq!(
        groups(&doc, "mrr"),
        [
            group("pro", &["130", "0"]),
            group("business", &["0", "150"]),
            group("(none)", &["40", "40"]),
        ]
    );
}

#[test]
fn every_format_shows_the_groups_and_escapes_their_names() {
    let subscriptions = "subscription_id,customer_id,started_at,mrr,plan\n\
        s1,c1,2025-12-15,100,\"=cmd|' /C calc'!A0\"\n\
        s2,c2,2025-12-15,50,<b>pro</b>\n\
        s3,c3,2025-12-15,30,<b>pro</b>\n";
    let dir = folder(&[("subscriptions.csv", subscriptions)]);
    let data = dir.path().to_str().unwrap();
    let run = |format: &str| {
        let out = vitals(&[
            "run", "--data", data, "--from", "2026-01", "--to", "2026-03", "--metric", "mrr",
            "--by", "plan", "--format", format,
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let csv = run("csv");
    assert!(
        csv.starts_with("metric,group,period,value,unit,note,flags\nmrr,,2026-01,180,currency,,\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\nmrr,<b>pro</b>,2026-02,80,currency,,\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\nmrr,'=cmd|' /C calc'!A0,2026-02,100,currency,,\n"),
        "{csv}"
    );
    let html = run("html");
    assert!(
        html.contains("&lt;b&gt;pro&lt;/b&gt;") && !html.contains("<b>pro"),
        "{html}"
    );
    assert!(html.contains("ul class=\"legend\""), "{html}");
    let markdown = run("markdown");
    assert!(
        markdown.contains("| ↳ =cmd\\|' /C calc'!A0 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| ↳ &lt;b&gt;pro&lt;/b&gt; |"),
        "{markdown}"
    );
    let table = run("table");
    assert!(table.contains("by plan"), "{table}");
    // sorted by their last value: =cmd… (100) above <b>pro</b> (80)
    let first = table.find("· =cmd").unwrap();
    let second = table.find("· <b>pro</b>").unwrap();
    assert!(first < second, "{table}");
}

#[test]
fn vitals_toml_run_by_breaks_down_like_the_flag() {
    let dir = folder(&[("subscriptions.csv", SUBSCRIPTIONS)]);
    let path = dir.path().join("subscriptions.csv");
    let config = format!(
        "[datasets.subscriptions]\npath = {path:?}\n\n[run]\nmetrics = [\"mrr\"]\nfrom = \"2026-01\"\nto = \"2026-03\"\nformat = \"json\"\nby = \"plan\"\ntop = 1\n"
    );
    std::fs::write(dir.path().join("vitals.toml"), config).unwrap();
    let out = vitals(&[
        "run",
        "--config",
        dir.path().join("vitals.toml").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        groups(&doc, "mrr"),
        [
            group("pro", &["130", "0"]),
            group("(none)", &["40", "40"]),
            group("(other)", &["70", "220"]),
        ]
    );
}

#[test]
fn vitals_dimensions_lists_the_top_values_of_the_data() {
    let dir = folder(&[
        ("subscriptions.csv", SUBSCRIPTIONS),
        ("customers.csv", CUSTOMERS),
    ]);
    let out = vitals(&[
        "dimensions",
        "plan",
        "--top",
        "2",
        "--data",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "    subscriptions.plan: 4 values in 6 rows — pro 2, basic 1; 1 rows with none\n"
        ),
        "{}",
        out.stdout
    );
    // Without data, the catalogue only, and how to see the values.
    let out = vitals(&["dimensions"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("team (") && out.stdout.contains("with data (--config"));
    let out = vitals(&["dimensions", "plna"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: unknown dimension `plna`; did you mean `plan`?\n"
    );
}

#[test]
fn vitals_check_names_a_misspelt_dimension_of_vitals_toml() {
    let dir = folder(&[("subscriptions.csv", SUBSCRIPTIONS)]);
    let config = "[datasets.subscriptions]\npath = \"subscriptions.csv\"\n\n[run]\nby = \"plna\"\n\n[sets.big]\nmetrics = [\"mrr\"]\nwhere = { segmnt = \"enterprise\" }\n";
    std::fs::write(dir.path().join("vitals.toml"), config).unwrap();
    let path = dir.path().join("vitals.toml");
    let out = vitals(&["check", "--config", path.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        out.stderr.replace(&path.display().to_string(), "[config]"),
        "error: [config]: [run] by: unknown dimension `plna`; did you mean `plan`?\n"
    );
    // And the other [run] keys.
    for (key, message) in [
        (
            "grain = \"mnth\"",
            "[run] grain: unknown grain `mnth`; did you mean `month`?",
        ),
        (
            "memory_limit = \"lots\"",
            "[run] memory_limit: memory limit `lots`: expected a size such as 4GiB, 512MiB or 50% (of this machine's memory)",
        ),
    ] {
        let config =
            format!("[datasets.subscriptions]\npath = \"subscriptions.csv\"\n\n[run]\n{key}\n");
        std::fs::write(&path, config).unwrap();
        let out = vitals(&["check", "--config", path.to_str().unwrap()]);
        assert_eq!(out.code, 1, "{}", out.stdout);
        assert_eq!(
            out.stderr.replace(&path.display().to_string(), "[config]"),
            format!("error: [config]: {message}\n")
        );
    }
}

#[test]
fn a_session_counts_its_steps_and_gives_its_tables_back_after_a_breakdown() {
    use vitals_core::{Outcome, Plan, parse_date_arg, registry};
    use vitals_engine::{DatasetSource, Session};
    let dir = folder(&[
        ("subscriptions.csv", SUBSCRIPTIONS),
        ("customers.csv", CUSTOMERS),
    ]);
    let registry = registry().unwrap();
    let plan = Plan::new(registry, vec!["mrr", "customer_churn_rate"]).unwrap();
    let mut session = Session::builder(registry)
        .dataset(
            "subscriptions",
            DatasetSource::new(dir.path().join("subscriptions.csv")),
        )
        .dataset(
            "customers",
            DatasetSource::new(dir.path().join("customers.csv")),
        )
        .from(Some(parse_date_arg("2026-01").unwrap()))
        .to(Some(parse_date_arg("2026-03").unwrap()))
        .restrict(
            vitals_core::dimension("segment").unwrap(),
            vec!["smb".into()],
        )
        .by(vitals_core::dimension("plan").unwrap(), 1)
        .build(&plan)
        .unwrap();
    let mut steps = 0;
    let before = session.evaluate(&plan, &mut |_| steps += 1).unwrap();
    let breakdown = session
        .breakdown(&plan, &mut |_| steps += 1)
        .unwrap()
        .unwrap();
    assert_eq!(steps, session.steps(&plan).unwrap());
    let labels: Vec<&str> = breakdown.groups.iter().map(|g| g.label()).collect();
    // smb holds c1 (pro then business) and c4 (no plan): pro 1 row, business 1 row.
    assert_eq!(labels, ["business", "(none)", "(other)"]);
    // The filter still holds, and nothing of the last group is left behind.
    let after = session.evaluate(&plan, &mut |_| {}).unwrap();
    assert_eq!(before, after);
    let Some(Outcome::Evaluated(mrr)) = after.get("mrr") else {
        panic!("{after:?}")
    };
    assert_eq!(mrr.values(), [Some(140.into()), Some(190.into())]);
}
