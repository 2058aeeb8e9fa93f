//! `defects_found`: defects found in the period, rejected excluded.

use super::filters::NOT_REJECTED;
use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Defects found in the period, rejected excluded.
pub static DEFECTS_FOUND: Simple = Simple {
    spec: MetricSpec::simple(
        "defects_found",
        "Defects found",
        FAMILY,
        "Defects found in the period, by the team or by customers; rejected reports are not defects.",
        "count of defects with found_at in P, status ≠ rejected",
        Unit::Count,
        Direction::Neutral,
        &["defects"],
        "engineering-quality seed (active and rejected defects)",
    ),
    evaluate: |cx| cx.series_or_zero(&cx.flow("defects", "found_at", "COUNT(*)", NOT_REJECTED)),
};

vitals_core::register_metric!(DEFECTS_FOUND);
