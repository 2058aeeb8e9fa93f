use crate::{frac, note, num, values};
use vitals_engine::testing::{Fixture, show};

const LEADS: &str = "lead_id,created_at,channel,campaign,converted_at\n\
l1,2026-01-03,paid_search,spring,2026-01-10\n\
l2,2026-01-05,social,,2026-03-01\n\
l3,2026-01-07,email,,\n\
l4,2026-02-02,organic,,\n";
const EXPENSES: &str =
    "incurred_at,category,amount\n2026-01-02,marketing,300\n2026-01-02,sales,999\n";

fn leads() -> Fixture {
    Fixture::months("2026-01", "2026-04")
        .csv("leads", LEADS)
        .csv("expenses", EXPENSES)
}

#[test]
fn new_leads_and_their_conversion() {
    assert_eq!(show(&leads().eval("new_leads").unwrap()), "[3, 1, 0]");
    // l2 converted in March and still counts for January.
    let s = leads().eval("lead_conversion_rate").unwrap();
    assert_eq!(values(&s), [frac(2, 3), num("0"), None]);
    assert_eq!(note(&s, 2), "no leads created in the period");
}

#[test]
fn cost_per_lead_uses_marketing_spend_only() {
    let s = leads().eval("cost_per_lead").unwrap();
    assert_eq!(values(&s), [num("100"), num("0"), None]);
}

#[test]
fn romi_is_revenue_based() {
    // January: campaign orders net 900 against 300 of marketing: (900 − 300) ÷ 300 = 2.
    let orders = "order_id,customer_id,ordered_at,gross_amount,discount,campaign\n\
o1,c1,2026-01-05,1000,100,spring\no2,c2,2026-01-06,500,0,\n";
    let s = Fixture::months("2026-01", "2026-03")
        .csv("orders", orders)
        .csv("expenses", EXPENSES)
        .eval("romi")
        .unwrap();
    assert_eq!(values(&s), [num("2"), None]);
    assert_eq!(note(&s, 1), "no marketing spend in the period");
}
