//! `new_leads`: leads created in the period.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Leads created in the period.
pub static NEW_LEADS: Simple = Simple {
    spec: MetricSpec::simple(
        "new_leads",
        "New leads",
        FAMILY,
        "Leads created in the period.",
        "count of leads with created_at in P",
        Unit::Count,
        Direction::HigherIsBetter,
        &["leads"],
        "product-marketing seed (leads)",
    ),
    evaluate: |cx| cx.series_or_zero(&cx.flow("leads", "created_at", "COUNT(*)", "TRUE")),
};

vitals_core::register_metric!(NEW_LEADS);
