//! `revenue_realization`: net_revenue ÷ gross_revenue.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// The share of gross revenue kept after discounts and refunds.
pub struct RevenueRealization;

const SPEC: MetricSpec = MetricSpec {
    id: "revenue_realization",
    name: "Revenue realization",
    family: FAMILY,
    description: "The share of what was charged that the company keeps after discounts and refunds.",
    formula: "net_revenue ÷ gross_revenue",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["orders"],
    depends_on: &["net_revenue", "gross_revenue"],
    params: &[],
    source: "product-management seed's \"net margin\" formula (net revenue ÷ gross revenue), kept under its real name: it is not a margin",
    maturity: None,
};

impl Metric for RevenueRealization {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.ratio_of(
            "net_revenue",
            "gross_revenue",
            "no gross revenue in the period",
        )
    }
}

vitals_core::register_metric!(RevenueRealization);
