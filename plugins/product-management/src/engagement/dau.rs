//! `dau`: daily active users, averaged over the days of the period.

use crate::FAMILY;
use vitals_core::{Decimal, Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Daily active users: for each day of the period, the users with any event that day,
/// averaged over every day of the period (days without activity count as 0).
pub struct Dau;

const SPEC: MetricSpec = MetricSpec {
    id: "dau",
    name: "Daily active users",
    family: FAMILY,
    description: "How many distinct users use the product on an average day of the period.",
    formula: "mean over the days d of P of (distinct users with an event on d)",
    unit: Unit::Count,
    direction: Direction::HigherIsBetter,
    requires: &["events"],
    depends_on: &[],
    params: &[],
    source: "product-management seed (DAU); averaged over the period's days per DESIGN.md §5",
};

impl Metric for Dau {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let user_days = cx.per_period_or_zero(&crate::sql::rolling_active_user_days(1))?;
        let days: Vec<Decimal> = cx
            .periods()
            .iter()
            .map(|p| Decimal::from(p.days()))
            .collect();
        Ok(Series::ratio(
            cx.periods(),
            &user_days,
            &days,
            "the period has no days",
        ))
    }
}

vitals_core::register_metric!(Dau);
