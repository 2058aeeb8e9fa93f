//! `first_response_time`: median time to first response.

use crate::{FAMILY, Simple, durations, median_per_period};
use vitals_core::{Direction, MetricSpec, Unit};

/// Median time to first response.
pub static FIRST_RESPONSE_TIME: Simple = Simple {
    spec: MetricSpec::simple(
        "first_response_time",
        "First response time",
        FAMILY,
        "How long tickets first answered in the period waited for that answer, median.",
        "median seconds from opened_at to first_response_at, tickets with first_response_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["tickets"],
        "vitals catalogue (support responsiveness)",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(cx, "tickets", "opened_at", "first_response_at", "TRUE"),
            "no tickets first answered in the period",
        )
    },
};

vitals_core::register_metric!(FIRST_RESPONSE_TIME);
