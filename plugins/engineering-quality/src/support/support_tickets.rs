//! `support_tickets`: tickets opened in the period.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Tickets opened in the period.
pub static SUPPORT_TICKETS: Simple = Simple {
    spec: MetricSpec::simple(
        "support_tickets",
        "Support tickets",
        FAMILY,
        "Support tickets opened in the period.",
        "count of tickets with opened_at in P",
        Unit::Count,
        Direction::LowerIsBetter,
        &["tickets"],
        "engineering-quality seed (support tickets)",
    ),
    evaluate: |cx| cx.series_or_zero(&cx.flow("tickets", "opened_at", "COUNT(*)", "TRUE")),
};

vitals_core::register_metric!(SUPPORT_TICKETS);
