//! `revenue_from_new_products`: the share of net revenue from recently launched products.

use crate::{FAMILY, sql};
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, ParamSpec, Result, Series, Unit};

/// The share of net revenue from products launched within the window before each order.
pub struct RevenueFromNewProducts;

const WINDOW: ParamSpec = ParamSpec {
    name: "new_product_window_months",
    default: "12",
    kind: vitals_core::ParamKind::PositiveInt,
    doc: "a product is new for this many months after its launch",
};

const SPEC: MetricSpec = MetricSpec {
    id: "revenue_from_new_products",
    name: "Revenue from new products",
    family: FAMILY,
    description: "The share of net revenue that comes from products launched recently.",
    formula: "Σ net amount of orders in P whose product launched at most new_product_window_months before the order ÷ net_revenue",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["orders", "products"],
    depends_on: &[],
    params: &[WINDOW],
    source: "product-management seed; its formula divided total revenue by new-product revenue, inverted here to new ÷ total",
    maturity: None,
};

impl Metric for RevenueFromNewProducts {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let months = cx.params().int(WINDOW.name)?;
        let sql = format!(
            "SELECT p.idx, \
                    SUM(CASE WHEN pr.launched_at <= t.ordered_at \
                              AND pr.launched_at >= t.ordered_at - INTERVAL '{months} months' \
                             THEN {net} ELSE 0 END), \
                    SUM({net}) \
             FROM orders t LEFT JOIN products pr ON pr.product_id = t.product_id \
             JOIN periods p ON {bucket} = p.start GROUP BY p.idx",
            net = sql::NET_AMOUNT,
            bucket = cx.bucket("t.ordered_at"),
        );
        let cols = cx.columns_per_period(&sql, 3)?;
        Ok(Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no net revenue in the period",
        ))
    }
}

vitals_core::register_metric!(RevenueFromNewProducts);
