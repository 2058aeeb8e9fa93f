//! `cycle_time`: median seconds from start to completion.

use crate::{FAMILY, Simple, durations, median_per_period};
use vitals_core::{Direction, MetricSpec, Unit};

/// Median seconds from start to completion.
pub static CYCLE_TIME: Simple = Simple {
    spec: MetricSpec::simple(
        "cycle_time",
        "Cycle time",
        FAMILY,
        "How long work items completed in the period took from start to finish, median.",
        "median seconds from started_at to completed_at, work items with completed_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["work_items"],
        "engineering-quality seed (cycle times)",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(cx, "work_items", "started_at", "completed_at", "TRUE"),
            "no work items completed in the period",
        )
    },
};

vitals_core::register_metric!(CYCLE_TIME);
