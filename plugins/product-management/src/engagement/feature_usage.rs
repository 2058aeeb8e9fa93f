//! `feature_usage`: distinct users with a feature_used event in the period.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Distinct users who used a feature in the period.
pub struct FeatureUsage;

const SPEC: MetricSpec = MetricSpec {
    id: "feature_usage",
    name: "Feature usage",
    family: FAMILY,
    description: "Distinct users who used at least one feature in the period.",
    formula: "count of distinct users with a feature_used event (role mapped in [events]) in P",
    unit: Unit::Count,
    direction: Direction::HigherIsBetter,
    requires: &["events"],
    depends_on: &[],
    params: &[],
    source: "product-management seed (feature usage)",
    maturity: None,
};

impl Metric for FeatureUsage {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let filter = format!("t.event = {}", cx.event("feature_used"));
        cx.series_or_zero(&cx.flow(
            "events",
            "occurred_at",
            "COUNT(DISTINCT t.user_id)",
            &filter,
        ))
    }
}

vitals_core::register_metric!(FeatureUsage);
