//! Leads and spend: lead volume, conversion, cost per lead and return on marketing.

use crate::{Simple, spec};
use vitals_core::{Direction, Series, Unit};

/// Leads created in the period.
pub static NEW_LEADS: Simple = Simple {
    spec: spec(
        "new_leads",
        "New leads",
        "Leads created in the period.",
        "count of leads with created_at in P",
        Unit::Count,
        Direction::HigherIsBetter,
        &["leads"],
        "product-marketing seed (leads)",
    ),
    evaluate: |cx| cx.series_or_zero(&cx.flow("leads", "created_at", "COUNT(*)", "TRUE")),
};

/// Leads created in the period that converted.
pub static LEAD_CONVERSION_RATE: Simple = Simple {
    spec: spec(
        "lead_conversion_rate",
        "Lead conversion rate",
        "Of the leads created in the period, the share that converted (at any time since).",
        "leads created in P with converted_at ÷ leads created in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["leads"],
        "product-marketing seed (lead conversion rate)",
    ),
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

/// Marketing spend per new lead.
pub static COST_PER_LEAD: Simple = Simple {
    spec: spec(
        "cost_per_lead",
        "Cost per lead",
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

/// Return on marketing investment.
pub static ROMI: Simple = Simple {
    spec: spec(
        "romi",
        "Return on marketing investment",
        "What campaign-driven revenue returned on the period's marketing spend.",
        "(Σ net revenue of orders with a campaign, ordered_at in P − Σ marketing expenses in P) ÷ Σ marketing expenses in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["orders", "expenses"],
        "product-marketing seed (ROMI); revenue based as the seed gives it, not profit based",
    ),
    evaluate: |cx| {
        let revenue = cx.per_period_or_zero(&cx.flow(
            "orders",
            "ordered_at",
            "SUM(t.gross_amount - t.discount - t.refunded)",
            "t.campaign IS NOT NULL",
        ))?;
        let spend = cx.per_period_or_zero(&cx.flow(
            "expenses",
            "incurred_at",
            "SUM(t.amount)",
            "t.category = 'marketing'",
        ))?;
        let gain: Vec<_> = revenue.iter().zip(&spend).map(|(r, s)| r - s).collect();
        Ok(Series::ratio(
            cx.periods(),
            &gain,
            &spend,
            "no marketing spend in the period",
        ))
    },
};

vitals_core::register_metric!(NEW_LEADS);
vitals_core::register_metric!(LEAD_CONVERSION_RATE);
vitals_core::register_metric!(COST_PER_LEAD);
vitals_core::register_metric!(ROMI);
