//! Satisfaction: survey-based scores (NPS, CSAT, CES).

mod ces;
mod csat;
mod nps;

pub use ces::Ces;
pub use csat::{Csat, CsatScore};
pub use nps::Nps;

use vitals_core::{EvalContext, Result, Series};

/// `Σ expr ÷ count` of the responses to `survey` in each period.
pub(crate) fn survey_ratio(
    cx: &EvalContext<'_>,
    survey: &str,
    expr: &str,
    note: &str,
) -> Result<Series> {
    let sql = cx.flow(
        "survey_responses",
        "responded_at",
        &format!("SUM({expr}), COUNT(*)"),
        &format!("t.survey = '{survey}'"),
    );
    let cols = cx.columns_per_period(&sql, 3)?;
    Ok(Series::ratio(cx.periods(), &cols[0], &cols[1], note))
}
