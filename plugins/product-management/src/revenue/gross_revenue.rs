//! `gross_revenue`: Σ gross_amount of orders in the period.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Gross revenue: the sum of `gross_amount` of orders placed in the period.
pub struct GrossRevenue;

const SPEC: MetricSpec = MetricSpec {
    id: "gross_revenue",
    name: "Gross revenue",
    family: FAMILY,
    description: "Everything customers were charged for orders placed in the period, before discounts and refunds.",
    formula: "Σ orders.gross_amount, orders with ordered_at in P",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["orders"],
    depends_on: &[],
    params: &[],
    source: "product-management seed (gross revenue = units sold × price: 1,000 units × $50 = $50,000)",
    maturity: None,
};

impl Metric for GrossRevenue {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.series_or_zero(&cx.flow("orders", "ordered_at", "SUM(t.gross_amount)", "TRUE"))
    }
}

vitals_core::register_metric!(GrossRevenue);
