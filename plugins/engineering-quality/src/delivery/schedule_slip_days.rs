//! `schedule_slip_days`: mean days late of releases shipped in the period.

use crate::{FAMILY, Simple};
use vitals_core::{Decimal, Direction, MetricSpec, Unit};

/// Mean days late of releases shipped in the period.
pub static SCHEDULE_SLIP_DAYS: Simple = Simple {
    spec: MetricSpec::simple(
        "schedule_slip_days",
        "Schedule slip",
        FAMILY,
        "How many days late releases shipped in the period were, on average (an early release counts 0).",
        "mean of max(0, released_at − planned_at) in days, releases with released_at in P",
        Unit::Days,
        Direction::LowerIsBetter,
        &["releases"],
        "vitals catalogue (delivery predictability)",
    ),
    evaluate: |cx| {
        let seconds = cx.flow_ratio(
            "releases",
            "released_at",
            "GREATEST(0, to_unixtime(t.released_at) - to_unixtime(t.planned_at))",
            "1",
            "TRUE",
            "no releases shipped in the period",
        )?;
        Ok(seconds.map(|s| s / Decimal::from(86_400)))
    },
};

vitals_core::register_metric!(SCHEDULE_SLIP_DAYS);
