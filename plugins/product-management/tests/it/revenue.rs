use vitals_engine::testing::{Fixture, show};

const ORDERS: &str = "order_id,customer_id,ordered_at,gross_amount,discount,refunded\n\
o1,c1,2026-01-05 10:00:00,50000,6000,4000\n\
o2,c2,2026-01-31T23:59:59Z,100,0,0\n\
o3,c2,2026-02-01 00:00:00,70,5,\n";

#[test]
fn gross_revenue_is_units_times_price_in_half_open_periods() {
    // Seed: 1,000 units × $50 = $50,000; o2 is the last second of January; o3 is the first
    // instant of February and belongs there only.
    let s = Fixture::months("2026-01", "2026-04")
        .csv("orders", ORDERS)
        .eval("gross_revenue")
        .unwrap();
    assert_eq!(show(&s), "[50100, 70, 0]");
}

#[test]
fn net_revenue_subtracts_discounts_and_refunds() {
    // Seed: $50,000 − $10,000 = $40,000 (+ $100 of o2); o3: 70 − 5 − (empty refund = 0).
    let s = Fixture::months("2026-01", "2026-03")
        .csv("orders", ORDERS)
        .eval("net_revenue")
        .unwrap();
    assert_eq!(show(&s), "[40100, 65]");
}

#[test]
fn revenue_without_orders_is_zero_and_without_the_dataset_is_skipped() {
    let s = Fixture::months("2026-05", "2026-06")
        .csv("orders", ORDERS)
        .eval("gross_revenue")
        .unwrap();
    assert_eq!(show(&s), "[0]");
    let err = Fixture::months("2026-05", "2026-06")
        .eval("net_revenue")
        .unwrap_err();
    assert_eq!(err, "skipped: dataset `orders` not configured");
}
