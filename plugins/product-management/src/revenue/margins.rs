//! `gross_margin`, `net_income` and `net_margin`.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Result, Series, Unit};

/// Gross margin: what is left of net revenue after the cost of goods sold, as a share.
pub struct GrossMargin;

const GROSS_MARGIN: MetricSpec = MetricSpec {
    id: "gross_margin",
    name: "Gross margin",
    family: FAMILY,
    description: "The share of net revenue left after the cost of goods sold.",
    formula: "(net_revenue − cogs) ÷ net_revenue",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["orders", "expenses"],
    depends_on: &["net_revenue", "cogs"],
    params: &[],
    source: "product-management seed; its formula \"net revenue − COGS ÷ net revenue\" had an operator-precedence error: the subtraction comes first",
    maturity: None,
};

impl Metric for GrossMargin {
    fn spec(&self) -> &MetricSpec {
        &GROSS_MARGIN
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let net = cx.metric("net_revenue")?;
        let cogs = cx.metric("cogs")?;
        Ok(net.zip_with(cogs, |n, c| {
            vitals_core::quotient(
                vitals_core::difference(n, c)?,
                n,
                "no net revenue in the period",
            )
        }))
    }
}

vitals_core::register_metric!(GrossMargin);

/// Net income: net revenue less the cost of goods sold and every other expense.
pub struct NetIncome;

const NET_INCOME: MetricSpec = MetricSpec {
    id: "net_income",
    name: "Net income",
    family: FAMILY,
    description: "What is left of net revenue after the cost of goods sold and every other expense of the period.",
    formula: "net_revenue − cogs − Σ expenses.amount (category ≠ cogs, incurred_at in P)",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["orders", "expenses"],
    depends_on: &["net_revenue", "cogs"],
    params: &[],
    source: "product-management seed (net profit)",
    maturity: None,
};

impl Metric for NetIncome {
    fn spec(&self) -> &MetricSpec {
        &NET_INCOME
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let other = cx.per_period_or_zero(&cx.flow(
            "expenses",
            "incurred_at",
            "SUM(t.amount)",
            "t.category <> 'cogs'",
        ))?;
        let other = Series::from_values(cx.periods(), other.into_iter().map(Some), "");
        let gross_profit = cx
            .metric("net_revenue")?
            .zip_with(cx.metric("cogs")?, vitals_core::difference);
        Ok(gross_profit.zip_with(&other, vitals_core::difference))
    }
}

vitals_core::register_metric!(NetIncome);

/// Net margin: net income as a share of net revenue.
pub struct NetMargin;

const NET_MARGIN: MetricSpec = MetricSpec {
    id: "net_margin",
    name: "Net margin",
    family: FAMILY,
    description: "The share of net revenue left as net income.",
    formula: "net_income ÷ net_revenue",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["orders", "expenses"],
    depends_on: &["net_income", "net_revenue"],
    params: &[],
    source: "standard definition; the product-management seed's \"net margin\" (net ÷ gross revenue) is revenue_realization",
    maturity: None,
};

impl Metric for NetMargin {
    fn spec(&self) -> &MetricSpec {
        &NET_MARGIN
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.ratio_of("net_income", "net_revenue", "no net revenue in the period")
    }
}

vitals_core::register_metric!(NetMargin);
