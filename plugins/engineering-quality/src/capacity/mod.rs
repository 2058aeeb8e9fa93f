//! Capacity: how much of the scheduled time people are available, and how much of that is
//! allocated.

use crate::{Simple, spec};
use vitals_core::{Direction, Unit};

/// Available ÷ scheduled hours.
pub static RESOURCE_AVAILABILITY: Simple = Simple {
    spec: spec(
        "resource_availability",
        "Resource availability",
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

/// Allocated ÷ available hours.
pub static RESOURCE_UTILIZATION: Simple = Simple {
    spec: spec(
        "resource_utilization",
        "Resource utilization",
        "The share of available hours allocated to work in the period.",
        "Σ allocated_hours ÷ Σ available_hours, capacity rows with date in P (an empty allocated_hours counts 0)",
        Unit::Percent,
        Direction::Neutral,
        &["capacity"],
        "DESIGN.md §5 (capacity)",
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

vitals_core::register_metric!(RESOURCE_AVAILABILITY);
vitals_core::register_metric!(RESOURCE_UTILIZATION);
