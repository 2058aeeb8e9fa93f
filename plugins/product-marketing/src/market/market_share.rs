//! `market_share`: Σ company_sales ÷ Σ total_sales of the market months in the period.

use crate::FAMILY;
use vitals_core::{Direction, EvalContext, Grain, Metric, MetricSpec, Result, Series, Unit};

/// Market share: the company's sales over the whole market's, months in the period.
pub struct MarketShare;

const SPEC: MetricSpec = MetricSpec {
    id: "market_share",
    name: "Market share",
    family: FAMILY,
    description: "The company's share of all sales in its market, for the market months in the period.",
    formula: "Σ company_sales ÷ Σ total_sales, market_sizes with month in P; an empty company_sales is the net revenue of orders in that month",
    unit: Unit::Percent,
    direction: Direction::HigherIsBetter,
    requires: &["market_sizes"],
    depends_on: &[],
    params: &[],
    source: "product-marketing seed (200,000 ÷ 1,000,000 = 20 % market share)",
    maturity: None,
};

impl Metric for MarketShare {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        let sql = format!(
            "WITH monthly AS ( \
               SELECT {order_month} AS month, \
                      SUM(gross_amount - discount - refunded) AS net \
               FROM orders GROUP BY 1), \
             t AS ( \
               SELECT m.month, m.total_sales, \
                      COALESCE(m.company_sales, n.net, {fallback}) AS company \
               FROM market_sizes m LEFT JOIN monthly n ON n.month = {market_month}) \
             SELECT p.idx, SUM(t.company), SUM(t.total_sales), COUNT(*) - COUNT(t.company) \
             FROM t JOIN periods p ON {bucket} = p.start GROUP BY p.idx",
            // Orders configured: a month without orders has net revenue 0. Not configured:
            // there is nothing to default to, and the share stays undefined.
            fallback = if cx.has_dataset("orders") {
                "0"
            } else {
                "NULL"
            },
            bucket = cx.bucket_date("t.month"),
            order_month = cx.run_periods().bucket_sql_of(Grain::Month, "ordered_at"),
            market_month = cx.run_periods().bucket_date_sql(Grain::Month, "m.month"),
        );
        let cols = cx.columns_per_period(&sql, 4)?;
        let ratio = Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no market size (total_sales) for the period",
        );
        let mut series = ratio;
        for (point, missing) in series.points.iter_mut().zip(&cols[2]) {
            if !missing.is_zero() {
                point.value = None;
                point.note = Some(format!(
                    "company_sales is empty for {missing} market month(s) and no orders dataset is configured to default to"
                ));
            }
        }
        Ok(series)
    }
}

vitals_core::register_metric!(MarketShare);
