//! Commerce: order value, purchase frequency, returns and the marketing CLV.

use crate::{Simple, spec};
use vitals_core::{
    Decimal, Direction, EvalContext, Grain, Metric, MetricSpec, ParamSpec, Result, Series, Unit,
};

const NET: &str = "t.gross_amount - t.discount - t.refunded";

/// Returned units ÷ sold units.
pub static PRODUCT_RETURN_RATE: Simple = Simple {
    spec: spec(
        "product_return_rate",
        "Product return rate",
        "The share of the units sold in the period that came back.",
        "Σ returned_quantity ÷ Σ quantity, orders with ordered_at in P",
        Unit::Percent,
        Direction::LowerIsBetter,
        &["orders"],
        "product-marketing seed (product return rate)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "orders",
            "ordered_at",
            "t.returned_quantity",
            "t.quantity",
            "TRUE",
            "no units sold in the period",
        )
    },
};

/// Net revenue per order.
pub static AVERAGE_ORDER_VALUE: Simple = Simple {
    spec: spec(
        "average_order_value",
        "Average order value",
        "Net revenue per order placed in the period.",
        "net revenue ÷ orders, ordered_at in P",
        Unit::Currency,
        Direction::HigherIsBetter,
        &["orders"],
        "DESIGN.md §5 (input of the seed's CLV)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "orders",
            "ordered_at",
            NET,
            "1",
            "TRUE",
            "no orders in the period",
        )
    },
};

/// Orders per ordering customer.
pub static PURCHASE_FREQUENCY: Simple = Simple {
    spec: spec(
        "purchase_frequency",
        "Purchase frequency",
        "How many orders an ordering customer placed in the period.",
        "orders ÷ distinct ordering customers, ordered_at in P",
        Unit::Ratio,
        Direction::HigherIsBetter,
        &["orders"],
        "DESIGN.md §5 (input of the seed's CLV)",
    ),
    evaluate: |cx| {
        let cols = cx.columns_per_period(
            &cx.flow(
                "orders",
                "ordered_at",
                "COUNT(*), COUNT(DISTINCT t.customer_id)",
                "TRUE",
            ),
            3,
        )?;
        Ok(Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no orders in the period",
        ))
    },
};

/// The marketing CLV: order value × purchases a year × lifespan.
pub struct ClvPurchase;

const LIFESPAN: ParamSpec = ParamSpec {
    name: "customer_lifespan_years",
    default: "3",
    doc: "how many years a customer keeps buying, for clv_purchase",
};

const CLV_PURCHASE: MetricSpec = MetricSpec {
    id: "clv_purchase",
    name: "Customer lifetime value (purchases)",
    family: crate::FAMILY,
    description: "What a customer spends over their lifetime at the period's order value and purchase frequency.",
    formula: "average_order_value × purchase_frequency × periods per year (12 for months, 4 for quarters, 1 for years, 365.25 ÷ days otherwise) × customer_lifespan_years",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["orders"],
    depends_on: &["average_order_value", "purchase_frequency"],
    params: &[LIFESPAN],
    source: "product-marketing seed's CLV (average purchase value × purchases per year × lifespan); the subscription CLV is product-management's clv",
};

impl Metric for ClvPurchase {
    fn spec(&self) -> &MetricSpec {
        &CLV_PURCHASE
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let years = cx.params().decimal(LIFESPAN.name)?;
        let mut out = cx
            .metric("average_order_value")?
            .zip_with(cx.metric("purchase_frequency")?, |aov, f| Ok(aov * f));
        for (point, period) in out.points.iter_mut().zip(cx.periods()) {
            let per_year = match cx.grain() {
                Grain::Month => Decimal::from(12),
                Grain::Quarter => Decimal::from(4),
                Grain::Year => Decimal::ONE,
                Grain::Day | Grain::Week => Decimal::new(36525, 2) / Decimal::from(period.days()),
            };
            point.value = point
                .value
                .and_then(|v| v.checked_mul(per_year)?.checked_mul(years))
                .map(|v| v.normalize());
        }
        Ok(out)
    }
}

vitals_core::register_metric!(PRODUCT_RETURN_RATE);
vitals_core::register_metric!(AVERAGE_ORDER_VALUE);
vitals_core::register_metric!(PURCHASE_FREQUENCY);
vitals_core::register_metric!(ClvPurchase);
