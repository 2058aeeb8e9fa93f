//! `ces`: customer effort score.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Customer effort score: the mean CES response; lower is better.
pub struct Ces;

const SPEC: MetricSpec = MetricSpec {
    id: "ces",
    name: "Customer effort score",
    family: FAMILY,
    description: "How much effort customers say it took to get what they needed (mean of 1–5 or 1–7 answers); lower is better.",
    formula: "mean score of responses with survey = ces, responded_at in P",
    unit: Unit::Score,
    direction: Direction::LowerIsBetter,
    requires: &["survey_responses"],
    depends_on: &[],
    params: &[],
    source: "product-management seed (CES asks \"how much effort did it take\": a high score is bad)",
    maturity: None,
};

impl Metric for Ces {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        super::survey_ratio(cx, "ces", "t.score", "no CES responses in the period")
    }
}

vitals_core::register_metric!(Ces);
