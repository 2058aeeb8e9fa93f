use crate::subscriptions::{BRIDGE, bridge};
use crate::{note, num, values};
use vitals_engine::testing::Fixture;

#[test]
fn arpa_is_mrr_per_paying_customer() {
    // 420 ÷ 4 and 360 ÷ 4.
    assert_eq!(
        values(&bridge().eval("arpa").unwrap()),
        [num("105"), num("90")]
    );
    let s = Fixture::months("2025-01", "2025-02")
        .csv("subscriptions", BRIDGE)
        .eval("arpa")
        .unwrap();
    assert_eq!(
        (values(&s), note(&s, 0)),
        (vec![None], "no paying customers at period end")
    );
}

#[test]
fn arpu_of_the_seed() {
    // Seed: $50,000 ÷ 1,000 users = $50; one customer orders twice and counts once.
    let mut csv = String::from("order_id,customer_id,ordered_at,gross_amount\n");
    for i in 0..1000 {
        csv.push_str(&format!("o{i},c{i},2026-01-10,40\n"));
    }
    csv.push_str("extra,c7,2026-01-11,10000\n");
    let s = Fixture::months("2026-01", "2026-03")
        .csv("orders", &csv)
        .eval("arpu")
        .unwrap();
    assert_eq!(values(&s), [num("50"), None]);
    assert_eq!(note(&s, 1), "no customers ordered in the period");
}

#[test]
fn clv_of_the_seed() {
    // Seed: $100 a month over 24 months = $2,400: 24 customers at $100, one churns in
    // January (churn 1/24), ARPA at the end 2,300 ÷ 23 = 100.
    let mut csv = String::from("subscription_id,customer_id,started_at,ended_at,mrr\n");
    for i in 0..24 {
        let end = if i == 0 { "2026-01-20" } else { "" };
        csv.push_str(&format!("s{i},c{i},2025-06-01,{end},100\n"));
    }
    let f = Fixture::months("2026-01", "2026-03").csv("subscriptions", &csv);
    let s = f.eval("clv").unwrap();
    assert_eq!(values(&s)[0], num("2400"));
    // February: no one churns, the lifetime is undefined.
    assert_eq!(values(&s)[1], None);
    assert_eq!(
        note(&s, 1),
        "no customer churned in the period: lifetime undefined"
    );
}

#[test]
fn clv_of_the_bridge() {
    // ARPA 105 and 90 over monthly churn 1/4.
    assert_eq!(
        values(&bridge().eval("clv").unwrap()),
        [num("420"), num("360")]
    );
}

const SEED_EXPENSES: &str = "incurred_at,category,amount\n2026-01-03,marketing,6000\n2026-01-04,sales,4000\n2026-01-05,rnd,99999\n";

fn cac_fixture() -> Fixture {
    // 100 new customers in January at 50 a month; orders with a 60 % gross margin.
    let mut subs = String::from("subscription_id,customer_id,started_at,ended_at,mrr\n");
    for i in 0..100 {
        subs.push_str(&format!("s{i},c{i},2026-01-10,,50\n"));
    }
    let orders = "order_id,customer_id,ordered_at,gross_amount,cost\no1,c1,2026-01-10,1000,400\n";
    Fixture::months("2026-01", "2026-03")
        .csv("subscriptions", &subs)
        .csv("expenses", SEED_EXPENSES)
        .csv("orders", orders)
}

#[test]
fn cac_of_the_seed() {
    // Seed: $10,000 ÷ 100 new customers = $100 (rnd spend is not acquisition).
    let s = cac_fixture().eval("cac").unwrap();
    assert_eq!(values(&s), [num("100"), None]);
    assert_eq!(note(&s, 1), "no new customers in the period");
}

#[test]
fn cac_payback_and_ltv_to_cac() {
    // Payback: 100 ÷ (50 × 0.6) = 10/3 months. February: no CAC, no orders.
    let s = cac_fixture().eval("cac_payback_months").unwrap();
    assert_eq!(values(&s)[0], crate::frac(10, 3));
    assert_eq!(values(&s)[1], None);
    // Nobody paid at the start of January: churn, so CLV and LTV to CAC, are undefined.
    let s = cac_fixture().eval("ltv_to_cac").unwrap();
    assert_eq!(values(&s), [None, None]);
    assert_eq!(note(&s, 0), "no paying customers at period start");
}

#[test]
fn ltv_to_cac_with_churn() {
    // 100 customers at 50 from December; 10 churn in January (churn 10 %), so CLV = 50 ÷
    // 0.1 = 500; January spend 10,000 over 10 new customers: CAC 1,000; ratio 0.5.
    let mut subs = String::from("subscription_id,customer_id,started_at,ended_at,mrr\n");
    for i in 0..100 {
        let end = if i < 10 { "2026-01-15" } else { "" };
        subs.push_str(&format!("s{i},c{i},2025-12-01,{end},50\n"));
    }
    for i in 100..110 {
        subs.push_str(&format!("s{i},c{i},2026-01-20,2026-01-25,50\n"));
    }
    let f = Fixture::months("2026-01", "2026-02")
        .csv("subscriptions", &subs)
        .csv("expenses", SEED_EXPENSES);
    // ARPA at end: 90 paying × 50 ÷ 90 = 50.
    assert_eq!(values(&f.eval("clv").unwrap()), [num("500")]);
    assert_eq!(values(&f.eval("ltv_to_cac").unwrap()), [num("0.5")]);
}

#[test]
fn clv_by_quarter_converts_churn_to_a_monthly_rate() {
    // A quarter in which 1 of 4 paying customers churns: monthly churn 1 − 0.75^(1/3).
    let subs = "subscription_id,customer_id,started_at,ended_at,mrr\n\
a,a,2025-12-01,2026-02-10,90\nb,b,2025-12-01,,90\nc,c,2025-12-01,,90\nd,d,2025-12-01,,90\n";
    let f = Fixture::new(vitals_core::Grain::Quarter, "2026-01-01", "2026-04-01")
        .csv("subscriptions", subs);
    let clv = values(&f.eval("clv").unwrap())[0].unwrap();
    // 90 ÷ (1 − 0.908560296…) = 984.25…
    let expected = 90.0 / (1.0 - 0.75f64.powf(1.0 / 3.0));
    let got: f64 = clv.to_string().parse().unwrap();
    assert!((got - expected).abs() < 1e-6, "{got} vs {expected}");
}

#[test]
fn time_to_revenue_is_the_median_of_days_to_first_order() {
    // c1: 2.5 days, c2: 41 days (first orders in January: median 21.75); c3: 15 days (in
    // February; c2's second order does not count); March has no first orders.
    let customers =
        "customer_id,created_at\nc1,2026-01-01 00:00:00\nc2,2025-12-01\nc3,2026-01-20\n";
    let orders = "order_id,customer_id,ordered_at,gross_amount\n\
o1,c1,2026-01-03 12:00:00,10\no2,c2,2026-01-11,10\no3,c2,2026-02-11,10\no4,c3,2026-02-04,10\n";
    let s = Fixture::months("2026-01", "2026-04")
        .csv("customers", customers)
        .csv("orders", orders)
        .eval("time_to_revenue")
        .unwrap();
    assert_eq!(values(&s), [num("21.75"), num("15"), None]);
    assert_eq!(note(&s, 2), "no first orders in the period");
}
