//! Testing: how much is tested, how much is automated, how much passes.

mod test_automation_rate;
mod test_pass_rate;
mod tests_executed;

pub use test_automation_rate::TestAutomationRate;
pub use test_pass_rate::TestPassRate;
pub use tests_executed::TestsExecuted;

/// Runs that executed: passed or failed (skipped and blocked runs did not run).
pub(crate) const EXECUTED: &str = "t.outcome IN ('passed', 'failed')";

use crate::{Simple, per_day, spec};
use vitals_core::{Direction, Unit};

/// Executed test runs per day.
pub static TEST_EXECUTION_VELOCITY: Simple = Simple {
    spec: spec(
        "test_execution_velocity",
        "Test execution velocity",
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

/// Failed ÷ executed runs.
pub static TEST_FAILURE_RATE: Simple = Simple {
    spec: spec(
        "test_failure_rate",
        "Test failure rate",
        "The share of executed test runs that failed.",
        "failed ÷ (passed + failed), test_runs with executed_at in P",
        Unit::Percent,
        Direction::LowerIsBetter,
        &["test_runs"],
        "engineering-quality seed's \"defect rate KPI\" (failed tests ÷ tests run)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "test_runs",
            "executed_at",
            "CASE WHEN t.outcome = 'failed' THEN 1 ELSE 0 END",
            "1",
            EXECUTED,
            "no test runs passed or failed in the period",
        )
    },
};

/// Tests that both passed and failed on one day ÷ distinct tests run.
pub static FLAKY_TEST_RATE: Simple = Simple {
    spec: spec(
        "flaky_test_rate",
        "Flaky test rate",
        "The share of the tests run in the period that both passed and failed on the same day.",
        "distinct tests with a passed and a failed run on one UTC day in P ÷ distinct tests with a passed or failed run in P",
        Unit::Percent,
        Direction::LowerIsBetter,
        &["test_runs"],
        "DESIGN.md §5 (flaky tests)",
    ),
    evaluate: |cx| {
        let sql = format!(
            "WITH daily AS ( \
               SELECT test_id, date_trunc('day', executed_at) AS day, \
                      MAX(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END) \
                    + MAX(CASE WHEN outcome = 'failed' THEN 1 ELSE 0 END) AS kinds \
               FROM test_runs WHERE outcome IN ('passed', 'failed') GROUP BY test_id, date_trunc('day', executed_at)), \
             per_test AS ( \
               SELECT {bucket} AS bucket, test_id, MAX(kinds) AS kinds FROM daily GROUP BY {bucket}, test_id) \
             SELECT p.idx, SUM(CASE WHEN t.kinds = 2 THEN 1 ELSE 0 END), COUNT(*) \
             FROM per_test t JOIN periods p ON t.bucket = p.start GROUP BY p.idx",
            bucket = cx.bucket("day"),
        );
        let cols = cx.columns_per_period(&sql, 3)?;
        Ok(vitals_core::Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no test runs passed or failed in the period",
        ))
    },
};

vitals_core::register_metric!(TEST_EXECUTION_VELOCITY);
vitals_core::register_metric!(TEST_FAILURE_RATE);
vitals_core::register_metric!(FLAKY_TEST_RATE);
