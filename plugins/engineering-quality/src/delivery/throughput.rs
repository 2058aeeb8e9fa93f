//! `throughput`: work items completed in the period.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Work items completed in the period.
pub static THROUGHPUT: Simple = Simple {
    spec: MetricSpec::simple(
        "throughput",
        "Throughput",
        FAMILY,
        "Work items completed in the period.",
        "count of work items with completed_at in P",
        Unit::Count,
        Direction::HigherIsBetter,
        &["work_items"],
        "vitals catalogue (flow)",
    ),
    evaluate: |cx| cx.series_or_zero(&cx.flow("work_items", "completed_at", "COUNT(*)", "TRUE")),
};

vitals_core::register_metric!(THROUGHPUT);
