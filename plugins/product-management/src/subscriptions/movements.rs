//! The MRR bridge: per customer, MRR at the start `m0` against MRR at the end `m1`.
//!
//! - `m0 = 0 < m1`: new (first paid subscription ever) or reactivation (paid before);
//! - `m0 > 0 = m1`: churned (`m0`);
//! - both `> 0`: expansion (`m1 − m0 > 0`) or contraction (`m0 − m1 > 0`).
//!
//! So `mrr(end) − mrr(start) = new + expansion + reactivation − contraction − churned`.

use crate::{FAMILY, sql};
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// One movement of the MRR bridge: an aggregate over `mrr_movements` rows matching a filter.
pub struct Movement {
    spec: MetricSpec,
    expr: &'static str,
    filter: &'static str,
}

impl Metric for Movement {
    fn spec(&self) -> &MetricSpec {
        &self.spec
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.series_or_zero(&sql::movements(self.expr, self.filter))
    }
}

const fn movement(
    id: &'static str,
    name: &'static str,
    description: &'static str,
    formula: &'static str,
    direction: Direction,
    expr: &'static str,
    filter: &'static str,
) -> Movement {
    Movement {
        spec: MetricSpec {
            id,
            name,
            family: FAMILY,
            description,
            formula,
            unit: Unit::Currency,
            direction,
            requires: &["subscriptions"],
            depends_on: &[],
            params: &[],
            source: "vitals catalogue, MRR movements (ChartMogul's MRR bridge); snapshots at period start and end",
            maturity: None,
        },
        expr,
        filter,
    }
}

/// New MRR: customers' first paid MRR.
pub static NEW_MRR: Movement = movement(
    "new_mrr",
    "New MRR",
    "MRR at the end of the period from customers who had never paid before.",
    "Σ m1 of customers with m0 = 0 < m1 and no paid subscription started before the period",
    Direction::HigherIsBetter,
    "SUM(m1)",
    "m0 = 0 AND m1 > 0 AND NOT paid_before",
);
/// Expansion MRR: growth of paying customers' MRR.
pub static EXPANSION_MRR: Movement = movement(
    "expansion_mrr",
    "Expansion MRR",
    "MRR gained from customers who paid at both ends of the period and pay more at the end.",
    "Σ (m1 − m0) of customers with 0 < m0 < m1",
    Direction::HigherIsBetter,
    "SUM(m1 - m0)",
    "m0 > 0 AND m1 > m0",
);
/// Contraction MRR: shrinkage of paying customers' MRR.
pub static CONTRACTION_MRR: Movement = movement(
    "contraction_mrr",
    "Contraction MRR",
    "MRR lost from customers who paid at both ends of the period and pay less at the end.",
    "Σ (m0 − m1) of customers with m0 > m1 > 0",
    Direction::LowerIsBetter,
    "SUM(m0 - m1)",
    "m1 > 0 AND m0 > m1",
);
/// Churned MRR: MRR of customers who stopped paying.
pub static CHURNED_MRR: Movement = movement(
    "churned_mrr",
    "Churned MRR",
    "MRR at the start of the period of customers who no longer pay at its end.",
    "Σ m0 of customers with m0 > 0 = m1",
    Direction::LowerIsBetter,
    "SUM(m0)",
    "m0 > 0 AND m1 = 0",
);
/// Reactivation MRR: MRR of returning customers.
pub static REACTIVATION_MRR: Movement = movement(
    "reactivation_mrr",
    "Reactivation MRR",
    "MRR at the end of the period from customers who had paid before, stopped, and pay again.",
    "Σ m1 of customers with m0 = 0 < m1 and a paid subscription started before the period",
    Direction::HigherIsBetter,
    "SUM(m1)",
    "m0 = 0 AND m1 > 0 AND paid_before",
);

vitals_core::register_metric!(NEW_MRR);
vitals_core::register_metric!(EXPANSION_MRR);
vitals_core::register_metric!(CONTRACTION_MRR);
vitals_core::register_metric!(CHURNED_MRR);
vitals_core::register_metric!(REACTIVATION_MRR);

/// Net new MRR: the whole bridge.
pub struct NetNewMrr;

const NET_NEW: MetricSpec = MetricSpec {
    id: "net_new_mrr",
    name: "Net new MRR",
    family: FAMILY,
    description: "How much MRR grew in the period, all movements together.",
    formula: "new_mrr + expansion_mrr + reactivation_mrr − contraction_mrr − churned_mrr (= mrr(end) − mrr(start))",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["subscriptions"],
    depends_on: &[
        "new_mrr",
        "expansion_mrr",
        "reactivation_mrr",
        "contraction_mrr",
        "churned_mrr",
    ],
    params: &[],
    source: "vitals catalogue, MRR movements",
    maturity: None,
};

impl Metric for NetNewMrr {
    fn spec(&self) -> &MetricSpec {
        &NET_NEW
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let gains = cx
            .metric("new_mrr")?
            .zip_with(cx.metric("expansion_mrr")?, vitals_core::sum)
            .zip_with(cx.metric("reactivation_mrr")?, vitals_core::sum);
        let losses = cx
            .metric("contraction_mrr")?
            .zip_with(cx.metric("churned_mrr")?, vitals_core::sum);
        Ok(gains.zip_with(&losses, vitals_core::difference))
    }
}

vitals_core::register_metric!(NetNewMrr);
