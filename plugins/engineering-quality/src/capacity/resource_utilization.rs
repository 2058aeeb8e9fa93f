//! `resource_utilization`: allocated ÷ available hours.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Allocated ÷ available hours.
pub static RESOURCE_UTILIZATION: Simple = Simple {
    spec: MetricSpec::simple(
        "resource_utilization",
        "Resource utilization",
        FAMILY,
        "The share of available hours allocated to work in the period.",
        "Σ allocated_hours ÷ Σ available_hours, capacity rows with date in P (an empty allocated_hours counts 0)",
        Unit::Percent,
        Direction::Neutral,
        &["capacity"],
        "vitals catalogue (capacity)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "capacity",
            "date",
            "COALESCE(t.allocated_hours, 0)",
            "t.available_hours",
            "TRUE",
            "no available hours in the period",
        )
    },
};

vitals_core::register_metric!(RESOURCE_UTILIZATION);
