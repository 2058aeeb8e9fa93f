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
        // The shared view of the range's feature use holds one row per period, user and
        // feature.
        cx.series_or_zero(
            "SELECT p.idx, COUNT(DISTINCT u.user_id) FROM period_feature_users u \
             JOIN periods p ON u.bucket = p.start GROUP BY p.idx",
        )
    }
}

vitals_core::register_metric!(FeatureUsage);
