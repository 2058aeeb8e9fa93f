//! `csat` (share of satisfied responses) and `csat_score` (mean score).

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

const NO_RESPONSES: &str = "no CSAT responses in the period";

/// Customer satisfaction: the share of CSAT responses scoring 4 or 5.
pub struct Csat;

const CSAT: MetricSpec = MetricSpec {
    id: "csat",
    name: "Customer satisfaction",
    family: FAMILY,
    description: "The share of CSAT survey responses that were satisfied (4 or 5 of 5).",
    formula: "responses scoring 4–5 ÷ responses, survey = csat, responded_at in P",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["survey_responses"],
    depends_on: &[],
    params: &[],
    source: "product-management and product-marketing seeds (CSAT = satisfied responses ÷ responses)",
    maturity: None,
};

impl Metric for Csat {
    fn spec(&self) -> &MetricSpec {
        &CSAT
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        super::survey_ratio(
            cx,
            "csat",
            "CASE WHEN t.score >= 4 THEN 1 ELSE 0 END",
            NO_RESPONSES,
        )
    }
}

vitals_core::register_metric!(Csat);

/// The mean CSAT score on its 1–5 scale.
pub struct CsatScore;

const CSAT_SCORE: MetricSpec = MetricSpec {
    id: "csat_score",
    name: "CSAT score",
    family: FAMILY,
    description: "The mean CSAT survey score, 1 to 5.",
    formula: "mean score of responses with survey = csat, responded_at in P",
    unit: Unit::Score,
    direction: Direction::HigherIsBetter,
    requires: &["survey_responses"],
    depends_on: &[],
    params: &[],
    source: "product-management seed (CSAT as an average rating)",
    maturity: None,
};

impl Metric for CsatScore {
    fn spec(&self) -> &MetricSpec {
        &CSAT_SCORE
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        super::survey_ratio(cx, "csat", "t.score", NO_RESPONSES)
    }
}

vitals_core::register_metric!(CsatScore);
