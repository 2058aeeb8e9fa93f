//! `failed_deployment_recovery_time`: median recovery time from deployment-caused incidents.

use crate::{FAMILY, Simple, durations, median_per_period};
use vitals_core::{Direction, MetricSpec, Unit};

/// Median recovery time from deployment-caused incidents.
pub static FAILED_DEPLOYMENT_RECOVERY_TIME: Simple = Simple {
    spec: MetricSpec::simple(
        "failed_deployment_recovery_time",
        "Failed deployment recovery time",
        FAMILY,
        "How long it took to recover from incidents caused by a deployment, median, incidents resolved in the period.",
        "median seconds from started_at to resolved_at, incidents with a deployment_id and resolved_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["incidents"],
        "DORA (failed deployment recovery time, the 2023 successor of MTTR)",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(
                cx,
                "incidents",
                "started_at",
                "resolved_at",
                "t.deployment_id IS NOT NULL",
            ),
            "no deployment incidents resolved in the period",
        )
    },
};

vitals_core::register_metric!(FAILED_DEPLOYMENT_RECOVERY_TIME);
