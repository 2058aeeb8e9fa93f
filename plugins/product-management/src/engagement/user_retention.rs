//! `user_retention`: users active in the previous period who are active again.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// The share of the previous period's active users who are active in this one.
pub struct UserRetention;

const SPEC: MetricSpec = MetricSpec {
    id: "user_retention",
    name: "User retention",
    family: FAMILY,
    description: "Of the users active in the previous period, the share active again in this one.",
    formula: "users active in both the previous period and P ÷ users active in the previous period",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["events"],
    depends_on: &[],
    params: &[],
    source: "product-management seed (retention: 90 of 100 users retained = 90 %)",
    maturity: None,
};

impl Metric for UserRetention {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let cols = cx.columns_per_period(
            "SELECT p.idx, COUNT(now.user_id), COUNT(*) \
             FROM periods p JOIN period_active_users before ON before.bucket = p.prev_start \
             LEFT JOIN period_active_users now ON now.bucket = p.start AND now.user_id = before.user_id \
             GROUP BY p.idx",
            3,
        )?;
        Ok(Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no active users in the previous period",
        ))
    }
}

vitals_core::register_metric!(UserRetention);
