//! `time_to_revenue`: median days from account creation to first order.

use crate::FAMILY;
use vitals_core::{
    Decimal, Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit, median,
};

/// Median days from a customer's creation to their first order, customers whose first
/// order is in the period.
pub struct TimeToRevenue;

const SPEC: MetricSpec = MetricSpec {
    id: "time_to_revenue",
    name: "Time to revenue",
    family: FAMILY,
    description: "How long new customers take to place their first order.",
    formula: "median over customers whose first order is in P of days from customers.created_at to that order",
    unit: Unit::Days,
    direction: Direction::LowerIsBetter,
    requires: &["customers", "orders"],
    depends_on: &[],
    params: &[],
    source: "vitals catalogue",
    maturity: None,
};

impl Metric for TimeToRevenue {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let sql = format!(
            "WITH first_order AS (SELECT customer_id, MIN(ordered_at) AS at FROM orders GROUP BY customer_id) \
             SELECT p.idx, to_unixtime(f.at) - to_unixtime(c.created_at) \
             FROM first_order f JOIN customers c ON c.customer_id = f.customer_id \
             JOIN periods p ON {} = p.start",
            cx.bucket("f.at")
        );
        let day = Decimal::from(86_400);
        let medians = cx
            .values_per_period(&sql)?
            .into_iter()
            .map(|secs| median(secs).map(|s| s / day));
        Ok(Series::from_values(
            cx.periods(),
            medians,
            "no first orders in the period",
        ))
    }
}

vitals_core::register_metric!(TimeToRevenue);
