use crate::{frac, note, num, values};
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

#[test]
fn a_bad_cell_fails_the_metric_naming_file_line_and_column() {
    // Evaluated with text stored as dictionaries and plain, each run in a folder of its own:
    // the two errors agree but for the folder, and the one returned names the file.
    let orders = "order_id,customer_id,ordered_at,gross_amount\no1,c1,2026-05-02,lots\n";
    let err = Fixture::months("2026-05", "2026-06")
        .csv("orders", orders)
        .eval("gross_revenue")
        .unwrap_err();
    assert!(
        err.ends_with(
            "orders.csv line 2, column gross_amount: expected a decimal number such as 12.50, found `lots`"
        ),
        "{err}"
    );
}

// January: o1 1000 − 100 discount, cost 300, a product launched 2025-06 (new); o2 500 − 50
// refund, cost 200, a product launched 2024 (old). February: o3 200, cost 50, the new
// product. March: nothing. Expenses in January: cogs 100, marketing 200, sales 100, rnd 300.
const MARGIN_ORDERS: &str = "order_id,customer_id,ordered_at,gross_amount,discount,refunded,cost,product_id\n\
o1,c1,2026-01-05,1000,100,0,300,p_new\n\
o2,c2,2026-01-06,500,0,50,200,p_old\n\
o3,c1,2026-02-07,200,0,0,50,p_new\n";
const PRODUCTS: &str = "product_id,launched_at,name\np_new,2025-06-01,New\np_old,2024-01-01,Old\n";
const EXPENSES: &str = "incurred_at,category,amount\n\
2026-01-02,cogs,100\n2026-01-02,marketing,200\n2026-01-02,Sales,100\n2026-01-03,rnd,300\n";

fn margins() -> Fixture {
    Fixture::months("2026-01", "2026-04")
        .csv("orders", MARGIN_ORDERS)
        .csv("products", PRODUCTS)
        .csv("expenses", EXPENSES)
}

#[test]
fn revenue_realization_is_net_over_gross() {
    // January 1350 ÷ 1500; February 200 ÷ 200; March has no gross revenue.
    let s = margins().eval("revenue_realization").unwrap();
    assert_eq!(values(&s), [num("0.9"), num("1"), None]);
    assert_eq!(note(&s, 2), "no gross revenue in the period");
}

#[test]
fn cogs_adds_order_costs_and_cogs_expenses() {
    // January 300 + 200 + 100; February 50; March 0.
    let s = margins().eval("cogs").unwrap();
    assert_eq!(show(&s), "[600, 50, 0]");
    let err = Fixture::months("2026-01", "2026-02")
        .csv("orders", MARGIN_ORDERS)
        .eval("cogs")
        .unwrap_err();
    assert_eq!(err, "skipped: dataset `expenses` not configured");
}

#[test]
fn gross_margin_subtracts_cogs_before_dividing() {
    // (1350 − 600) ÷ 1350 = 5/9; (200 − 50) ÷ 200 = 3/4; March: no net revenue.
    let s = margins().eval("gross_margin").unwrap();
    assert_eq!(values(&s), [frac(5, 9), num("0.75"), None]);
    assert_eq!(note(&s, 2), "no net revenue in the period");
}

#[test]
fn net_income_and_net_margin() {
    // January 1350 − 600 − (200 + 100 + 300) = 150; February 200 − 50 = 150; March 0.
    let s = margins().eval("net_income").unwrap();
    assert_eq!(show(&s), "[150, 150, 0]");
    let s = margins().eval("net_margin").unwrap();
    assert_eq!(values(&s), [frac(1, 9), num("0.75"), None]);
}

#[test]
fn revenue_from_new_products_counts_launches_within_the_window() {
    // January 900 of 1350 from the product launched seven months before; February all.
    let s = margins().eval("revenue_from_new_products").unwrap();
    assert_eq!(values(&s), [frac(2, 3), num("1"), None]);
    // With a one-month window the June launch is no longer new.
    let s = margins()
        .param("new_product_window_months", "1")
        .eval("revenue_from_new_products")
        .unwrap();
    assert_eq!(values(&s), [num("0"), num("0"), None]);
}

const DEALS: &str = "deal_id,created_at,amount,probability,status,closed_at\n\
d1,2026-01-05,1000,0.5,won,2026-01-20\n\
d2,2026-01-10,2000,0.25,lost,2026-02-03\n\
d3,2026-01-15,4000,0.75,open,\n\
d4,2026-02-10,500,1,won,2026-03-10\n";

#[test]
fn bookings_are_won_deals_by_close_date() {
    let s = Fixture::months("2026-01", "2026-05")
        .csv("deals", DEALS)
        .eval("bookings")
        .unwrap();
    assert_eq!(show(&s), "[1000, 0, 500, 0]");
}

#[test]
fn weighted_pipeline_is_a_snapshot_of_open_deals() {
    // End of January: d2 (closed later, 2000 × 0.25) + d3 (3000) = 3500. End of February:
    // d3 + d4 (created, closes in March: 500) = 3500. End of March: d3 alone.
    let s = Fixture::months("2026-01", "2026-04")
        .csv("deals", DEALS)
        .eval("weighted_pipeline")
        .unwrap();
    assert_eq!(show(&s), "[3500, 3500, 3000]");
}

#[test]
fn deal_win_rate_of_closed_deals() {
    let s = Fixture::months("2026-01", "2026-05")
        .csv("deals", DEALS)
        .eval("deal_win_rate")
        .unwrap();
    assert_eq!(values(&s), [num("1"), num("0"), num("1"), None]);
    assert_eq!(note(&s, 3), "no deals won or lost in the period");
}
