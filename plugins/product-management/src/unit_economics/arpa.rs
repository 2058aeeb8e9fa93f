//! `arpa`: average revenue per paying account, mrr ÷ paying_customers.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Average MRR per paying customer at the end of the period.
pub struct Arpa;

const SPEC: MetricSpec = MetricSpec {
    id: "arpa",
    name: "Average revenue per account",
    family: FAMILY,
    description: "Monthly recurring revenue per paying customer at the end of the period.",
    formula: "mrr ÷ paying_customers",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["subscriptions"],
    depends_on: &["mrr", "paying_customers"],
    params: &[],
    source: "standard SaaS definition (ChartMogul ARPA)",
    maturity: None,
};

impl Metric for Arpa {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.ratio_of(
            "mrr",
            "paying_customers",
            "no paying customers at period end",
        )
    }
}

vitals_core::register_metric!(Arpa);
