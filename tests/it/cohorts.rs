//! `vitals cohorts`: golden triangles hand-computed on a small company, the undefined cells,
//! filters, every format, and the heatmap in a browser.

use rust_decimal::Decimal;
use serde_json::Value;
use vitals_tests::{folder, vitals};

/// Four months, January to April 2026 (the range of every test here).
const RANGE: [&str; 4] = ["--from", "2026-01", "--to", "2026-05"];

/// c1 churns inside its first month; c2 churns in March; c3 expands with a second subscription
/// in February; c4 only ever trials (once with MRR 0, once with MRR 99 marked trial); c5
/// starts in February, churns in March and comes back in April (reactivation); c6 starts in
/// March; c7 first paid in December 2025, before the range, so it is in no cohort.
const SUBSCRIPTIONS: &str = "subscription_id,customer_id,started_at,ended_at,mrr,trial\n\
s1,c1,2026-01-10,2026-01-20,100,false\n\
s2,c2,2026-01-05,2026-03-15,200,false\n\
s3,c3,2026-01-15,,100,false\n\
s4,c3,2026-02-10,,50,false\n\
t1,c4,2026-01-03,2026-01-17,0,true\n\
t2,c4,2026-02-03,2026-02-17,99,true\n\
s5,c5,2026-02-01,2026-03-20,80,false\n\
s6,c5,2026-04-10,,80,false\n\
s7,c6,2026-03-05,,300,false\n\
s8,c7,2025-12-05,,40,false\n";

const CUSTOMERS: &str = "customer_id,created_at,segment\n\
c1,2026-01-01,smb\n\
c2,2026-01-01,enterprise\n\
c3,2026-01-01,enterprise\n\
c4,2026-01-01,smb\n\
c5,2026-01-01,smb\n\
c6,2026-01-01,enterprise\n\
c7,2025-12-01,enterprise\n";

/// u1 is active in January and March; u2 in January and February; u3 only in February; u0
/// first came in December 2025 (before the range), so it is in no cohort.
const EVENTS: &str = "user_id,occurred_at,event\n\
u1,2026-01-03,page_view\n\
u1,2026-01-20,page_view\n\
u1,2026-03-05,page_view\n\
u2,2026-01-10,signup\n\
u2,2026-02-02,page_view\n\
u3,2026-02-14,page_view\n\
u0,2025-12-30,page_view\n\
u0,2026-02-01,page_view\n";

/// a orders once; b twice in a row (January, February); c in January and again after a gap
/// in April; d first orders in February (net 50 after a refund of 20).
const ORDERS: &str = "order_id,customer_id,ordered_at,gross_amount,discount,refunded\n\
o1,a,2026-01-05,100,,\n\
o2,b,2026-01-09,200,,\n\
o3,b,2026-02-07,50,,\n\
o4,c,2026-01-12,40,10,\n\
o5,c,2026-04-02,60,,\n\
o6,d,2026-02-20,70,,20\n";

fn company() -> tempfile::TempDir {
    folder(&[
        ("subscriptions.csv", SUBSCRIPTIONS),
        ("customers.csv", CUSTOMERS),
        ("events.csv", EVENTS),
        ("orders.csv", ORDERS),
    ])
}

/// `vitals cohorts --data DIR --kind KIND --format json` over the range, with `extra`.
fn cohorts(dir: &tempfile::TempDir, kind: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "cohorts",
        "--data",
        dir.path().to_str().unwrap(),
        "--kind",
        kind,
        "--format",
        "json",
    ];
    args.extend(RANGE);
    args.extend_from_slice(extra);
    let out = vitals(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

/// A JSON decimal string (or null) rounded to 6 places, as text.
fn round(v: &Value) -> Option<String> {
    v.as_str().map(|s| {
        let d: Decimal = s.parse().unwrap();
        d.round_dp(6).normalize().to_string()
    })
}

/// The triangle: per cohort its values rounded to 6 places ("-" for null).
fn triangle(table: &Value) -> Vec<Vec<String>> {
    table["cohorts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| round(v).unwrap_or_else(|| "-".to_string()))
                .collect()
        })
        .collect()
}

fn average(table: &Value) -> Vec<String> {
    table["average"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| round(v).unwrap_or_else(|| "-".to_string()))
        .collect()
}

fn column(table: &Value, key: &str) -> Vec<Value> {
    table["cohorts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[key].clone())
        .collect()
}

#[test]
fn logo_retention_counts_a_churn_in_the_first_month_as_lost_and_a_reactivation_as_kept() {
    let dir = company();
    let t = cohorts(&dir, "logo", &[]);
    assert_eq!(t["kind"], "logo");
    assert_eq!(t["grain"], "month");
    assert_eq!(
        column(&t, "cohort"),
        ["2026-01", "2026-02", "2026-03", "2026-04"]
    );
    assert_eq!(t["cohorts"][0]["start"], "2026-01-01T00:00:00Z");
    // January: c1 (churned on the 20th), c2, c3; February: c5; March: c6; April: nobody.
    // The trialist c4 and c7 (first paid in 2025) are in no cohort.
    assert_eq!(column(&t, "size"), [3, 1, 1, 0]);
    // Base MRR at the end of the cohort's own month: c2 200 + c3 100; c5 80; c6 300.
    assert_eq!(column(&t, "base"), ["300", "80", "300", "0"]);
    // January: end of Jan c2, c3 (2/3); Feb c2, c3; Mar c3 only; Apr c3.
    // February (c5): paying at the end of Feb, not of March, again at the end of April.
    assert_eq!(
        triangle(&t),
        [
            vec!["0.666667", "0.666667", "0.333333", "0.333333"],
            vec!["1", "0", "1"],
            vec!["1", "1"],
            vec!["-"],
        ]
    );
    assert_eq!(
        t["cohorts"][3]["note"], "no customers started in 2026-04",
        "an empty cohort is null with a note, never 0"
    );
    assert_eq!(t["cohorts"][0]["note"], Value::Null);
    // Weighted by size: (3 × 2/3 + 1 + 1) ÷ 5; (3 × 2/3 + 0 + 1) ÷ 5; (3 × 1/3 + 1) ÷ 4; 1/3.
    assert_eq!(average(&t), ["0.8", "0.6", "0.5", "0.333333"]);
}

#[test]
fn revenue_retention_is_net_of_expansion_and_gross_is_capped_at_the_first_month() {
    let dir = company();
    let net = cohorts(&dir, "revenue", &[]);
    // January (base 300): Feb c2 200 + c3 150 = 350; Mar c3 150; Apr 150.
    assert_eq!(
        triangle(&net),
        [
            vec!["1", "1.166667", "0.5", "0.5"],
            vec!["1", "0", "1"],
            vec!["1", "1"],
            vec!["-"],
        ]
    );
    // (3 × 1 + 1 + 1) ÷ 5; (3 × 7/6 + 0 + 1) ÷ 5 = 0.9; (3 × 0.5 + 1) ÷ 4; 0.5.
    assert_eq!(average(&net), ["1", "0.9", "0.625", "0.5"]);
    let gross = cohorts(&dir, "gross_revenue", &[]);
    // January: Feb min(200, 200) + min(150, 100) = 300; Mar min(150, 100) = 100.
    assert_eq!(
        triangle(&gross),
        [
            vec!["1", "1", "0.333333", "0.333333"],
            vec!["1", "0", "1"],
            vec!["1", "1"],
            vec!["-"],
        ]
    );
    assert_eq!(column(&gross, "base"), ["300", "80", "300", "0"]);
}

#[test]
fn a_cohort_whose_first_month_mrr_is_zero_is_null_with_a_note() {
    // One customer, paying from the 10th to the 20th of January: in the cohort, base 0.
    let dir = folder(&[(
        "subscriptions.csv",
        "subscription_id,customer_id,started_at,ended_at,mrr\ns1,c1,2026-01-10,2026-01-20,100\n",
    )]);
    let t = cohorts(&dir, "revenue", &[]);
    assert_eq!(column(&t, "size")[0], 1);
    assert_eq!(
        t["cohorts"][0]["values"],
        serde_json::json!([null, null, null, null])
    );
    let note = t["cohorts"][0]["note"].as_str().unwrap();
    assert!(note.contains("MRR at the end of 2026-01 is 0"), "{note}");
    assert_eq!(t["average"][0], Value::Null);
    // Logo retention of the same cohort is defined: nobody is left.
    let logo = cohorts(&dir, "logo", &[]);
    assert_eq!(triangle(&logo)[0], ["0", "0", "0", "0"]);
}

#[test]
fn user_cohorts_start_at_the_first_event() {
    let dir = company();
    let t = cohorts(&dir, "users", &[]);
    assert_eq!(column(&t, "size"), [2, 1, 0, 0]);
    assert_eq!(column(&t, "base"), [const { Value::Null }; 4]);
    assert_eq!(t["members"], "users");
    assert_eq!(
        triangle(&t),
        [
            vec!["1", "0.5", "0.5", "0"],
            vec!["1", "0", "0"],
            vec!["-", "-"],
            vec!["-"],
        ]
    );
    assert_eq!(average(&t), ["1", "0.333333", "0.333333", "0"]);
}

#[test]
fn buyer_cohorts_count_a_return_after_a_gap() {
    let dir = company();
    let t = cohorts(&dir, "buyers", &[]);
    assert_eq!(column(&t, "size"), [3, 1, 0, 0]);
    // January (a, b, c): February b; March nobody; April c.
    assert_eq!(
        triangle(&t),
        [
            vec!["1", "0.333333", "0", "0.333333"],
            vec!["1", "0", "0"],
            vec!["-", "-"],
            vec!["-"],
        ]
    );
    let revenue = cohorts(&dir, "buyer_revenue", &[]);
    // Base: 100 + 200 + (40 − 10) = 330; February b 50; April c 60. d: 70 − 20 = 50.
    assert_eq!(column(&revenue, "base")[..2], ["330", "50"]);
    assert_eq!(
        triangle(&revenue)[..2],
        [vec!["1", "0.151515", "0", "0.181818"], vec!["1", "0", "0"],]
    );
}

#[test]
fn where_keeps_the_cohorts_of_some_customers() {
    let dir = company();
    let t = cohorts(&dir, "logo", &["--where", "segment=enterprise"]);
    assert_eq!(t["where"]["segment"], serde_json::json!(["enterprise"]));
    // Enterprise: c2 and c3 in January (both paying to February, c3 alone after), c6 in
    // March; c5 (smb) leaves February empty.
    assert_eq!(column(&t, "size"), [2, 0, 1, 0]);
    assert_eq!(
        triangle(&t),
        [
            vec!["1", "1", "0.5", "0.5"],
            vec!["-", "-", "-"],
            vec!["1", "1"],
            vec!["-"],
        ]
    );
    // A dimension the dataset does not carry is a usage error that says so.
    let out = vitals(&[
        "cohorts",
        "--data",
        dir.path().to_str().unwrap(),
        "--kind",
        "users",
        "--where",
        "segment=enterprise",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("--where segment: the dimension does not apply to this cohort table: the events dataset does not carry it"),
        "{}",
        out.stderr
    );
}

#[test]
fn kinds_grains_and_missing_data_are_checked() {
    let dir = folder(&[("orders.csv", ORDERS)]);
    let data = dir.path().to_str().unwrap();
    let out = vitals(&["cohorts", "--data", data, "--kind", "buyer"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("unknown cohort kind `buyer`; did you mean `buyers`?"),
        "{}",
        out.stderr
    );
    let out = vitals(&["cohorts", "--data", data, "--kind", "logo"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("--kind logo reads the subscriptions dataset, which is not configured"),
        "{}",
        out.stderr
    );
    // Weeks: the default range is the last 12 complete weeks the orders cover.
    let out = vitals(&[
        "cohorts", "--data", data, "--kind", "buyers", "--grain", "week", "--format", "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let t: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(t["grain"], "week");
    let labels = column(&t, "cohort");
    assert_eq!(labels.len(), 12, "{labels:?}");
    assert_eq!(
        labels[11], "2026-W13",
        "the last complete week before 2026-04-02"
    );
}

#[test]
fn every_format_shows_the_same_triangle() {
    let dir = company();
    let data = dir.path().to_str().unwrap();
    let run = |format: &str| {
        let mut args = vec![
            "cohorts", "--data", data, "--kind", "logo", "--format", format,
        ];
        args.extend(RANGE);
        let out = vitals(&args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let table = run("table");
    assert!(!table.contains('\u{1b}'), "no colour when not a terminal");
    insta::assert_snapshot!("cohorts_logo_table", table);
    insta::assert_snapshot!("cohorts_logo_markdown", run("markdown"));
    let csv = run("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "kind,cohort,start,size,base,age,value,note");
    // 4 + 3 + 2 + 1 cells and 4 averages.
    assert_eq!(lines.len(), 1 + 10 + 4, "{csv}");
    assert!(lines.contains(&"logo,2026-02,2026-02-01T00:00:00Z,1,80,1,0,"));
    assert!(
        lines.contains(&"logo,2026-04,2026-04-01T00:00:00Z,0,0,0,,no customers started in 2026-04")
    );
    assert!(lines.contains(&"logo,average,,5,680,0,0.8,"));
}

#[test]
#[cfg_attr(
    no_chromium,
    ignore = "headless Chromium is not installed (CI installs it)"
)]
fn the_heatmap_renders_in_a_browser() {
    let dir = company();
    let html = dir.path().join("cohorts.html");
    let mut args = vec![
        "cohorts",
        "--data",
        dir.path().to_str().unwrap(),
        "--kind",
        "revenue",
        "--format",
        "html",
        "--output",
        html.to_str().unwrap(),
    ];
    args.extend(RANGE);
    let out = vitals(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let Some(dom) = crate::cli::render(&html) else {
        return;
    };
    assert_eq!(dom.matches("<table class=\"cohorts\"").count(), 1, "{dom}");
    // Rows: 4 cohorts and the average; cells: the triangle (10) and 4 averages, one of them
    // (the empty April cohort) undefined.
    assert_eq!(dom.matches("<tr class=\"cohort\"").count(), 4);
    assert_eq!(dom.matches("class=\"cell\"").count(), 9 + 4, "{dom}");
    assert_eq!(dom.matches("class=\"cell undefined\"").count(), 1);
    // The expansion month is shaded as fully kept, and its value (to 15 significant digits,
    // as CSV and JSON give it) is in the tooltip.
    assert!(dom.contains("title=\"1.16666666666667\""), "{dom}");
    assert!(dom.contains("116.7 %"), "{dom}");
    assert!(dom.contains("no customers started in 2026-04"));
}
