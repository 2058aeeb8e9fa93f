//! `cogs`: cost of goods sold, from orders and cogs expenses.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Cost of goods sold: the cost of the orders placed in the period plus cogs expenses.
pub struct Cogs;

const SPEC: MetricSpec = MetricSpec {
    id: "cogs",
    name: "Cost of goods sold",
    family: FAMILY,
    description: "What the goods and services sold in the period cost to deliver.",
    formula: "Σ orders.cost (ordered_at in P) + Σ expenses.amount (category = cogs, incurred_at in P)",
    unit: Unit::Currency,
    direction: Direction::LowerIsBetter,
    requires: &["orders", "expenses"],
    depends_on: &[],
    params: &[],
    source: "product-management seed (gross margin needs COGS)",
    maturity: None,
};

impl Metric for Cogs {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let orders =
            cx.per_period_or_zero(&cx.flow("orders", "ordered_at", "SUM(t.cost)", "TRUE"))?;
        let expenses = cx.per_period_or_zero(&cx.flow(
            "expenses",
            "incurred_at",
            "SUM(t.amount)",
            "t.category = 'cogs'",
        ))?;
        let total = orders.iter().zip(&expenses).map(|(o, e)| Some(o + e));
        Ok(Series::from_values(cx.periods(), total, ""))
    }
}

vitals_core::register_metric!(Cogs);
