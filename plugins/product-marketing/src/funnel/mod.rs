//! Funnel and conversion: visitors who buy, and carts that are abandoned.

use crate::{Simple, spec};
use vitals_core::{Decimal, Direction, Series, Unit};

/// Users with a purchase ÷ users with a page view.
pub static CONVERSION_RATE: Simple = Simple {
    spec: spec(
        "conversion_rate",
        "Conversion rate",
        "Of the users who viewed a page in the period, the share who also made a purchase in it.",
        "distinct users with a purchase event ÷ distinct users with a page_view event, events in P (roles mapped in [events])",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["events"],
        "product-marketing seed (conversion rate = conversions ÷ visitors: 50 ÷ 1,000 = 5 %)",
    ),
    evaluate: |cx| {
        let exprs = format!(
            "COUNT(DISTINCT CASE WHEN t.event = {p} THEN t.user_id END), \
             COUNT(DISTINCT CASE WHEN t.event = {v} THEN t.user_id END)",
            p = cx.event("purchase"),
            v = cx.event("page_view"),
        );
        let cols = cx.columns_per_period(&cx.flow("events", "occurred_at", &exprs, "TRUE"), 3)?;
        Ok(Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no users viewed a page in the period",
        ))
    },
};

/// 1 − sessions that bought ÷ sessions with a cart.
pub static CART_ABANDONMENT_RATE: Simple = Simple {
    spec: spec(
        "cart_abandonment_rate",
        "Cart abandonment rate",
        "The share of sessions that put something in the cart without buying.",
        "1 − sessions with add_to_cart and purchase ÷ sessions with add_to_cart, sessions starting in P",
        Unit::Percent,
        Direction::LowerIsBetter,
        &["events"],
        "product-marketing seed (cart abandonment rate)",
    ),
    evaluate: |cx| {
        let bought = cx.flow_ratio(
            "sessions",
            "started_at",
            "t.has_purchase",
            "1",
            "t.has_cart = 1",
            "no sessions with an add_to_cart in the period",
        )?;
        Ok(bought.map(|b| Decimal::ONE - b))
    },
};

vitals_core::register_metric!(CONVERSION_RATE);
vitals_core::register_metric!(CART_ABANDONMENT_RATE);
