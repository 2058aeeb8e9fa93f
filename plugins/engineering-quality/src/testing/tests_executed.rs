//! `tests_executed`: test runs that passed or failed in the period.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Tests executed (automated and manual), skipped and blocked runs excluded.
pub struct TestsExecuted;

const SPEC: MetricSpec = MetricSpec {
    id: "tests_executed",
    name: "Tests executed",
    family: FAMILY,
    description: "How many test runs, automated and manual, actually executed in the period.",
    formula: "count of test_runs with outcome passed or failed, executed_at in P",
    unit: Unit::Count,
    direction: Direction::Neutral,
    requires: &["test_runs"],
    depends_on: &[],
    params: &[],
    source: "engineering-quality seed's \"velocity KPI\" (tests run: automated + manual); skipped and blocked runs excluded",
    maturity: None,
};

impl Metric for TestsExecuted {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.series_or_zero(&cx.flow(
            "test_runs",
            "executed_at",
            "COUNT(*)",
            super::filters::EXECUTED,
        ))
    }
}

vitals_core::register_metric!(TestsExecuted);
