use vitals_engine::testing::{Fixture, show};

#[test]
fn market_share_of_the_seed() {
    // Seed: 200,000 ÷ 1,000,000 = 20 %.
    let csv = "month,total_sales,company_sales\n2026-01-01,1000000,200000\n";
    let s = Fixture::months("2026-01", "2026-03")
        .csv("market_sizes", csv)
        .eval("market_share")
        .unwrap();
    assert_eq!(
        show(&s),
        "[0.2, null (no market size (total_sales) for the period)]"
    );
}

#[test]
fn market_share_defaults_company_sales_to_net_revenue() {
    // February has no company_sales: net revenue of February orders is 120 − 20 = 100,
    // of a 400 market: 25 %.
    let market = "month,total_sales,company_sales\n2026-02-01,400,\n";
    let orders = "order_id,customer_id,ordered_at,gross_amount,discount\no1,c1,2026-02-10,120,20\n";
    let s = Fixture::months("2026-02", "2026-03")
        .csv("market_sizes", market)
        .csv("orders", orders)
        .eval("market_share")
        .unwrap();
    assert_eq!(show(&s), "[0.25]");
    // Without orders there is nothing to default to.
    let s = Fixture::months("2026-02", "2026-03")
        .csv("market_sizes", market)
        .eval("market_share")
        .unwrap();
    assert!(
        show(&s).starts_with("[null (company_sales is empty"),
        "{}",
        show(&s)
    );
}
