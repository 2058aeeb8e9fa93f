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
        // The users active in each period carry whether they bought and whether they viewed
        // a page in it (the shared view of period actives), so the events are not read again.
        let sql = "SELECT p.idx, SUM(a.purchased), SUM(a.viewed_page) \
                   FROM period_active_users a JOIN periods p ON a.bucket = p.start \
                   GROUP BY p.idx";
        let cols = cx.columns_per_period(sql, 3)?;
        Ok(Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no users viewed a page in the period",
        ))
    },
};

vitals_core::register_metric!(CONVERSION_RATE);
