//! `product_return_rate`: returned units ÷ sold units.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Returned units ÷ sold units.
pub static PRODUCT_RETURN_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "product_return_rate",
        "Product return rate",
        FAMILY,
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

vitals_core::register_metric!(PRODUCT_RETURN_RATE);
