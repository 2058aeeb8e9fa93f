//! `trial_conversion_rate`.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Maturity, Metric, MetricSpec, Result, Series, Unit};

/// The share of customers whose first trial started in the period who later pay.
pub struct TrialConversionRate;

const SPEC: MetricSpec = MetricSpec {
    id: "trial_conversion_rate",
    name: "Trial conversion rate",
    family: FAMILY,
    description: "Of the customers who started their first trial in the period, the share who went on to a paid subscription (at any time since).",
    formula: "customers whose first trial started in P and who have a paid subscription starting at or after that trial ÷ customers whose first trial started in P",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["subscriptions"],
    depends_on: &[],
    params: &[],
    source: "product-management seed (free-trial conversion rate)",
    // A trial commonly lasts 14 days, and a decision can come a little after it ends.
    maturity: Some(Maturity {
        days: 30,
        pending: "trials started then can still convert",
    }),
};

impl Metric for TrialConversionRate {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let sql = format!(
            "WITH first_trial AS ( \
               SELECT customer_id, MIN(started_at) AS trial_at FROM subscriptions \
               WHERE trial GROUP BY customer_id), \
             converted AS ( \
               SELECT DISTINCT f.customer_id FROM first_trial f JOIN subscriptions s \
               ON s.customer_id = f.customer_id AND NOT s.trial AND s.mrr > 0 \
                  AND s.started_at >= f.trial_at) \
             SELECT p.idx, COUNT(c.customer_id), COUNT(*) \
             FROM first_trial f LEFT JOIN converted c ON c.customer_id = f.customer_id \
             JOIN periods p ON {} = p.start GROUP BY p.idx",
            cx.bucket("f.trial_at")
        );
        let cols = cx.columns_per_period(&sql, 3)?;
        Ok(Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no trials started in the period",
        ))
    }
}

vitals_core::register_metric!(TrialConversionRate);
