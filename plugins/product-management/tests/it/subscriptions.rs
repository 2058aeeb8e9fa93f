use crate::values;
use vitals_engine::testing::{Fixture, show};

fn hundred_customers_at_fifty() -> String {
    let mut csv = String::from("subscription_id,customer_id,started_at,ended_at,mrr,plan,trial\n");
    for i in 0..100 {
        csv.push_str(&format!("s{i},c{i},2026-01-10,,50,basic,false\n"));
    }
    csv
}

#[test]
fn mrr_is_customers_times_price_at_period_end() {
    // Seed: 100 customers × $50 = $5,000 MRR. Started 10 January: at the end of December
    // (= 1 January) nothing is live.
    let s = Fixture::months("2025-12", "2026-02")
        .csv("subscriptions", &hundred_customers_at_fifty())
        .eval("mrr")
        .unwrap();
    assert_eq!(show(&s), "[0, 5000]");
}

const EDGES: &str = "subscription_id,customer_id,started_at,ended_at,mrr,plan,trial\n\
a1,a,2026-01-01,2026-02-01,100,basic,false\n\
a2,a,2026-02-01,,150,pro,no\n\
b1,b,2026-01-15,2026-02-01,40,basic,\n\
c1,c,2026-01-20,,0,free,false\n\
d1,d,2026-01-05,,30,basic,false\n\
d2,d,2026-01-06,,20,addon,false\n\
t1,e,2026-01-01,,99,pro,true\n";

#[test]
fn mrr_snapshot_edges() {
    // End of January (t = 1 February): a's plan change at midnight is the new plan (150);
    // b ended exactly at t and is out; c pays 0; d has two concurrent subscriptions (30 +
    // 20); e is on trial and never counts. 150 + 50 = 200. End of February: the same.
    let s = Fixture::months("2026-01", "2026-03")
        .csv("subscriptions", EDGES)
        .eval("mrr")
        .unwrap();
    assert_eq!(show(&s), "[200, 200]");
}

#[test]
fn paying_customers_counts_each_customer_once() {
    // a and d pay at the end of January (d with two subscriptions): 2.
    let s = Fixture::months("2026-01", "2026-02")
        .csv("subscriptions", EDGES)
        .eval("paying_customers")
        .unwrap();
    assert_eq!(show(&s), "[2]");
}

/// The MRR bridge fixture, January and February 2026 (t0 = 1 Jan, t1 = 1 Feb, t2 = 1 Mar):
/// - a: 100 until midnight 1 Feb, then 150 (expansion in January, not churn);
/// - b: 50 from December, ends 20 January (churn in January);
/// - c: paid 80 in November 2025 only, back at 60 from 10 February (reactivation);
/// - d: a trial in December, first paid 30 from 5 January (new in January);
/// - e: 200 from December, 120 from 15 February (contraction of 80 in February);
/// - f: a trial in January that never converts;
/// - g: 40 from October 2025 until exactly 1 March (churn in February).
///
/// MRR: t0 = 100 + 50 + 200 + 40 = 390; t1 = 150 + 30 + 200 + 40 = 420; t2 = 150 + 60 + 30 + 120 = 360.
pub(crate) const BRIDGE: &str = "subscription_id,customer_id,started_at,ended_at,mrr,plan,trial\n\
a1,a,2025-12-01,2026-02-01,100,basic,false\n\
a2,a,2026-02-01,,150,pro,false\n\
b1,b,2025-12-15,2026-01-20,50,basic,false\n\
c1,c,2025-11-01,2025-12-01,80,pro,false\n\
c2,c,2026-02-10,,60,basic,false\n\
d0,d,2025-12-20,2026-01-03,30,basic,true\n\
d1,d,2026-01-05,,30,basic,false\n\
e1,e,2025-12-01,2026-02-15,200,business,false\n\
e2,e,2026-02-15,,120,pro,false\n\
f1,f,2026-01-10,2026-01-24,30,basic,true\n\
g1,g,2025-10-01,2026-03-01,40,basic,false\n";

pub(crate) fn bridge() -> Fixture {
    Fixture::months("2026-01", "2026-03").csv("subscriptions", BRIDGE)
}

#[test]
fn mrr_and_arr_of_the_bridge() {
    assert_eq!(show(&bridge().eval("mrr").unwrap()), "[420, 360]");
    assert_eq!(show(&bridge().eval("arr").unwrap()), "[5040, 4320]");
}

#[test]
fn every_movement_of_the_bridge() {
    let movement = |id: &str| show(&bridge().eval(id).unwrap());
    assert_eq!(movement("new_mrr"), "[30, 0]");
    assert_eq!(movement("expansion_mrr"), "[50, 0]");
    assert_eq!(movement("contraction_mrr"), "[0, 80]");
    assert_eq!(movement("churned_mrr"), "[50, 40]");
    assert_eq!(movement("reactivation_mrr"), "[0, 60]");
    // net new = mrr(end) − mrr(start): 420 − 390 and 360 − 420.
    assert_eq!(movement("net_new_mrr"), "[30, -60]");
}

#[test]
fn net_new_mrr_equals_the_change_in_mrr() {
    // Over three months with the January start (390) added: the identity holds each month.
    let f = Fixture::months("2025-12", "2026-03").csv("subscriptions", BRIDGE);
    let mrr = values(&f.eval("mrr").unwrap());
    let net_new = values(&f.eval("net_new_mrr").unwrap());
    for i in 1..mrr.len() {
        assert_eq!(
            Some(mrr[i].unwrap() - mrr[i - 1].unwrap()),
            net_new[i],
            "month {i}"
        );
    }
}

#[test]
fn no_subscriptions_means_zero_mrr_and_no_movements() {
    let f = Fixture::months("2030-01", "2030-02").csv("subscriptions", BRIDGE);
    assert_eq!(show(&f.eval("new_mrr").unwrap()), "[0]");
    // Everyone still paying in 2030 is the same: no movement, MRR unchanged.
    assert_eq!(show(&f.eval("net_new_mrr").unwrap()), "[0]");
}
