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
