//! `resource_availability`: available ÷ scheduled hours.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Available ÷ scheduled hours.
pub static RESOURCE_AVAILABILITY: Simple = Simple {
    spec: MetricSpec::simple(
        "resource_availability",
        "Resource availability",
        FAMILY,
        "The share of scheduled hours people were available in the period.",
        "Σ available_hours ÷ Σ scheduled_hours, capacity rows with date in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["capacity"],
        "engineering-quality seed (resource availability)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "capacity",
            "date",
            "t.available_hours",
            "t.scheduled_hours",
            "TRUE",
            "no scheduled hours in the period",
        )
    },
};

vitals_core::register_metric!(RESOURCE_AVAILABILITY);
