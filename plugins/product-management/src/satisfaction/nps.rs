//! `nps`: 100 × (share of promoters 9–10 − share of detractors 0–6).

use crate::FAMILY;
use vitals_core::{Decimal, Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Net promoter score of the NPS responses of each period, on its −100…100 scale.
pub struct Nps;

const SPEC: MetricSpec = MetricSpec {
    id: "nps",
    name: "Net promoter score",
    family: FAMILY,
    description: "How many respondents would recommend the product (9–10) less how many would not (0–6), per hundred.",
    formula: "100 × (responses scoring 9–10 − responses scoring 0–6) ÷ responses, survey = nps, responded_at in P",
    unit: Unit::Score,
    direction: Direction::HigherIsBetter,
    requires: &["survey_responses"],
    depends_on: &[],
    params: &[],
    source: "product-management and product-marketing seeds; one seed counted 7–10 as promoters, which is wrong: promoters are 9–10 (Bain & Company's definition)",
    maturity: None,
};

impl Metric for Nps {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let sql = cx.flow(
            "survey_responses",
            "responded_at",
            "SUM(CASE WHEN t.score >= 9 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN t.score <= 6 THEN 1 ELSE 0 END), COUNT(*)",
            "t.survey = 'nps'",
        );
        let cols = cx.columns_per_period(&sql, 4)?;
        let (promoters, detractors, responses) = (&cols[0], &cols[1], &cols[2]);
        let net: Vec<Decimal> = promoters
            .iter()
            .zip(detractors)
            .map(|(p, d)| Decimal::ONE_HUNDRED * (p - d))
            .collect();
        Ok(Series::ratio(
            cx.periods(),
            &net,
            responses,
            "no NPS responses in the period",
        ))
    }
}

vitals_core::register_metric!(Nps);
