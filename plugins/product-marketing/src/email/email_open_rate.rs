//! `email_open_rate`: Σ unique_opens ÷ Σ delivered, campaigns sent in the period.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Email open rate of the campaigns sent in each period.
pub struct EmailOpenRate;

const SPEC: MetricSpec = MetricSpec {
    id: "email_open_rate",
    name: "Email open rate",
    family: FAMILY,
    description: "The share of delivered emails that were opened, campaigns sent in the period.",
    formula: "Σ unique_opens ÷ Σ delivered, email_campaigns with sent_at in P (delivered defaults to sent)",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["email_campaigns"],
    depends_on: &[],
    params: &[],
    source: "product-marketing seed (email open rate); delivered rather than sent as denominator, the industry's definition",
    maturity: None,
};

impl Metric for EmailOpenRate {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.flow_ratio(
            "email_campaigns",
            "sent_at",
            "t.unique_opens",
            "t.delivered",
            "TRUE",
            "no emails delivered in the period",
        )
    }
}

vitals_core::register_metric!(EmailOpenRate);
