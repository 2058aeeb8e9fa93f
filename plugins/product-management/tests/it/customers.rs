use crate::subscriptions::bridge;
use crate::{frac, note, num, values};
use vitals_engine::testing::{Fixture, show};

#[test]
fn new_and_churned_customers() {
    // New: d's first paid subscription starts in January. Churned: b in January, g in
    // February (its subscription ends exactly at the end snapshot).
    assert_eq!(show(&bridge().eval("new_customers").unwrap()), "[1, 0]");
    assert_eq!(show(&bridge().eval("churned_customers").unwrap()), "[1, 1]");
}

#[test]
fn churn_and_retention_add_up_to_one() {
    // January: 4 paying at start (a, b, e, g), b churns: 1/4. February: a, d, e, g, g churns.
    let churn = bridge().eval("customer_churn_rate").unwrap();
    assert_eq!(values(&churn), [num("0.25"), num("0.25")]);
    let retention = bridge().eval("customer_retention_rate").unwrap();
    assert_eq!(values(&retention), [num("0.75"), num("0.75")]);
}

#[test]
fn retention_of_the_seed_is_ninety_percent() {
    // Seed: 100 customers at the start, 10 leave, 5 new arrive: (95 − 5) ÷ 100 = 90 %.
    let mut csv = String::from("subscription_id,customer_id,started_at,ended_at,mrr\n");
    for i in 0..100 {
        let end = if i < 10 { "2026-01-15" } else { "" };
        csv.push_str(&format!("s{i},c{i},2025-06-01,{end},10\n"));
    }
    for i in 100..105 {
        csv.push_str(&format!("s{i},c{i},2026-01-10,,10\n"));
    }
    let f = Fixture::months("2026-01", "2026-02").csv("subscriptions", &csv);
    assert_eq!(
        values(&f.eval("customer_retention_rate").unwrap()),
        [num("0.9")]
    );
    assert_eq!(
        values(&f.eval("customer_churn_rate").unwrap()),
        [num("0.1")]
    );
}

#[test]
fn churn_without_paying_customers_is_undefined() {
    let f =
        Fixture::months("2025-01", "2025-02").csv("subscriptions", crate::subscriptions::BRIDGE);
    let s = f.eval("customer_churn_rate").unwrap();
    assert_eq!(values(&s), [None]);
    assert_eq!(note(&s, 0), "no paying customers at period start");
    assert_eq!(values(&f.eval("customer_retention_rate").unwrap()), [None]);
}

#[test]
fn revenue_retention_from_the_bridge() {
    // January: start 390, expansion 50, churn 50. February: start 420, contraction 80,
    // churn 40, reactivation 60.
    assert_eq!(
        values(&bridge().eval("gross_revenue_churn_rate").unwrap()),
        [frac(50, 390), frac(120, 420)]
    );
    assert_eq!(
        values(&bridge().eval("net_revenue_retention").unwrap()),
        [num("1"), frac(300, 420)]
    );
    assert_eq!(
        values(&bridge().eval("gross_revenue_retention").unwrap()),
        [frac(340, 390), frac(300, 420)]
    );
    assert_eq!(
        values(&bridge().eval("quick_ratio").unwrap()),
        [num("1.6"), num("0.5")]
    );
}

#[test]
fn revenue_retention_without_mrr_or_losses_is_undefined() {
    let f =
        Fixture::months("2025-01", "2025-02").csv("subscriptions", crate::subscriptions::BRIDGE);
    let s = f.eval("net_revenue_retention").unwrap();
    assert_eq!(
        (values(&s), note(&s, 0)),
        (vec![None], "no MRR at period start")
    );
    assert_eq!(values(&f.eval("gross_revenue_retention").unwrap()), [None]);
    assert_eq!(values(&f.eval("gross_revenue_churn_rate").unwrap()), [None]);
    // December 2025: c ended exactly at the start snapshot (not paying then), a, e and g
    // pay at both ends and b is new: nothing is lost, so the quick ratio is undefined.
    let f =
        Fixture::months("2025-12", "2026-01").csv("subscriptions", crate::subscriptions::BRIDGE);
    let s = f.eval("quick_ratio").unwrap();
    assert_eq!(values(&s), [None]);
    assert_eq!(
        note(&s, 0),
        "no MRR lost in the period (churned + contraction = 0)"
    );
}

#[test]
fn trial_conversion_rate_by_first_trial() {
    // January trials: x converts in February, y never does, z's second trial in January
    // does not count (its first was in December). February: no trials.
    let subs = "subscription_id,customer_id,started_at,ended_at,mrr,plan,trial\n\
x0,x,2026-01-05,2026-01-19,30,basic,true\n\
x1,x,2026-02-02,,30,basic,false\n\
y0,y,2026-01-10,2026-01-24,30,basic,true\n\
z0,z,2025-12-10,2025-12-24,30,basic,true\n\
z1,z,2026-01-10,2026-01-24,30,basic,true\n";
    let s = Fixture::months("2026-01", "2026-03")
        .csv("subscriptions", subs)
        .eval("trial_conversion_rate")
        .unwrap();
    assert_eq!(values(&s), [num("0.5"), None]);
    assert_eq!(note(&s, 1), "no trials started in the period");
}
