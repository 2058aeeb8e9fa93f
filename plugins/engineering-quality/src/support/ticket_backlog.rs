//! `ticket_backlog`: tickets open at the end of the period.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Tickets open at the end of the period.
pub static TICKET_BACKLOG: Simple = Simple {
    spec: MetricSpec::simple(
        "ticket_backlog",
        "Ticket backlog",
        FAMILY,
        "Tickets opened and not resolved at the end of the period.",
        "count of tickets with opened_at <= end and (resolved_at null or > end)",
        Unit::Count,
        Direction::LowerIsBetter,
        &["tickets"],
        "vitals catalogue (snapshot at period end)",
    ),
    evaluate: |cx| {
        cx.series_or_zero(
            "SELECT p.idx, COUNT(*) FROM periods p JOIN tickets k \
             ON k.opened_at <= p.\"end\" AND (k.resolved_at IS NULL OR k.resolved_at > p.\"end\") GROUP BY p.idx",
        )
    },
};

vitals_core::register_metric!(TICKET_BACKLOG);
