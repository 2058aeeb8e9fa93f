//! `cart_abandonment_rate`: 1 − sessions that bought ÷ sessions with a cart.

use crate::{FAMILY, Simple};
use vitals_core::{Decimal, Direction, MetricSpec, Unit};

/// 1 − sessions that bought ÷ sessions with a cart.
pub static CART_ABANDONMENT_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "cart_abandonment_rate",
        "Cart abandonment rate",
        FAMILY,
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

vitals_core::register_metric!(CART_ABANDONMENT_RATE);
