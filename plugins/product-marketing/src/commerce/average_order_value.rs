//! `average_order_value`: net revenue per order.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

const NET: &str = "t.gross_amount - t.discount - t.refunded";

/// Net revenue per order.
pub static AVERAGE_ORDER_VALUE: Simple = Simple {
    spec: MetricSpec::simple(
        "average_order_value",
        "Average order value",
        FAMILY,
        "Net revenue per order placed in the period.",
        "net revenue ÷ orders, ordered_at in P",
        Unit::Currency,
        Direction::HigherIsBetter,
        &["orders"],
        "vitals catalogue (input of the seed's CLV)",
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

vitals_core::register_metric!(AVERAGE_ORDER_VALUE);
