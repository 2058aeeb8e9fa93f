//! `test_automation_rate`: automated runs ÷ executed runs.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// The share of executed test runs that were automated.
pub struct TestAutomationRate;

const SPEC: MetricSpec = MetricSpec {
    id: "test_automation_rate",
    name: "Test automation rate",
    family: FAMILY,
    description: "The share of the test runs executed in the period that were automated.",
    formula: "automated runs ÷ runs, test_runs with outcome passed or failed and executed_at in P",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["test_runs"],
    depends_on: &[],
    params: &[],
    source: "engineering-quality and product-management seeds (share of automated tests)",
    maturity: None,
};

impl Metric for TestAutomationRate {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.flow_ratio(
            "test_runs",
            "executed_at",
            "CASE WHEN t.automated THEN 1 ELSE 0 END",
            "1",
            super::filters::EXECUTED,
            "no test runs passed or failed in the period",
        )
    }
}

vitals_core::register_metric!(TestAutomationRate);
