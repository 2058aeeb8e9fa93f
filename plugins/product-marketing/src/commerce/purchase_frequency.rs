//! `purchase_frequency`: orders per ordering customer.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Series, Unit};

/// Orders per ordering customer.
pub static PURCHASE_FREQUENCY: Simple = Simple {
    spec: MetricSpec::simple(
        "purchase_frequency",
        "Purchase frequency",
        FAMILY,
        "How many orders an ordering customer placed in the period.",
        "orders ÷ distinct ordering customers, ordered_at in P",
        Unit::Ratio,
        Direction::HigherIsBetter,
        &["orders"],
        "vitals catalogue (input of the seed's CLV)",
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

vitals_core::register_metric!(PURCHASE_FREQUENCY);
