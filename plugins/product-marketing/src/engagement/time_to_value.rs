//! `time_to_value`: median seconds from signup to first activation.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Series, Unit, median};

/// Median seconds from signup to first activation.
pub static TIME_TO_VALUE: Simple = Simple {
    spec: MetricSpec::simple(
        "time_to_value",
        "Time to value",
        FAMILY,
        "How long new users take from signing up to their first activation.",
        "median over users whose first signup is in P and who activated of seconds from that signup to their first activation at or after it",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["events"],
        "product-marketing seed (time to value)",
    ),
    evaluate: |cx| {
        let sql = format!(
            "WITH signup AS ( \
               SELECT user_id, MIN(occurred_at) AS at FROM events WHERE event = {signup} GROUP BY user_id), \
             activated AS ( \
               SELECT s.user_id, s.at AS signed_up, MIN(e.occurred_at) AS at FROM signup s \
               JOIN events e ON e.user_id = s.user_id AND e.event = {activation} AND e.occurred_at >= s.at \
               GROUP BY s.user_id, s.at) \
             SELECT p.idx, to_unixtime(a.at) - to_unixtime(a.signed_up) \
             FROM activated a JOIN periods p ON {bucket} = p.start",
            signup = cx.event("signup"),
            activation = cx.event("activation"),
            bucket = cx.bucket("a.signed_up"),
        );
        let medians = cx.values_per_period(&sql)?.into_iter().map(median);
        Ok(Series::from_values(
            cx.periods(),
            medians,
            "no user who signed up in the period has activated",
        ))
    },
};

vitals_core::register_metric!(TIME_TO_VALUE);
