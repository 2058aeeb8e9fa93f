//! `romi`: return on marketing investment.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Series, Unit};

/// Return on marketing investment.
pub static ROMI: Simple = Simple {
    spec: MetricSpec::simple(
        "romi",
        "Return on marketing investment",
        FAMILY,
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

vitals_core::register_metric!(ROMI);
