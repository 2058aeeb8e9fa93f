//! `arr`: annual recurring revenue, 12 × MRR.

use crate::FAMILY;
use vitals_core::{Decimal, Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Annual recurring revenue at the end of each period.
pub struct Arr;

const SPEC: MetricSpec = MetricSpec {
    id: "arr",
    name: "Annual recurring revenue",
    family: FAMILY,
    description: "Monthly recurring revenue at the end of the period, annualised.",
    formula: "mrr × 12",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["subscriptions"],
    depends_on: &["mrr"],
    params: &[],
    source: "standard SaaS definition (ChartMogul)",
    maturity: None,
};

impl Metric for Arr {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        Ok(cx.metric("mrr")?.map(|v| v * Decimal::from(12)))
    }
}

vitals_core::register_metric!(Arr);
