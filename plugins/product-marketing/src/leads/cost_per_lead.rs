//! `cost_per_lead`: marketing spend per new lead.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Series, Unit};

/// Marketing spend per new lead.
pub static COST_PER_LEAD: Simple = Simple {
    spec: MetricSpec::simple(
        "cost_per_lead",
        "Cost per lead",
        FAMILY,
        "Marketing spend of the period per lead created in it.",
        "Σ expenses.amount (category marketing, incurred_at in P) ÷ new_leads",
        Unit::Currency,
        Direction::LowerIsBetter,
        &["expenses", "leads"],
        "product-marketing seed (cost per lead)",
    ),
    evaluate: |cx| {
        let spend = cx.per_period_or_zero(&cx.flow(
            "expenses",
            "incurred_at",
            "SUM(t.amount)",
            "t.category = 'marketing'",
        ))?;
        let leads = cx.per_period_or_zero(&cx.flow("leads", "created_at", "COUNT(*)", "TRUE"))?;
        Ok(Series::ratio(
            cx.periods(),
            &spend,
            &leads,
            "no leads created in the period",
        ))
    },
};

vitals_core::register_metric!(COST_PER_LEAD);
