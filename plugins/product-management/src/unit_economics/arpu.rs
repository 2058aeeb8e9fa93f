//! `arpu`: net revenue per ordering customer.

use crate::{FAMILY, sql};
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Net revenue per distinct customer with an order in the period.
pub struct Arpu;

const SPEC: MetricSpec = MetricSpec {
    id: "arpu",
    name: "Average revenue per user",
    family: FAMILY,
    description: "Net revenue of the period per customer who ordered in it.",
    formula: "net_revenue ÷ distinct customers with an order in P",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["orders"],
    depends_on: &[],
    params: &[],
    source: "product-management and product-marketing seeds (ARPU = revenue ÷ users: $50,000 ÷ 1,000 = $50), counting users as customers who ordered",
    maturity: None,
};

impl Metric for Arpu {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let exprs = format!("SUM({}), COUNT(DISTINCT t.customer_id)", sql::NET_AMOUNT);
        let cols = cx.columns_per_period(&cx.flow("orders", "ordered_at", &exprs, "TRUE"), 3)?;
        Ok(Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no customers ordered in the period",
        ))
    }
}

vitals_core::register_metric!(Arpu);
