//! `paying_customers`: customers with MRR > 0 at the end of the period.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Customers paying at the end of each period.
pub struct PayingCustomers;

const SPEC: MetricSpec = MetricSpec {
    id: "paying_customers",
    name: "Paying customers",
    family: FAMILY,
    description: "Customers with at least one paid subscription live at the end of the period.",
    formula: "count of customers with MRR > 0 at t = end",
    unit: Unit::Count,
    direction: Direction::HigherIsBetter,
    requires: &["subscriptions"],
    depends_on: &[],
    params: &[],
    source: "vitals catalogue (stock metric, snapshot at period end)",
    maturity: None,
};

impl Metric for PayingCustomers {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.series_or_zero(
            "SELECT p.idx, COUNT(*) FROM periods p JOIN customer_mrr c ON c.t = p.\"end\" GROUP BY p.idx",
        )
    }
}

vitals_core::register_metric!(PayingCustomers);
