//! `lead_conversion_rate`: leads created in the period that converted.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Leads created in the period that converted.
pub static LEAD_CONVERSION_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "lead_conversion_rate",
        "Lead conversion rate",
        FAMILY,
        "Of the leads created in the period, the share that converted (at any time since).",
        "leads created in P with converted_at ÷ leads created in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["leads"],
        "product-marketing seed (lead conversion rate)",
    )
    // Sales cycles run for weeks: a lead's conversion is counted in the period it was
    // created, so the last 45 days' leads can still convert.
    .maturing(45, "leads created then can still convert"),
    evaluate: |cx| {
        cx.flow_ratio(
            "leads",
            "created_at",
            "CASE WHEN t.converted_at IS NOT NULL THEN 1 ELSE 0 END",
            "1",
            "TRUE",
            "no leads created in the period",
        )
    },
};

vitals_core::register_metric!(LEAD_CONVERSION_RATE);
