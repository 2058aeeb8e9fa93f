//! `acme_big_orders`: orders of 100 or more.

use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Orders of 100 or more placed in the period.
pub(crate) struct BigOrders;

const SPEC: MetricSpec = MetricSpec {
    id: "acme_big_orders",
    name: "Big orders",
    family: "acme",
    description: "Orders of 100 or more placed in the period.",
    formula: "count of orders with gross_amount >= 100, ordered_at in P",
    unit: Unit::Count,
    direction: Direction::HigherIsBetter,
    requires: &["orders"],
    depends_on: &[],
    params: &[],
    source: "Acme's sales handbook",
    maturity: None,
};

impl Metric for BigOrders {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.series_or_zero(&cx.flow("orders", "ordered_at", "COUNT(*)", "t.gross_amount >= 100"))
    }
}

vitals_core::register_metric!(BigOrders);

#[cfg(test)]
mod tests {
    use vitals_engine::testing::{Fixture, show};

    #[test]
    fn big_orders_per_month() {
        let orders = "order_id,customer_id,ordered_at,gross_amount\n\
o1,c1,2026-01-05,150\no2,c1,2026-01-06,20\no3,c2,2026-02-01,100\n";
        let s = Fixture::months("2026-01", "2026-04").csv("orders", orders).eval("acme_big_orders").unwrap();
        assert_eq!(show(&s), "[1, 1, 0]");
    }
}
