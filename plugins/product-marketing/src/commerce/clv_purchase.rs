//! `clv_purchase`: the marketing CLV: order value × purchases a year × lifespan.

use vitals_core::{
    Decimal, Direction, EvalContext, Grain, Metric, MetricSpec, ParamSpec, Result, Series, Unit,
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
    maturity: None,
};

const LIFESPAN: ParamSpec = ParamSpec {
    name: "customer_lifespan_years",
    default: "3",
    kind: vitals_core::ParamKind::PositiveDecimal,
    doc: "how many years a customer keeps buying, for clv_purchase",
};

/// The marketing CLV: order value × purchases a year × lifespan.
pub struct ClvPurchase;

impl Metric for ClvPurchase {
    fn spec(&self) -> &MetricSpec {
        &CLV_PURCHASE
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let years = cx.params().decimal(LIFESPAN.name)?;
        let mut out = cx
            .metric("average_order_value")?
            .zip_with(cx.metric("purchase_frequency")?, vitals_core::product);
        for (point, period) in out.points.iter_mut().zip(cx.periods()) {
            let per_year = match cx.grain() {
                Grain::Month => Decimal::from(12),
                Grain::Quarter => Decimal::from(4),
                Grain::Year => Decimal::ONE,
                Grain::Day | Grain::Week => Decimal::new(36525, 2) / Decimal::from(period.days()),
            };
            if let Some(v) = point.value {
                match vitals_core::product(v, per_year).and_then(|v| vitals_core::product(v, years))
                {
                    Ok(v) => point.value = Some(v.normalize()),
                    Err(note) => {
                        point.value = None;
                        point.note = Some(note);
                    }
                }
            }
        }
        Ok(out)
    }
}

vitals_core::register_metric!(ClvPurchase);
