//! `customer_churn_rate` and `customer_retention_rate`.

use crate::{FAMILY, sql};
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

const NO_CUSTOMERS: &str = "no paying customers at period start";

/// `(retained, churned, paying at start)` per period from the MRR bridge.
fn customer_counts(cx: &EvalContext<'_>) -> Result<Vec<Vec<vitals_core::Decimal>>> {
    let sql = sql::movements(
        "SUM(CASE WHEN m1 > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN m1 = 0 THEN 1 ELSE 0 END), COUNT(*)",
        "m0 > 0",
    );
    cx.columns_per_period(&sql, 4)
}

/// The share of customers paying at the start who no longer pay at the end.
pub struct CustomerChurnRate;

const CHURN: MetricSpec = MetricSpec {
    id: "customer_churn_rate",
    name: "Customer churn rate",
    family: FAMILY,
    description: "The share of the customers paying at the start of the period who stopped paying by its end.",
    formula: "churned_customers ÷ customers with MRR > 0 at start",
    unit: Unit::Percent,
    direction: Direction::LowerIsBetter,
    requires: &["subscriptions"],
    depends_on: &[],
    params: &[],
    source: "product-management and product-marketing seeds (churn rate = customers lost ÷ customers at the start)",
    maturity: None,
};

impl Metric for CustomerChurnRate {
    fn spec(&self) -> &MetricSpec {
        &CHURN
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let c = customer_counts(cx)?;
        Ok(Series::ratio(cx.periods(), &c[1], &c[2], NO_CUSTOMERS))
    }
}

vitals_core::register_metric!(CustomerChurnRate);

/// The share of customers paying at the start who still pay at the end.
pub struct CustomerRetentionRate;

const RETENTION: MetricSpec = MetricSpec {
    id: "customer_retention_rate",
    name: "Customer retention rate",
    family: FAMILY,
    description: "The share of the customers paying at the start of the period who still pay at its end.",
    formula: "(paying at end − paying at end but not at start) ÷ paying at start (= 1 − customer_churn_rate)",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["subscriptions"],
    depends_on: &[],
    params: &[],
    source: "product-management seed ((E − N) ÷ S: 90 of 100 retained = 90 %); the product-marketing seed divided by customers at the end, which is wrong: the base is customers at the start",
    maturity: None,
};

impl Metric for CustomerRetentionRate {
    fn spec(&self) -> &MetricSpec {
        &RETENTION
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let c = customer_counts(cx)?;
        Ok(Series::ratio(cx.periods(), &c[0], &c[2], NO_CUSTOMERS))
    }
}

vitals_core::register_metric!(CustomerRetentionRate);
