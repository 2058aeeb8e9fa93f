//! Support: tickets, escalations and response times.

mod escalation_rate;

pub use escalation_rate::EscalationRate;

use crate::{Simple, durations, median_per_period, spec};
use vitals_core::{Direction, Unit};

/// Tickets opened in the period.
pub static SUPPORT_TICKETS: Simple = Simple {
    spec: spec(
        "support_tickets",
        "Support tickets",
        "Support tickets opened in the period.",
        "count of tickets with opened_at in P",
        Unit::Count,
        Direction::LowerIsBetter,
        &["tickets"],
        "engineering-quality seed (support tickets)",
    ),
    evaluate: |cx| cx.series_or_zero(&cx.flow("tickets", "opened_at", "COUNT(*)", "TRUE")),
};

/// Median time to first response.
pub static FIRST_RESPONSE_TIME: Simple = Simple {
    spec: spec(
        "first_response_time",
        "First response time",
        "How long tickets first answered in the period waited for that answer, median.",
        "median seconds from opened_at to first_response_at, tickets with first_response_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["tickets"],
        "DESIGN.md §5 (support responsiveness)",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(cx, "tickets", "opened_at", "first_response_at", "TRUE"),
            "no tickets first answered in the period",
        )
    },
};

/// Median time to resolve.
pub static TICKET_RESOLUTION_TIME: Simple = Simple {
    spec: spec(
        "ticket_resolution_time",
        "Ticket resolution time",
        "How long tickets resolved in the period took, median.",
        "median seconds from opened_at to resolved_at, tickets with resolved_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["tickets"],
        "DESIGN.md §5 (support resolution)",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(cx, "tickets", "opened_at", "resolved_at", "TRUE"),
            "no tickets resolved in the period",
        )
    },
};

/// Tickets open at the end of the period.
pub static TICKET_BACKLOG: Simple = Simple {
    spec: spec(
        "ticket_backlog",
        "Ticket backlog",
        "Tickets opened and not resolved at the end of the period.",
        "count of tickets with opened_at <= end and (resolved_at null or > end)",
        Unit::Count,
        Direction::LowerIsBetter,
        &["tickets"],
        "DESIGN.md §3 and §5 (snapshot at period end)",
    ),
    evaluate: |cx| {
        cx.series_or_zero(
            "SELECT p.idx, COUNT(*) FROM periods p JOIN tickets k \
             ON k.opened_at <= p.\"end\" AND (k.resolved_at IS NULL OR k.resolved_at > p.\"end\") GROUP BY p.idx",
        )
    },
};

vitals_core::register_metric!(SUPPORT_TICKETS);
vitals_core::register_metric!(FIRST_RESPONSE_TIME);
vitals_core::register_metric!(TICKET_RESOLUTION_TIME);
vitals_core::register_metric!(TICKET_BACKLOG);
