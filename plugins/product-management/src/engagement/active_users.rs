//! `active_users`: distinct users with any event in the period.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Distinct users with any event in the period.
pub struct ActiveUsers;

const SPEC: MetricSpec = MetricSpec {
    id: "active_users",
    name: "Active users",
    family: FAMILY,
    description: "Distinct users who did anything in the product during the period.",
    formula: "count of distinct events.user_id with occurred_at in P",
    unit: Unit::Count,
    direction: Direction::HigherIsBetter,
    requires: &["events"],
    depends_on: &[],
    params: &[],
    source: "vitals catalogue",
    maturity: None,
};

impl Metric for ActiveUsers {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.series_or_zero(
            "SELECT p.idx, COUNT(*) FROM period_active_users a JOIN periods p ON a.bucket = p.start GROUP BY p.idx",
        )
    }
}

vitals_core::register_metric!(ActiveUsers);
