//! `escaped_defects`: defects customers found.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Defects customers found.
pub static ESCAPED_DEFECTS: Simple = Simple {
    spec: MetricSpec::simple(
        "escaped_defects",
        "Escaped defects",
        FAMILY,
        "Defects found by customers in the period: the ones testing missed.",
        "count of defects with found_by = customer and found_at in P, status ≠ rejected",
        Unit::Count,
        Direction::LowerIsBetter,
        &["defects"],
        "engineering-quality seed (defects found by customers)",
    ),
    evaluate: |cx| {
        cx.series_or_zero(&cx.flow(
            "defects",
            "found_at",
            "COUNT(*)",
            "t.status <> 'rejected' AND t.found_by = 'customer'",
        ))
    },
};

vitals_core::register_metric!(ESCAPED_DEFECTS);
