//! `mrr`: Σ mrr of paid subscriptions active at the end of the period.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Monthly recurring revenue at the end of each period.
pub struct Mrr;

const SPEC: MetricSpec = MetricSpec {
    id: "mrr",
    name: "Monthly recurring revenue",
    family: FAMILY,
    description: "Recurring revenue per month of the subscriptions live at the end of the period; trials never count.",
    formula: "Σ subscriptions.mrr of non-trial subscriptions with mrr > 0 live at t = end (started_at <= t and (ended_at is null or ended_at > t))",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["subscriptions"],
    depends_on: &[],
    params: &[],
    source: "product-management and product-marketing seeds (100 customers × $50 = $5,000 MRR); snapshot at period end",
    maturity: None,
};

impl Metric for Mrr {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.series_or_zero(
            "SELECT p.idx, SUM(c.mrr) FROM periods p JOIN customer_mrr c ON c.t = p.\"end\" GROUP BY p.idx",
        )
    }
}

vitals_core::register_metric!(Mrr);
