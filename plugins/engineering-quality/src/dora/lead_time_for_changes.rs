//! `lead_time_for_changes`: median commit-to-production time.

use super::filters::PRODUCTION;
use crate::{FAMILY, Simple, durations, median_per_period};
use vitals_core::{Direction, MetricSpec, Unit};

/// Median commit-to-production time.
pub static LEAD_TIME_FOR_CHANGES: Simple = Simple {
    spec: MetricSpec::simple(
        "lead_time_for_changes",
        "Lead time for changes",
        FAMILY,
        "How long a change takes from its first commit to running in production, median.",
        "median seconds from first_commit_at to deployed_at, successful production deployments with deployed_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["deployments"],
        "DORA (lead time for changes)",
    ),
    evaluate: |cx| {
        let filter = format!("t.succeeded AND {PRODUCTION}");
        median_per_period(
            cx,
            &durations(cx, "deployments", "first_commit_at", "deployed_at", &filter),
            "no successful production deployments with a first commit in the period",
        )
    },
};

vitals_core::register_metric!(LEAD_TIME_FOR_CHANGES);
