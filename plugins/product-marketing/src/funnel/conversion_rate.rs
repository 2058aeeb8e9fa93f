//! `conversion_rate`: users with a purchase ÷ users with a page view.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Series, Unit};

/// Users with a purchase ÷ users with a page view.
pub static CONVERSION_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "conversion_rate",
        "Conversion rate",
        FAMILY,
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

vitals_core::register_metric!(CONVERSION_RATE);
