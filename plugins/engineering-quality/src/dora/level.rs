//! `dora_level`: 1 low, 2 medium, 3 high, 4 elite, from the four DORA metrics.
//!
//! Bands: the performance clusters of the DORA 2023 *Accelerate State of DevOps* report,
//! with the gaps between clusters closed so that every value has a level:
//!
//! | level | deployment frequency | lead time for changes | change failure rate | failed deployment recovery time |
//! |---|---|---|---|---|
//! | 4 elite | ≥ 1 a day (on demand) | < 1 day | ≤ 5 % | < 1 hour |
//! | 3 high | ≥ 1 a week | < 1 week | ≤ 10 % | < 1 day |
//! | 2 medium | ≥ 1 a month (1 per 31 days) | < 1 month (30 days) | ≤ 15 % | < 1 week |
//! | 1 low | less often | longer | higher | longer |
//!
//! "At least once a month" is one deployment per 31 days, the longest month, so that one
//! deployment in any calendar month is medium, in February as in March.
//!
//! The level is the lowest among the four metrics that are defined in the period: a team is
//! as fast as its weakest key. A metric that is undefined (a week with no resolved incident
//! has no recovery time) does not count; a period with no production deployment has a
//! deployment frequency of 0, so it is low. The level is null only when none of the four is
//! defined.

use crate::FAMILY;
use vitals_core::{Decimal, Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// The DORA level of each period.
pub struct DoraLevel;

const SPEC: MetricSpec = MetricSpec {
    id: "dora_level",
    name: "DORA level",
    family: FAMILY,
    description: "The team's DORA performance level, 1 low, 2 medium, 3 high, 4 elite: the lowest level among the DORA metrics defined in the period.",
    formula: "min over the four DORA metrics defined in P of its level by the DORA 2023 bands (null only when none is defined): deployment_frequency ≥ 1/day elite, ≥ 1/7 high, ≥ 1/31 medium (one a month, whatever its length); lead_time_for_changes < 1 day elite, < 7 days high, < 30 days medium; change_failure_rate ≤ 5 % elite, ≤ 10 % high, ≤ 15 % medium; failed_deployment_recovery_time < 1 hour elite, < 1 day high, < 7 days medium; else low",
    unit: Unit::Level,
    direction: Direction::HigherIsBetter,
    requires: &["deployments", "incidents"],
    depends_on: &[
        "deployment_frequency",
        "lead_time_for_changes",
        "change_failure_rate",
        "failed_deployment_recovery_time",
    ],
    params: &[],
    source: "DORA 2023 Accelerate State of DevOps report performance clusters (elite, high, medium, low), gaps between clusters closed; monthly band at 1 per 31 days so no month's length changes a level; the lowest among the defined metrics",
    maturity: None,
};

/// The level (1–4) of one DORA metric's value.
pub fn level_of(metric: &str, v: Decimal) -> u8 {
    let day = Decimal::from(86_400);
    let (higher_better, thresholds): (bool, [Decimal; 3]) = match metric {
        "deployment_frequency" => (
            true,
            [
                Decimal::ONE,
                Decimal::ONE / Decimal::from(7),
                Decimal::ONE / Decimal::from(31),
            ],
        ),
        "lead_time_for_changes" => (
            false,
            [day, day * Decimal::from(7), day * Decimal::from(30)],
        ),
        "change_failure_rate" => (
            false,
            [Decimal::new(5, 2), Decimal::new(10, 2), Decimal::new(15, 2)],
        ),
        _ => (false, [Decimal::from(3600), day, day * Decimal::from(7)]),
    };
    let strict = metric != "change_failure_rate";
    for (i, t) in thresholds.iter().enumerate() {
        let ok = if higher_better {
            v >= *t
        } else if strict {
            v < *t
        } else {
            v <= *t
        };
        if ok {
            return 4 - i as u8;
        }
    }
    1
}

impl Metric for DoraLevel {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let mut levels: Vec<Option<u8>> = vec![None; cx.periods().len()];
        for id in SPEC.depends_on {
            for (level, point) in levels.iter_mut().zip(&cx.metric(id)?.points) {
                if let Some(v) = point.value {
                    let l = level_of(id, v);
                    *level = Some(level.map_or(l, |m| m.min(l)));
                }
            }
        }
        Ok(Series::from_values(
            cx.periods(),
            levels.into_iter().map(|l| l.map(Decimal::from)),
            "none of the four DORA metrics is defined in the period",
        ))
    }
}

vitals_core::register_metric!(DoraLevel);

#[cfg(test)]
mod tests {
    use super::level_of;
    use vitals_core::Decimal;

    #[test]
    fn bands() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(level_of("deployment_frequency", d("2")), 4);
        assert_eq!(level_of("deployment_frequency", d("0.2")), 3);
        assert_eq!(level_of("deployment_frequency", d("0.05")), 2);
        assert_eq!(level_of("deployment_frequency", d("0.01")), 1);
        // One deployment a month is medium in a 31-day month and in February alike.
        let one_in = |days: i64| Decimal::ONE / Decimal::from(days);
        assert_eq!(level_of("deployment_frequency", one_in(31)), 2);
        assert_eq!(level_of("deployment_frequency", one_in(28)), 2);
        assert_eq!(level_of("deployment_frequency", one_in(32)), 1);
        assert_eq!(level_of("lead_time_for_changes", d("3600")), 4);
        assert_eq!(level_of("lead_time_for_changes", d("86400")), 3);
        assert_eq!(level_of("change_failure_rate", d("0.05")), 4);
        assert_eq!(level_of("change_failure_rate", d("0.5")), 1);
        assert_eq!(level_of("failed_deployment_recovery_time", d("7200")), 3);
        assert_eq!(level_of("failed_deployment_recovery_time", d("604800")), 1);
    }
}
