//! `net_revenue`: Σ (gross_amount − discount − refunded) of orders in the period.

use crate::{FAMILY, sql};
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Net revenue: gross revenue less discounts and refunds, orders placed in the period.
pub struct NetRevenue;

const SPEC: MetricSpec = MetricSpec {
    id: "net_revenue",
    name: "Net revenue",
    family: FAMILY,
    description: "What orders placed in the period brought in after discounts and refunds.",
    formula: "Σ (gross_amount − discount − refunded), orders with ordered_at in P",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["orders"],
    depends_on: &[],
    params: &[],
    source: "product-management seed (net revenue = gross revenue − discounts, returns: $50,000 − $10,000 = $40,000)",
    maturity: None,
};

impl Metric for NetRevenue {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let sum = format!("SUM({})", sql::NET_AMOUNT);
        cx.series_or_zero(&cx.flow("orders", "ordered_at", &sum, "TRUE"))
    }
}

vitals_core::register_metric!(NetRevenue);
