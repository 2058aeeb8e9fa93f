//! `defect_resolution_time`: median time to fix.

use super::filters::NOT_REJECTED;
use crate::{FAMILY, Simple, durations, median_per_period};
use vitals_core::{Direction, MetricSpec, Unit};

/// Median time to fix.
pub static DEFECT_RESOLUTION_TIME: Simple = Simple {
    spec: MetricSpec::simple(
        "defect_resolution_time",
        "Defect resolution time",
        FAMILY,
        "How long a defect resolved in the period took to fix, median.",
        "median seconds from found_at to resolved_at, defects with resolved_at in P, rejected excluded",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["defects"],
        "engineering-quality seed (bug-fix speed)",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(cx, "defects", "found_at", "resolved_at", NOT_REJECTED),
            "no defects resolved in the period",
        )
    },
};

vitals_core::register_metric!(DEFECT_RESOLUTION_TIME);
