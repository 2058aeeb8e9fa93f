//! `escalation_rate`: escalated ÷ tickets opened in the period.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// The share of support tickets opened in the period that were escalated.
pub struct EscalationRate;

const SPEC: MetricSpec = MetricSpec {
    id: "escalation_rate",
    name: "Escalation rate",
    family: FAMILY,
    description: "The share of the support tickets opened in the period that had to be escalated.",
    formula: "escalated tickets ÷ tickets, opened_at in P",
    unit: Unit::Percent,
    direction: Direction::LowerIsBetter,
    requires: &["tickets"],
    depends_on: &[],
    params: &[],
    source: "engineering-quality and product-management seeds (support ticket escalations)",
    maturity: None,
};

impl Metric for EscalationRate {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.flow_ratio(
            "tickets",
            "opened_at",
            "CASE WHEN t.escalated THEN 1 ELSE 0 END",
            "1",
            "TRUE",
            "no tickets opened in the period",
        )
    }
}

vitals_core::register_metric!(EscalationRate);
