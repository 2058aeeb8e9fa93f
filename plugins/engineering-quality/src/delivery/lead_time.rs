//! `lead_time`: median seconds from creation to completion.

use crate::{FAMILY, Simple, durations, median_per_period};
use vitals_core::{Direction, MetricSpec, Unit};

/// Median seconds from creation to completion.
pub static LEAD_TIME: Simple = Simple {
    spec: MetricSpec::simple(
        "lead_time",
        "Lead time",
        FAMILY,
        "How long work items completed in the period took from creation to finish, median.",
        "median seconds from created_at to completed_at, work items with completed_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["work_items"],
        "vitals catalogue (flow)",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(cx, "work_items", "created_at", "completed_at", "TRUE"),
            "no work items completed in the period",
        )
    },
};

vitals_core::register_metric!(LEAD_TIME);
