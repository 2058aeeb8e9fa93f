//! `ticket_resolution_time`: median time to resolve.

use crate::{FAMILY, Simple, durations, median_per_period};
use vitals_core::{Direction, MetricSpec, Unit};

/// Median time to resolve.
pub static TICKET_RESOLUTION_TIME: Simple = Simple {
    spec: MetricSpec::simple(
        "ticket_resolution_time",
        "Ticket resolution time",
        FAMILY,
        "How long tickets resolved in the period took, median.",
        "median seconds from opened_at to resolved_at, tickets with resolved_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["tickets"],
        "vitals catalogue (support resolution)",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(cx, "tickets", "opened_at", "resolved_at", "TRUE"),
            "no tickets resolved in the period",
        )
    },
};

vitals_core::register_metric!(TICKET_RESOLUTION_TIME);
