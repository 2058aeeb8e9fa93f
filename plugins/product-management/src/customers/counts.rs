//! `new_customers` and `churned_customers`.

use crate::{FAMILY, sql};
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Customers whose first paid subscription started in the period.
pub struct NewCustomers;

const NEW: MetricSpec = MetricSpec {
    id: "new_customers",
    name: "New customers",
    family: FAMILY,
    description: "Customers who started paying for the first time in the period.",
    formula: "count of customers whose first paid subscription (not trial, mrr > 0) started in P",
    unit: Unit::Count,
    direction: Direction::HigherIsBetter,
    requires: &["subscriptions"],
    depends_on: &[],
    params: &[],
    source: "vitals catalogue",
    maturity: None,
};

impl Metric for NewCustomers {
    fn spec(&self) -> &MetricSpec {
        &NEW
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let sql = format!(
            "SELECT p.idx, COUNT(*) FROM ( \
               SELECT customer_id, MIN(started_at) AS first_paid_at FROM subscriptions \
               WHERE NOT trial AND mrr > 0 GROUP BY customer_id) f \
             JOIN periods p ON {} = p.start GROUP BY p.idx",
            cx.bucket("f.first_paid_at")
        );
        cx.series_or_zero(&sql)
    }
}

vitals_core::register_metric!(NewCustomers);

/// Customers paying at the start of the period and not at its end.
pub struct ChurnedCustomers;

const CHURNED: MetricSpec = MetricSpec {
    id: "churned_customers",
    name: "Churned customers",
    family: FAMILY,
    description: "Customers who paid at the start of the period and no longer pay at its end.",
    formula: "count of customers with MRR > 0 at start and MRR = 0 at end",
    unit: Unit::Count,
    direction: Direction::LowerIsBetter,
    requires: &["subscriptions"],
    depends_on: &[],
    params: &[],
    source: "vitals catalogue (snapshots at period start and end, so a plan change at midnight is not churn)",
    maturity: None,
};

impl Metric for ChurnedCustomers {
    fn spec(&self) -> &MetricSpec {
        &CHURNED
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.series_or_zero(&sql::movements("COUNT(*)", "m0 > 0 AND m1 = 0"))
    }
}

vitals_core::register_metric!(ChurnedCustomers);
