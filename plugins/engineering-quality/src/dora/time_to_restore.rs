//! `time_to_restore`: median recovery time from any incident.

use crate::{FAMILY, Simple, durations, median_per_period};
use vitals_core::{Direction, MetricSpec, Unit};

/// Median recovery time from any incident.
pub static TIME_TO_RESTORE: Simple = Simple {
    spec: MetricSpec::simple(
        "time_to_restore",
        "Time to restore",
        FAMILY,
        "How long it took to restore service after incidents resolved in the period, median.",
        "median seconds from started_at to resolved_at, incidents with resolved_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["incidents"],
        "engineering-quality seed (service availability and uptime); DORA's time to restore service",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(cx, "incidents", "started_at", "resolved_at", "TRUE"),
            "no incidents resolved in the period",
        )
    },
};

vitals_core::register_metric!(TIME_TO_RESTORE);
