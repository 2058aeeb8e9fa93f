//! Open defects at the end of the period: `open_defects` and `critical_open_defects`.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, EvalContext, MetricSpec, Result, Series, Unit};

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
    spec: MetricSpec::simple(
        "open_defects",
        "Open defects",
        FAMILY,
        "Defects found and not yet resolved at the end of the period.",
        "count of defects with found_at <= end and (resolved_at null or > end), rejected never",
        Unit::Count,
        Direction::LowerIsBetter,
        &["defects"],
        "engineering-quality seed (active defects); snapshot at period end",
    ),
    evaluate: |cx| open_at_end(cx, "TRUE"),
};

vitals_core::register_metric!(OPEN_DEFECTS);

/// Critical defects open at the end of the period.
pub static CRITICAL_OPEN_DEFECTS: Simple = Simple {
    spec: MetricSpec::simple(
        "critical_open_defects",
        "Critical open defects",
        FAMILY,
        "Critical defects found and not yet resolved at the end of the period.",
        "open_defects with severity = critical",
        Unit::Count,
        Direction::LowerIsBetter,
        &["defects"],
        "engineering-quality seed (critical defects)",
    ),
    evaluate: |cx| open_at_end(cx, "d.severity = 'critical'"),
};

vitals_core::register_metric!(CRITICAL_OPEN_DEFECTS);
