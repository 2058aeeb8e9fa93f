//! Revenue retention from the MRR bridge: `gross_revenue_churn_rate`,
//! `net_revenue_retention`, `gross_revenue_retention`, `quick_ratio`.

use crate::{FAMILY, sql};
use vitals_core::{Decimal, Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

const NO_MRR: &str = "no MRR at period start";

/// The MRR bridge of one period.
pub(crate) struct Bridge {
    start: Decimal,
    new: Decimal,
    expansion: Decimal,
    reactivation: Decimal,
    contraction: Decimal,
    churned: Decimal,
}

/// The bridge of every period.
fn bridge(cx: &EvalContext<'_>) -> Result<Vec<Bridge>> {
    let sql = sql::movements(
        "SUM(m0), \
         SUM(CASE WHEN m0 = 0 AND m1 > 0 AND NOT paid_before THEN m1 ELSE 0 END), \
         SUM(CASE WHEN m0 > 0 AND m1 > m0 THEN m1 - m0 ELSE 0 END), \
         SUM(CASE WHEN m0 = 0 AND m1 > 0 AND paid_before THEN m1 ELSE 0 END), \
         SUM(CASE WHEN m1 > 0 AND m0 > m1 THEN m0 - m1 ELSE 0 END), \
         SUM(CASE WHEN m0 > 0 AND m1 = 0 THEN m0 ELSE 0 END)",
        "TRUE",
    );
    let c = cx.columns_per_period(&sql, 7)?;
    Ok((0..cx.periods().len())
        .map(|i| Bridge {
            start: c[0][i],
            new: c[1][i],
            expansion: c[2][i],
            reactivation: c[3][i],
            contraction: c[4][i],
            churned: c[5][i],
        })
        .collect())
}

/// A ratio over the MRR bridge.
pub struct BridgeRatio {
    spec: MetricSpec,
    /// `(numerator, denominator)` of one period.
    ratio: fn(&Bridge) -> (Decimal, Decimal),
    note: &'static str,
}

impl Metric for BridgeRatio {
    fn spec(&self) -> &MetricSpec {
        &self.spec
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let (num, den): (Vec<Decimal>, Vec<Decimal>) = bridge(cx)?.iter().map(self.ratio).unzip();
        Ok(Series::ratio(cx.periods(), &num, &den, self.note))
    }
}

/// Where the four revenue retention definitions come from.
const SOURCE: &str = "vitals catalogue (SaaS revenue retention, ChartMogul definitions)";

/// `gross_revenue_churn_rate`.
pub static GROSS_REVENUE_CHURN_RATE: BridgeRatio = BridgeRatio {
    spec: MetricSpec::simple(
        "gross_revenue_churn_rate",
        "Gross revenue churn rate",
        FAMILY,
        "The share of MRR at the start of the period lost to churn and contraction.",
        "(churned_mrr + contraction_mrr) ÷ mrr at start",
        Unit::Percent,
        Direction::LowerIsBetter,
        &["subscriptions"],
        SOURCE,
    ),
    ratio: |b| (b.churned + b.contraction, b.start),
    note: NO_MRR,
};

/// `net_revenue_retention`.
pub static NET_REVENUE_RETENTION: BridgeRatio = BridgeRatio {
    spec: MetricSpec::simple(
        "net_revenue_retention",
        "Net revenue retention",
        FAMILY,
        "MRR kept from the customers paying at the start of the period, with their expansion, as a share of MRR at the start.",
        "(mrr at start + expansion_mrr − contraction_mrr − churned_mrr) ÷ mrr at start",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["subscriptions"],
        SOURCE,
    ),
    ratio: |b| (b.start + b.expansion - b.contraction - b.churned, b.start),
    note: NO_MRR,
};

/// `gross_revenue_retention`.
pub static GROSS_REVENUE_RETENTION: BridgeRatio = BridgeRatio {
    spec: MetricSpec::simple(
        "gross_revenue_retention",
        "Gross revenue retention",
        FAMILY,
        "MRR kept from the customers paying at the start of the period, without their expansion, as a share of MRR at the start.",
        "(mrr at start − contraction_mrr − churned_mrr) ÷ mrr at start",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["subscriptions"],
        SOURCE,
    ),
    ratio: |b| (b.start - b.contraction - b.churned, b.start),
    note: NO_MRR,
};

/// `quick_ratio`.
pub static QUICK_RATIO: BridgeRatio = BridgeRatio {
    spec: MetricSpec::simple(
        "quick_ratio",
        "SaaS quick ratio",
        FAMILY,
        "MRR gained for each unit of MRR lost in the period.",
        "(new_mrr + expansion_mrr + reactivation_mrr) ÷ (churned_mrr + contraction_mrr)",
        Unit::Ratio,
        Direction::HigherIsBetter,
        &["subscriptions"],
        SOURCE,
    ),
    ratio: |b| {
        (
            b.new + b.expansion + b.reactivation,
            b.churned + b.contraction,
        )
    },
    note: "no MRR lost in the period (churned + contraction = 0)",
};

vitals_core::register_metric!(GROSS_REVENUE_CHURN_RATE);
vitals_core::register_metric!(NET_REVENUE_RETENTION);
vitals_core::register_metric!(GROSS_REVENUE_RETENTION);
vitals_core::register_metric!(QUICK_RATIO);
