//! `dau`, `wau`, `mau` (rolling distinct active users averaged over the days of the period)
//! and `stickiness`.

use crate::{FAMILY, sql};
use vitals_core::{Decimal, Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Users active in a rolling window of `window` days ending on each day of the period,
/// averaged over the days of the period (days without activity count as 0).
pub struct Rolling {
    spec: MetricSpec,
    window: u32,
}

impl Metric for Rolling {
    fn spec(&self) -> &MetricSpec {
        &self.spec
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let user_days = cx.per_period_or_zero(&sql::rolling_active_user_days(self.window))?;
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

const fn rolling(
    id: &'static str,
    name: &'static str,
    description: &'static str,
    formula: &'static str,
    source: &'static str,
    window: u32,
) -> Rolling {
    Rolling {
        spec: MetricSpec {
            id,
            name,
            family: FAMILY,
            description,
            formula,
            unit: Unit::Count,
            direction: Direction::HigherIsBetter,
            requires: &["events"],
            depends_on: &[],
            params: &[],
            source,
            maturity: None,
        },
        window,
    }
}

/// `dau`.
pub static DAU: Rolling = rolling(
    "dau",
    "Daily active users",
    "How many distinct users use the product on an average day of the period.",
    "mean over the days d of P of (distinct users with an event on d)",
    "product-management seed (DAU); averaged over the period's days",
    1,
);
/// `wau`.
pub static WAU: Rolling = rolling(
    "wau",
    "Weekly active users",
    "How many distinct users used the product in the 7 days up to an average day of the period.",
    "mean over the days d of P of (distinct users with an event in the 7 days ending on d)",
    "vitals catalogue (rolling 7-day window)",
    7,
);
/// `mau`.
pub static MAU: Rolling = rolling(
    "mau",
    "Monthly active users",
    "How many distinct users used the product in the 30 days up to an average day of the period.",
    "mean over the days d of P of (distinct users with an event in the 30 days ending on d)",
    "product-management seed (MAU); rolling 30-day window",
    30,
);

vitals_core::register_metric!(DAU);
vitals_core::register_metric!(WAU);
vitals_core::register_metric!(MAU);

/// Stickiness: DAU ÷ MAU.
pub struct Stickiness;

const STICKINESS: MetricSpec = MetricSpec {
    id: "stickiness",
    name: "Stickiness",
    family: FAMILY,
    description: "How often monthly users come back: the share of monthly active users active on an average day.",
    formula: "dau ÷ mau",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["events"],
    depends_on: &["dau", "mau"],
    params: &[],
    source: "product-management seed; its \"DAU ÷ total DAU\" is always 1, so the standard DAU ÷ MAU is used",
    maturity: None,
};

impl Metric for Stickiness {
    fn spec(&self) -> &MetricSpec {
        &STICKINESS
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.ratio_of("dau", "mau", "no monthly active users in the period")
    }
}

vitals_core::register_metric!(Stickiness);
