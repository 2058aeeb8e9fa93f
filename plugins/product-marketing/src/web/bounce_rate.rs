//! `bounce_rate`: sessions with one event.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Sessions with one event.
pub static BOUNCE_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "bounce_rate",
        "Bounce rate",
        FAMILY,
        "The share of visits that ended after a single event.",
        "sessions with exactly one event ÷ sessions, sessions starting in P",
        Unit::Percent,
        Direction::LowerIsBetter,
        &["events"],
        "product-marketing seed (bounce rate)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "sessions",
            "started_at",
            "CASE WHEN t.events = 1 THEN 1 ELSE 0 END",
            "1",
            "TRUE",
            "no sessions started in the period",
        )
    },
};

vitals_core::register_metric!(BOUNCE_RATE);
