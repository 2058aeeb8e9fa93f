//! `cac`, `cac_payback_months` and `ltv_to_cac`.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Customer acquisition cost: sales and marketing spend per new customer.
pub struct Cac;

const CAC: MetricSpec = MetricSpec {
    id: "cac",
    name: "Customer acquisition cost",
    family: FAMILY,
    description: "Sales and marketing spend of the period per customer who started paying in it.",
    formula: "Σ expenses.amount (category marketing or sales, incurred_at in P) ÷ new_customers",
    unit: Unit::Currency,
    direction: Direction::LowerIsBetter,
    requires: &["expenses", "subscriptions"],
    depends_on: &["new_customers"],
    params: &[],
    source: "product-management and product-marketing seeds (CAC = acquisition spend ÷ new customers: $10,000 ÷ 100 = $100)",
    maturity: None,
};

impl Metric for Cac {
    fn spec(&self) -> &MetricSpec {
        &CAC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let spend = cx.per_period_or_zero(&cx.flow(
            "expenses",
            "incurred_at",
            "SUM(t.amount)",
            "t.category IN ('marketing', 'sales')",
        ))?;
        let spend = Series::from_values(cx.periods(), spend.into_iter().map(Some), "");
        Ok(spend.zip_with(cx.metric("new_customers")?, |s, n| {
            vitals_core::quotient(s, n, "no new customers in the period")
        }))
    }
}

vitals_core::register_metric!(Cac);

/// Months of gross-margin revenue from one account to earn back its acquisition cost.
pub struct CacPaybackMonths;

const PAYBACK: MetricSpec = MetricSpec {
    id: "cac_payback_months",
    name: "CAC payback",
    family: FAMILY,
    description: "How many months of gross profit from an average account it takes to earn back what acquiring it cost.",
    formula: "cac ÷ (arpa × gross_margin)",
    unit: Unit::Months,
    direction: Direction::LowerIsBetter,
    requires: &["expenses", "subscriptions", "orders"],
    depends_on: &["cac", "arpa", "gross_margin"],
    params: &[],
    source: "standard SaaS definition",
    maturity: None,
};

impl Metric for CacPaybackMonths {
    fn spec(&self) -> &MetricSpec {
        &PAYBACK
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let monthly_profit = cx
            .metric("arpa")?
            .zip_with(cx.metric("gross_margin")?, vitals_core::product);
        Ok(cx.metric("cac")?.zip_with(&monthly_profit, |cac, profit| {
            if profit <= vitals_core::Decimal::ZERO {
                return Err("no gross profit per account: payback never comes".to_string());
            }
            vitals_core::quotient(cac, profit, "no gross profit per account")
        }))
    }
}

vitals_core::register_metric!(CacPaybackMonths);

/// Lifetime value per unit of acquisition cost.
pub struct LtvToCac;

const LTV_TO_CAC: MetricSpec = MetricSpec {
    id: "ltv_to_cac",
    name: "LTV to CAC",
    family: FAMILY,
    description: "How many times a customer's lifetime value covers what acquiring them cost.",
    formula: "clv ÷ cac",
    unit: Unit::Ratio,
    direction: Direction::HigherIsBetter,
    requires: &["expenses", "subscriptions"],
    depends_on: &["clv", "cac"],
    params: &[],
    source: "standard SaaS definition",
    maturity: None,
};

impl Metric for LtvToCac {
    fn spec(&self) -> &MetricSpec {
        &LTV_TO_CAC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.ratio_of("clv", "cac", "no acquisition cost in the period")
    }
}

vitals_core::register_metric!(LtvToCac);
