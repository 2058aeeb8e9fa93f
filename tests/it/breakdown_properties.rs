//! A property of breakdowns on random companies: for additive metrics (sums and counts of
//! rows, such as MRR and revenue) the named groups, `(none)` and `(other)` add up to the
//! total in every period, whatever the values, the blanks and the top N.

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;
use vitals_tests::{folder, vitals};

const PLANS: [&str; 5] = ["", "basic", "pro", "team", "o'brien"];
const SEGMENTS: [&str; 4] = ["", "smb", "mid", "enterprise"];
const CAMPAIGNS: [&str; 4] = ["", "spring", "summer", "=1+1"];

/// A day of 2025 from its number (0 = January 1st).
fn day(n: u16) -> String {
    let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(n.into());
    date.format("%Y-%m-%d").to_string()
}

/// A text cell, quoted.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[derive(Debug, Clone)]
struct Company {
    /// Each customer's segment.
    segments: Vec<usize>,
    /// (customer, start day, length in days, mrr, plan).
    subscriptions: Vec<(u8, u16, Option<u16>, u16, usize)>,
    /// (customer, day, amount, discount, campaign); customers past the list are unknown.
    orders: Vec<(u8, u16, u16, u8, usize)>,
}

fn company() -> impl Strategy<Value = Company> {
    (
        proptest::collection::vec(0..SEGMENTS.len(), 1..8),
        proptest::collection::vec(
            (
                0u8..8,
                0u16..150,
                proptest::option::of(1u16..120),
                1u16..500,
                0..PLANS.len(),
            ),
            1..25,
        ),
        proptest::collection::vec(
            (0u8..10, 0u16..180, 1u16..1000, 0u8..50, 0..CAMPAIGNS.len()),
            1..25,
        ),
    )
        .prop_map(|(segments, subscriptions, orders)| Company {
            segments,
            subscriptions,
            orders,
        })
}

fn files(c: &Company) -> Vec<(&'static str, String)> {
    let mut customers = String::from("customer_id,created_at,segment\n");
    for (i, s) in c.segments.iter().enumerate() {
        customers.push_str(&format!("c{i},2024-12-01,{}\n", SEGMENTS[*s]));
    }
    let mut subscriptions =
        String::from("subscription_id,customer_id,started_at,ended_at,mrr,plan\n");
    for (i, (customer, start, length, mrr, plan)) in c.subscriptions.iter().enumerate() {
        let end = length.map(|l| day(start + l)).unwrap_or_default();
        subscriptions.push_str(&format!(
            "s{i},c{customer},{},{end},{mrr},{}\n",
            day(*start),
            quoted(PLANS[*plan])
        ));
    }
    let mut orders =
        String::from("order_id,customer_id,ordered_at,gross_amount,discount,campaign\n");
    for (i, (customer, d, amount, discount, campaign)) in c.orders.iter().enumerate() {
        let discount = (*discount as u16).min(*amount);
        orders.push_str(&format!(
            "o{i},c{customer},{},{amount},{discount},{}\n",
            day(*d),
            quoted(CAMPAIGNS[*campaign])
        ));
    }
    vec![
        ("customers.csv", customers),
        ("subscriptions.csv", subscriptions),
        ("orders.csv", orders),
    ]
}

/// The values of a series; a null one must be outside the data (the periods before the
/// random rows start or after they end), the only way an additive metric is null.
fn decimals(values: &Value) -> Vec<Option<Decimal>> {
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|v| match v["value"].as_str() {
            Some(text) => Some(Decimal::from_str(text).unwrap()),
            None => {
                assert_eq!(
                    v["flags"],
                    serde_json::json!(["outside_data"]),
                    "additive metrics are null only outside the data: {v}"
                );
                None
            }
        })
        .collect()
}

/// Runs `metrics` by `dimension` with `--top top` and checks that the groups add up to the
/// total of each metric in every period.
fn groups_add_up(
    c: &Company,
    dimension: &str,
    top: usize,
    metrics: &[&str],
) -> Result<(), TestCaseError> {
    let files = files(c);
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let dir = folder(&files);
    let top = top.to_string();
    let mut args = vec![
        "run",
        "--data",
        dir.path().to_str().unwrap(),
        "--from",
        "2025-02",
        "--to",
        "2025-07",
        "--format",
        "json",
        "--by",
        dimension,
        "--top",
        &top,
    ];
    for m in metrics {
        args.extend(["--metric", m]);
    }
    let out = vitals(&args);
    prop_assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    for m in doc["metrics"].as_array().unwrap() {
        // Outside the data the total and every group are null alike.
        let total = decimals(&m["values"]);
        let mut sum: Vec<Option<Decimal>> =
            total.iter().map(|t| t.map(|_| Decimal::ZERO)).collect();
        for g in m["groups"].as_array().unwrap() {
            for (s, v) in sum.iter_mut().zip(decimals(&g["values"])) {
                *s = match (*s, v) {
                    (Some(s), Some(v)) => Some(s + v),
                    (None, None) => None,
                    (s, v) => panic!("total {s:?} and a group {v:?} in one period: {m}"),
                };
            }
        }
        prop_assert_eq!(&sum, &total, "{} by {}: {}", m["id"], dimension, m);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // 8 random companies in CI (`CI` set), 4 on a laptop.
        cases: if std::env::var_os("CI").is_some() { 8 } else { 4 },
        max_shrink_iters: 32,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn additive_groups_add_up_to_the_total(c in company(), top in 1usize..4) {
        // MRR and ARR are sums over subscriptions, revenue a sum over orders: each row is in
        // exactly one group.
        groups_add_up(&c, "plan", top, &["mrr", "arr"])?;
        groups_add_up(&c, "segment", top, &["mrr", "gross_revenue", "net_revenue"])?;
        groups_add_up(&c, "campaign", top, &["gross_revenue", "net_revenue"])?;
    }
}
