//! Defects: how many are found, by whom, and how fast they are fixed. Rejected defects never
//! count.

mod defect_detection_effectiveness;

pub use defect_detection_effectiveness::DefectDetectionEffectiveness;

use crate::{Simple, durations, median_per_period, spec};
use vitals_core::{Direction, EvalContext, Result, Series, Unit};

const NOT_REJECTED: &str = "t.status <> 'rejected'";

/// Defects found in the period, rejected excluded.
pub static DEFECTS_FOUND: Simple = Simple {
    spec: spec(
        "defects_found",
        "Defects found",
        "Defects found in the period, by the team or by customers; rejected reports are not defects.",
        "count of defects with found_at in P, status ≠ rejected",
        Unit::Count,
        Direction::Neutral,
        &["defects"],
        "engineering-quality seed (active and rejected defects)",
    ),
    evaluate: |cx| cx.series_or_zero(&cx.flow("defects", "found_at", "COUNT(*)", NOT_REJECTED)),
};

/// Defects customers found.
pub static ESCAPED_DEFECTS: Simple = Simple {
    spec: spec(
        "escaped_defects",
        "Escaped defects",
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

/// Defects open at the end snapshot matching `filter`.
fn open_at_end(cx: &EvalContext<'_>, filter: &str) -> Result<Series> {
    cx.series_or_zero(&format!(
        "SELECT p.idx, COUNT(*) FROM periods p JOIN defects d \
         ON d.found_at <= p.\"end\" AND (d.resolved_at IS NULL OR d.resolved_at > p.\"end\") \
         WHERE d.status <> 'rejected' AND ({filter}) GROUP BY p.idx"
    ))
}

/// Defects open at the end of the period.
pub static OPEN_DEFECTS: Simple = Simple {
    spec: spec(
        "open_defects",
        "Open defects",
        "Defects found and not yet resolved at the end of the period.",
        "count of defects with found_at <= end and (resolved_at null or > end), rejected never",
        Unit::Count,
        Direction::LowerIsBetter,
        &["defects"],
        "engineering-quality seed (active defects); snapshot at period end per DESIGN.md §3",
    ),
    evaluate: |cx| open_at_end(cx, "TRUE"),
};

/// Critical defects open at the end of the period.
pub static CRITICAL_OPEN_DEFECTS: Simple = Simple {
    spec: spec(
        "critical_open_defects",
        "Critical open defects",
        "Critical defects found and not yet resolved at the end of the period.",
        "open_defects with severity = critical",
        Unit::Count,
        Direction::LowerIsBetter,
        &["defects"],
        "engineering-quality seed (critical defects)",
    ),
    evaluate: |cx| open_at_end(cx, "d.severity = 'critical'"),
};

/// Median time to fix.
pub static DEFECT_RESOLUTION_TIME: Simple = Simple {
    spec: spec(
        "defect_resolution_time",
        "Defect resolution time",
        "How long a defect resolved in the period took to fix, median.",
        "median seconds from found_at to resolved_at, defects with resolved_at in P, rejected excluded",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["defects"],
        "engineering-quality seed (bug-fix speed)",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(cx, "defects", "found_at", "resolved_at", NOT_REJECTED),
            "no defects resolved in the period",
        )
    },
};

vitals_core::register_metric!(DEFECTS_FOUND);
vitals_core::register_metric!(ESCAPED_DEFECTS);
vitals_core::register_metric!(OPEN_DEFECTS);
vitals_core::register_metric!(CRITICAL_OPEN_DEFECTS);
vitals_core::register_metric!(DEFECT_RESOLUTION_TIME);
