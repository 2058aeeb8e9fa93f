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
    cx.flow_ratio(
        "survey_responses",
        "responded_at",
        expr,
        "1",
        &format!("t.survey = '{survey}'"),
        note,
    )
}
