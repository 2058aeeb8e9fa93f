//! `clv`: customer lifetime value, ARPA ÷ monthly customer churn.

use crate::{FAMILY, sql};
use vitals_core::{
    Decimal, Direction, EvalContext, Grain, MathematicalOps, Metric, MetricSpec, Period, Result,
    Series, Unit,
};

/// Customer lifetime value: monthly revenue per account over the monthly churn rate.
pub struct Clv;

const SPEC: MetricSpec = MetricSpec {
    id: "clv",
    name: "Customer lifetime value",
    family: FAMILY,
    description: "The revenue a paying customer brings over their expected lifetime at the current churn.",
    formula: "arpa ÷ monthly customer churn (churned ÷ paying at start, as customer_churn_rate), where the period's churn c over L months is 1 − (1 − c)^(1/L) a month (L = 1 for months, 3 for quarters, 12 for years, days ÷ 30.4375 for days and weeks)",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["subscriptions"],
    depends_on: &["arpa"],
    params: &[],
    source: "product-management seed: CLV = ARPU × average lifetime ($100 × 24 months = $2,400); the average lifetime is 1 ÷ monthly churn (1/24), and ARPA is the monthly revenue per account",
    maturity: None,
};

/// The length of a period in months.
fn months(grain: Grain, period: &Period) -> Decimal {
    match grain {
        Grain::Month => Decimal::ONE,
        Grain::Quarter => Decimal::from(3),
        Grain::Year => Decimal::from(12),
        Grain::Day | Grain::Week => Decimal::from(period.days()) / Decimal::new(304_375, 4),
    }
}

/// A churn rate over `months` months as a monthly rate.
pub(crate) fn monthly_churn(rate: Decimal, months: Decimal) -> Option<Decimal> {
    if months == Decimal::ONE || rate.is_zero() || rate == Decimal::ONE {
        return Some(rate);
    }
    let kept = (Decimal::ONE - rate).checked_powd(Decimal::ONE / months)?;
    Some(Decimal::ONE - kept)
}

impl Metric for Clv {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        // Churned and paying customers at the start, as customer_churn_rate counts them; a
        // monthly lifetime is start ÷ churned exactly, without a rounded rate in between.
        let counts = cx.columns_per_period(
            &sql::movements(
                "SUM(CASE WHEN m1 = 0 THEN 1 ELSE 0 END), COUNT(*)",
                "m0 > 0",
            ),
            3,
        )?;
        let grain = cx.grain();
        let lifetimes = cx.periods().iter().enumerate().map(|(i, period)| {
            let (churned, start) = (counts[0][i], counts[1][i]);
            if start.is_zero() {
                return Err("no paying customers at period start".to_string());
            }
            if churned.is_zero() {
                return Err("no customer churned in the period: lifetime undefined".to_string());
            }
            let months = months(grain, period);
            if months == Decimal::ONE {
                return Ok(start / churned);
            }
            let monthly = monthly_churn(churned / start, months)
                .filter(|m| !m.is_zero())
                .ok_or_else(|| "monthly churn could not be computed".to_string())?;
            Ok(Decimal::ONE / monthly)
        });
        let mut series = cx.metric("arpa")?.clone();
        for (point, lifetime) in series.points.iter_mut().zip(lifetimes) {
            match (point.value, lifetime) {
                (Some(arpa), Ok(months)) => match vitals_core::product(arpa, months) {
                    Ok(v) => point.value = Some(v.normalize()),
                    Err(note) => {
                        point.value = None;
                        point.note = Some(note);
                    }
                },
                (Some(_), Err(note)) => {
                    point.value = None;
                    point.note = Some(note);
                }
                (None, _) => {}
            }
        }
        Ok(series)
    }
}

vitals_core::register_metric!(Clv);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn churn_of_a_quarter_as_a_monthly_rate() {
        // Keeping 0.729 = 0.9³ of customers over three months is keeping 0.9 a month.
        let monthly = monthly_churn(Decimal::new(271, 3), Decimal::from(3)).unwrap();
        assert!(
            (monthly - Decimal::new(1, 1)).abs() < Decimal::new(1, 9),
            "{monthly}"
        );
        assert_eq!(
            monthly_churn(Decimal::new(5, 2), Decimal::ONE),
            Some(Decimal::new(5, 2))
        );
    }
}
