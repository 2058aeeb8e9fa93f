//! `test_pass_rate`: passed ÷ (passed + failed).

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// The share of executed test runs that passed.
pub struct TestPassRate;

const SPEC: MetricSpec = MetricSpec {
    id: "test_pass_rate",
    name: "Test pass rate",
    family: FAMILY,
    description: "The share of executed test runs that passed; skipped and blocked runs are left out.",
    formula: "passed ÷ (passed + failed), test_runs with executed_at in P",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["test_runs"],
    depends_on: &[],
    params: &[],
    source: "engineering-quality seed (failed tests, pass rate)",
    maturity: None,
};

impl Metric for TestPassRate {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.flow_ratio(
            "test_runs",
            "executed_at",
            "CASE WHEN t.outcome = 'passed' THEN 1 ELSE 0 END",
            "1",
            super::filters::EXECUTED,
            "no test runs passed or failed in the period",
        )
    }
}

vitals_core::register_metric!(TestPassRate);
