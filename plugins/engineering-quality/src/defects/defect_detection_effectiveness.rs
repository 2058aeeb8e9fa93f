//! `defect_detection_effectiveness`: the share of defects the team found before customers.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// The share of the defects found in the period that the team found (not customers).
pub struct DefectDetectionEffectiveness;

const SPEC: MetricSpec = MetricSpec {
    id: "defect_detection_effectiveness",
    name: "Defect detection effectiveness",
    family: FAMILY,
    description: "Of the defects found in the period, the share found by the team rather than by customers.",
    formula: "found by team ÷ (found by team + found by customer), defects with found_at in P, rejected excluded",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["defects"],
    depends_on: &[],
    params: &[],
    source: "engineering-quality and product-management seeds (defect detection effectiveness)",
    maturity: None,
};

impl Metric for DefectDetectionEffectiveness {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.flow_ratio(
            "defects",
            "found_at",
            "CASE WHEN t.found_by = 'team' THEN 1 ELSE 0 END",
            "1",
            "t.status <> 'rejected'",
            "no defects found in the period",
        )
    }
}

vitals_core::register_metric!(DefectDetectionEffectiveness);
