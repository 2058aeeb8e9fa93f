//! `test_execution_velocity`: executed test runs per day.

use super::filters::EXECUTED;
use crate::{FAMILY, Simple, per_day};
use vitals_core::{Direction, MetricSpec, Unit};

/// Executed test runs per day.
pub static TEST_EXECUTION_VELOCITY: Simple = Simple {
    spec: MetricSpec::simple(
        "test_execution_velocity",
        "Test execution velocity",
        FAMILY,
        "How many test runs executed per day of the period.",
        "tests_executed ÷ days in P",
        Unit::PerDay,
        Direction::HigherIsBetter,
        &["test_runs"],
        "engineering-quality seed (tests run per day)",
    ),
    evaluate: |cx| {
        let counts =
            cx.per_period_or_zero(&cx.flow("test_runs", "executed_at", "COUNT(*)", EXECUTED))?;
        Ok(per_day(cx, counts))
    },
};

vitals_core::register_metric!(TEST_EXECUTION_VELOCITY);
