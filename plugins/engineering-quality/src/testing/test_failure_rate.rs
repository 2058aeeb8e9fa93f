//! `test_failure_rate`: failed ÷ executed runs.

use super::filters::EXECUTED;
use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Failed ÷ executed runs.
pub static TEST_FAILURE_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "test_failure_rate",
        "Test failure rate",
        FAMILY,
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

vitals_core::register_metric!(TEST_FAILURE_RATE);
