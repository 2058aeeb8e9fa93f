//! `on_time_delivery_rate`: releases planned in the period that shipped on or before their date.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Releases planned in the period that shipped on or before their date.
pub static ON_TIME_DELIVERY_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "on_time_delivery_rate",
        "On-time delivery rate",
        FAMILY,
        "Of the releases planned in the period, the share released on or before the planned date; one never released counts as late.",
        "releases with planned_at in P and released_at <= planned_at ÷ releases with planned_at in P (all due by the end of P)",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["releases"],
        "engineering-quality seed (on-time delivery per release)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "releases",
            "planned_at",
            "CASE WHEN t.released_at IS NOT NULL AND t.released_at <= t.planned_at THEN 1 ELSE 0 END",
            "1",
            "TRUE",
            "no releases planned in the period",
        )
    },
};

vitals_core::register_metric!(ON_TIME_DELIVERY_RATE);
