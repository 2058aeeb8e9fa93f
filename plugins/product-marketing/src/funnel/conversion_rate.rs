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
        // Each user's purchase and page-view flags per period first, then the users with
        // each flag counted: a grouping by (period, user) that runs in parallel, where two
        // distinct counts of different expressions would keep one set per period.
        let sql = format!(
            "SELECT idx, SUM(purchased), SUM(viewed) FROM ( \
               SELECT p.idx, arrow_cast(t.user_id, 'Utf8') AS user_id, \
                      MAX(CASE WHEN t.event = {p} THEN 1 ELSE 0 END) AS purchased, \
                      MAX(CASE WHEN t.event = {v} THEN 1 ELSE 0 END) AS viewed \
               FROM events t JOIN periods p ON {bucket} = p.start \
               WHERE t.event IN ({p}, {v}) GROUP BY p.idx, arrow_cast(t.user_id, 'Utf8')) \
             GROUP BY idx",
            p = cx.event("purchase"),
            v = cx.event("page_view"),
            bucket = cx.bucket("t.occurred_at"),
        );
        let cols = cx.columns_per_period(&sql, 3)?;
        Ok(Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no users viewed a page in the period",
        ))
    },
};

vitals_core::register_metric!(CONVERSION_RATE);
