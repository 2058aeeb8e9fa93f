//! The sales pipeline: `bookings`, `weighted_pipeline`, `deal_win_rate`.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Bookings: the amount of deals won in the period.
pub struct Bookings;

const BOOKINGS: MetricSpec = MetricSpec {
    id: "bookings",
    name: "Bookings",
    family: FAMILY,
    description: "The value of the deals won in the period.",
    formula: "Σ deals.amount, status = won, closed_at in P",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["deals"],
    depends_on: &[],
    params: &[],
    source: "vitals catalogue (sales)",
    maturity: None,
};

impl Metric for Bookings {
    fn spec(&self) -> &MetricSpec {
        &BOOKINGS
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.series_or_zero(&cx.flow("deals", "closed_at", "SUM(t.amount)", "t.status = 'won'"))
    }
}

vitals_core::register_metric!(Bookings);

/// Weighted pipeline: the probability-weighted value of the deals open at the end.
pub struct WeightedPipeline;

const WEIGHTED_PIPELINE: MetricSpec = MetricSpec {
    id: "weighted_pipeline",
    name: "Weighted pipeline",
    family: FAMILY,
    description: "The expected value of the deals open at the end of the period.",
    formula: "Σ amount × probability of deals with created_at <= end and not closed by end (closed_at null or > end), whatever their later status",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["deals"],
    depends_on: &[],
    params: &[],
    source: "vitals catalogue (stock metric, snapshot at period end)",
    maturity: None,
};

impl Metric for WeightedPipeline {
    fn spec(&self) -> &MetricSpec {
        &WEIGHTED_PIPELINE
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.series_or_zero(
            "SELECT p.idx, SUM(d.amount * d.probability) FROM periods p JOIN deals d \
             ON d.created_at <= p.\"end\" AND (d.closed_at IS NULL OR d.closed_at > p.\"end\") \
             GROUP BY p.idx",
        )
    }
}

vitals_core::register_metric!(WeightedPipeline);

/// Deal win rate: won ÷ (won + lost), deals closed in the period.
pub struct DealWinRate;

const DEAL_WIN_RATE: MetricSpec = MetricSpec {
    id: "deal_win_rate",
    name: "Deal win rate",
    family: FAMILY,
    description: "The share of the deals closed in the period that were won.",
    formula: "won ÷ (won + lost), deals with closed_at in P",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["deals"],
    depends_on: &[],
    params: &[],
    source: "vitals catalogue (sales)",
    maturity: None,
};

impl Metric for DealWinRate {
    fn spec(&self) -> &MetricSpec {
        &DEAL_WIN_RATE
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.flow_ratio(
            "deals",
            "closed_at",
            "CASE WHEN t.status = 'won' THEN 1 ELSE 0 END",
            "1",
            "t.status IN ('won', 'lost')",
            "no deals won or lost in the period",
        )
    }
}

vitals_core::register_metric!(DealWinRate);
