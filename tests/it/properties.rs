//! Property tests on random valid companies: the whole catalogue runs on what the generated
//! datasets allow, and the numbers must keep the identities and bounds of their definitions,
//! not depend on row order, and not depend on the file format.
//!
//! Each case runs `vitals run --set all` four times (CSV, shuffled CSV, JSON Lines, Parquet),
//! so the case count is small; raise it with `PROPTEST_CASES=64 cargo test properties`.

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use vitals_tests::vitals;

const FROM: &str = "2025-01-01";
const TO: &str = "2025-07-01";
/// Day 0 of the generated history; the run covers days 31..212 of it.
const BASE: (i32, u32, u32) = (2024, 12, 1);
const DAYS: u16 = 240;

#[derive(Debug, Clone)]
struct Subscription {
    customer: u8,
    start: u16,
    length: Option<u16>,
    mrr_cents: u32,
    trial: bool,
}

#[derive(Debug, Clone)]
struct Order {
    customer: u8,
    day: u16,
    second: u32,
    cents: u32,
    discount_percent: u8,
    quantity: u8,
    returned: u8,
}

#[derive(Debug, Clone)]
struct Survey {
    respondent: u8,
    day: u16,
    survey: usize,
    score: u8,
}

#[derive(Debug, Clone)]
struct Event {
    user: u8,
    day: u16,
    second: u32,
    event: usize,
}

#[derive(Debug, Clone)]
struct Lead {
    day: u16,
    converted_after: Option<u16>,
}

#[derive(Debug, Clone)]
struct Company {
    customer_days: Vec<u16>,
    subscriptions: Vec<Subscription>,
    orders: Vec<Order>,
    surveys: Vec<Survey>,
    events: Vec<Event>,
    leads: Vec<Lead>,
    shuffle_seed: u64,
}

const SURVEYS: [(&str, u8, u8); 3] = [("nps", 0, 10), ("csat", 1, 5), ("ces", 1, 7)];
/// Every event role under its default name, and one event no metric looks for.
const EVENTS: [&str; 9] = {
    let roles = vitals_core::EventRoles::ROLES;
    let mut all = ["login"; 9];
    let mut i = 0;
    while i < roles.len() {
        all[i] = roles[i];
        i += 1;
    }
    all
};
const CUSTOMERS: u8 = 12;

fn company() -> impl Strategy<Value = Company> {
    let subscription = (
        0..CUSTOMERS,
        0..DAYS,
        proptest::option::of(1u16..200),
        0u32..50_000,
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(customer, start, length, mrr_cents, trial)| Subscription {
            customer,
            start,
            length,
            mrr_cents,
            trial,
        });
    let order = (
        0..CUSTOMERS,
        0..DAYS,
        0u32..86_400,
        0u32..100_000,
        0u8..=100,
        1u8..5,
        0u8..5,
    )
        .prop_map(
            |(customer, day, second, cents, discount_percent, quantity, returned)| Order {
                customer,
                day,
                second,
                cents,
                discount_percent,
                quantity,
                returned: returned.min(quantity),
            },
        );
    let survey = (0u8..20, 0..DAYS, 0usize..3, 0u8..=10).prop_map(|(respondent, day, s, raw)| {
        let (_, lo, hi) = SURVEYS[s];
        Survey {
            respondent,
            day,
            survey: s,
            score: lo + raw % (hi - lo + 1),
        }
    });
    let event = (0u8..15, 0..DAYS, 0u32..86_400, 0usize..EVENTS.len()).prop_map(
        |(user, day, second, event)| Event {
            user,
            day,
            second,
            event,
        },
    );
    let lead = (0..DAYS, proptest::option::of(0u16..60)).prop_map(|(day, converted_after)| Lead {
        day,
        converted_after,
    });
    (
        proptest::collection::vec(0..DAYS, CUSTOMERS as usize),
        proptest::collection::vec(subscription, 0..25),
        proptest::collection::vec(order, 0..40),
        proptest::collection::vec(survey, 0..30),
        proptest::collection::vec(event, 0..150),
        proptest::collection::vec(lead, 0..20),
        any::<u64>(),
    )
        .prop_map(
            |(customer_days, subscriptions, orders, surveys, events, leads, shuffle_seed)| {
                Company {
                    customer_days,
                    subscriptions,
                    orders,
                    surveys,
                    events,
                    leads,
                    shuffle_seed,
                }
            },
        )
}

fn at(day: u16, second: u32) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(BASE.0, BASE.1, BASE.2).expect("base date");
    let t = base.and_hms_opt(0, 0, 0).expect("midnight")
        + chrono::Duration::days(i64::from(day))
        + chrono::Duration::seconds(i64::from(second));
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn cents(c: u32) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// One dataset as a header and rows of text cells ("" is an empty cell).
struct Table {
    name: &'static str,
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

fn tables(c: &Company) -> Vec<Table> {
    let customers = Table {
        name: "customers",
        header: vec!["customer_id", "created_at"],
        rows: c
            .customer_days
            .iter()
            .enumerate()
            .map(|(i, d)| vec![format!("c{i}"), at(*d, 0)])
            .collect(),
    };
    let subscriptions = Table {
        name: "subscriptions",
        header: vec![
            "subscription_id",
            "customer_id",
            "started_at",
            "ended_at",
            "mrr",
            "trial",
        ],
        rows: c
            .subscriptions
            .iter()
            .enumerate()
            .map(|(i, s)| {
                vec![
                    format!("s{i}"),
                    format!("c{}", s.customer),
                    at(s.start, 0),
                    s.length.map(|l| at(s.start + l, 0)).unwrap_or_default(),
                    cents(s.mrr_cents),
                    s.trial.to_string(),
                ]
            })
            .collect(),
    };
    let orders = Table {
        name: "orders",
        header: vec![
            "order_id",
            "customer_id",
            "ordered_at",
            "gross_amount",
            "discount",
            "quantity",
            "returned_quantity",
            "cost",
        ],
        rows: c
            .orders
            .iter()
            .enumerate()
            .map(|(i, o)| {
                vec![
                    format!("o{i}"),
                    format!("c{}", o.customer),
                    at(o.day, o.second),
                    cents(o.cents),
                    cents(o.cents / 100 * u32::from(o.discount_percent) / 100 * 100),
                    o.quantity.to_string(),
                    o.returned.to_string(),
                    cents(o.cents / 3),
                ]
            })
            .collect(),
    };
    let surveys = Table {
        name: "survey_responses",
        header: vec!["respondent_id", "responded_at", "survey", "score"],
        rows: c
            .surveys
            .iter()
            .map(|s| {
                vec![
                    format!("r{}", s.respondent),
                    at(s.day, 3600),
                    SURVEYS[s.survey].0.to_string(),
                    s.score.to_string(),
                ]
            })
            .collect(),
    };
    let events = Table {
        name: "events",
        header: vec!["user_id", "occurred_at", "event"],
        rows: c
            .events
            .iter()
            .map(|e| {
                vec![
                    format!("u{}", e.user),
                    at(e.day, e.second),
                    EVENTS[e.event].to_string(),
                ]
            })
            .collect(),
    };
    let leads = Table {
        name: "leads",
        header: vec!["lead_id", "created_at", "converted_at"],
        rows: c
            .leads
            .iter()
            .enumerate()
            .map(|(i, l)| {
                vec![
                    format!("l{i}"),
                    at(l.day, 60),
                    l.converted_after
                        .map(|a| at(l.day + a, 120))
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    };
    vec![customers, subscriptions, orders, surveys, events, leads]
}

fn write_csv(dir: &Path, tables: &[Table], shuffle: Option<u64>) {
    for t in tables {
        let mut rows: Vec<&Vec<String>> = t.rows.iter().collect();
        if let Some(seed) = shuffle {
            // Fisher–Yates with a small LCG: deterministic for the case, different per case.
            let mut state = seed | 1;
            for i in (1..rows.len()).rev() {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let j = (state >> 33) as usize % (i + 1);
                rows.swap(i, j);
            }
        }
        let mut text = t.header.join(",");
        text.push('\n');
        for r in rows {
            text.push_str(&r.join(","));
            text.push('\n');
        }
        std::fs::write(dir.join(format!("{}.csv", t.name)), text).expect("write csv");
    }
}

fn write_jsonl(dir: &Path, tables: &[Table]) {
    for t in tables {
        let mut text = String::new();
        for r in &t.rows {
            let object: serde_json::Map<String, Value> = t
                .header
                .iter()
                .zip(r)
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| ((*k).to_string(), Value::String(v.clone())))
                .collect();
            text.push_str(&Value::Object(object).to_string());
            text.push('\n');
        }
        std::fs::write(dir.join(format!("{}.jsonl", t.name)), text).expect("write jsonl");
    }
}

fn write_parquet(csv_dir: &Path, dir: &Path, tables: &[Table]) {
    let registry = vitals_core::registry().expect("registry");
    for t in tables {
        let spec = registry.dataset(t.name).expect("contract dataset");
        let source = vitals_engine::DatasetSource::new(csv_dir.join(format!("{}.csv", t.name)));
        vitals_engine::write_parquet(spec, &source, &dir.join(format!("{}.parquet", t.name)))
            .expect("write parquet");
    }
}

fn run_all(dir: &Path) -> Value {
    let out = vitals(&[
        "run",
        "--data",
        dir.to_str().expect("UTF-8 path"),
        "--set",
        "all",
        "--from",
        FROM,
        "--to",
        TO,
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON report")
}

/// `metric id → one value per period`.
fn values(report: &Value) -> BTreeMap<String, Vec<Option<Decimal>>> {
    report["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .map(|m| {
            let values = m["values"]
                .as_array()
                .expect("values")
                .iter()
                .map(|v| {
                    v["value"]
                        .as_str()
                        .map(|s| Decimal::from_str(s).expect("decimal"))
                })
                .collect();
            (m["id"].as_str().expect("id").to_string(), values)
        })
        .collect()
}

/// Percent metrics whose definition lets them leave [0, 1]: margins and ROMI go negative,
/// net revenue retention and ratios of different populations exceed 1 (conversion_rate is
/// purchasers ÷ page viewers, and a purchaser need not have viewed a page in P).
const UNBOUNDED_PERCENTS: &[&str] = &[
    "conversion_rate",
    "gross_margin",
    "net_margin",
    "net_revenue_retention",
    "romi",
    "resource_utilization",
    "content_reach",
    "revenue_realization",
    "say_do_ratio",
    "social_engagement_rate",
    "email_click_to_open_rate",
];

fn check_definitions(report: &Value) -> Result<(), TestCaseError> {
    let v = values(report);
    let get = |id: &str| {
        v.get(id)
            .cloned()
            .unwrap_or_else(|| panic!("`{id}` was not evaluated"))
    };
    // The MRR bridge: the movements add up to the change in MRR, period by period.
    let (mrr, net_new) = (get("mrr"), get("net_new_mrr"));
    let movements = [
        ("new_mrr", 1),
        ("expansion_mrr", 1),
        ("reactivation_mrr", 1),
        ("contraction_mrr", -1),
        ("churned_mrr", -1),
    ];
    for i in 0..mrr.len() {
        let parts: Option<Vec<Decimal>> = movements
            .iter()
            .map(|(id, sign)| get(id)[i].map(|x| x * Decimal::from(*sign)))
            .collect();
        let Some(parts) = parts else {
            // Only a subscriptions file with no rows leaves the bridge undefined, all of it.
            prop_assert!(mrr[i].is_none() && net_new[i].is_none(), "period {}", i);
            continue;
        };
        let sum: Decimal = parts.into_iter().sum();
        prop_assert_eq!(
            Some(sum),
            net_new[i],
            "movements vs net_new_mrr, period {}",
            i
        );
        if i > 0 {
            let delta = mrr[i].zip(mrr[i - 1]).map(|(now, before)| now - before);
            prop_assert_eq!(delta, net_new[i], "Δmrr vs net_new_mrr, period {}", i);
        }
    }
    // Rates are fractions, scores stay on their scales.
    for m in report["metrics"].as_array().expect("metrics") {
        let id = m["id"].as_str().expect("id");
        let bounds = match (m["unit"].as_str(), id) {
            (_, "nps") => Some((-100, 100)),
            (_, "csat_score") => Some((1, 5)),
            (_, "ces") => Some((1, 7)),
            (Some("percent"), id) if !UNBOUNDED_PERCENTS.contains(&id) => Some((0, 1)),
            _ => None,
        };
        if let Some((lo, hi)) = bounds {
            for x in v[id].iter().flatten() {
                prop_assert!(
                    *x >= Decimal::from(lo) && *x <= Decimal::from(hi),
                    "{} = {} is outside [{}, {}]",
                    id,
                    x,
                    lo,
                    hi
                );
            }
        }
    }
    // Retention and churn of customers are complements where both are defined.
    for (r, c) in get("customer_retention_rate")
        .iter()
        .zip(get("customer_churn_rate"))
    {
        if let (Some(r), Some(c)) = (r, c) {
            prop_assert_eq!(*r + c, Decimal::ONE);
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_companies_keep_definitions_order_and_format(c in company()) {
        let tables = tables(&c);
        let csv = tempfile::tempdir().expect("temp dir");
        write_csv(csv.path(), &tables, None);
        let baseline = run_all(csv.path());
        check_definitions(&baseline)?;

        let shuffled = tempfile::tempdir().expect("temp dir");
        write_csv(shuffled.path(), &tables, Some(c.shuffle_seed));
        prop_assert_eq!(&run_all(shuffled.path()), &baseline, "shuffled rows");

        let jsonl = tempfile::tempdir().expect("temp dir");
        write_jsonl(jsonl.path(), &tables);
        prop_assert_eq!(&run_all(jsonl.path()), &baseline, "JSON Lines");

        let parquet = tempfile::tempdir().expect("temp dir");
        write_parquet(csv.path(), parquet.path(), &tables);
        prop_assert_eq!(&run_all(parquet.path()), &baseline, "Parquet");
    }
}
