use crate::{frac, note, num, values};
use vitals_engine::testing::Fixture;

const ORDERS: &str = "order_id,customer_id,ordered_at,gross_amount,discount,quantity,returned_quantity\n\
o1,c1,2026-01-05,100,0,2,1\n\
o2,c1,2026-01-06,50,,1,0\n\
o3,c2,2026-01-07,150,30,3,\n";

fn orders() -> Fixture {
    Fixture::months("2026-01", "2026-03").csv("orders", ORDERS)
}

#[test]
fn product_return_rate_of_units() {
    let s = orders().eval("product_return_rate").unwrap();
    assert_eq!(values(&s), [frac(1, 6), None]);
    assert_eq!(note(&s, 1), "no units sold in the period");
}

#[test]
fn order_value_and_frequency() {
    // (100 + 50 + 120) ÷ 3 orders; 3 orders ÷ 2 customers.
    assert_eq!(
        values(&orders().eval("average_order_value").unwrap()),
        [num("90"), None]
    );
    assert_eq!(
        values(&orders().eval("purchase_frequency").unwrap()),
        [num("1.5"), None]
    );
}

#[test]
fn clv_purchase_annualises_and_multiplies_by_lifespan() {
    // 90 × 1.5 × 12 months × 3 years.
    let s = orders().eval("clv_purchase").unwrap();
    assert_eq!(values(&s), [num("4860"), None]);
    assert_eq!(note(&s, 1), "no orders in the period");
    let s = orders()
        .param("customer_lifespan_years", "1")
        .eval("clv_purchase")
        .unwrap();
    assert_eq!(values(&s)[0], num("1620"));
}
