//! Cohort retention tables: customers (or users) grouped by the period they started in, and
//! for each period after it how much of the cohort is still there.
//!
//! A cohort is one period of the run; age `k` of a cohort is the period `k` after it. Only
//! ages that have ended within the range are filled, so the table is a triangle: the first
//! cohort has as many ages as the run has periods, the last has one.

use crate::{Error, Grain, Period, Result, did_you_mean, quotient};
use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;

/// What a cohort table measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CohortKind {
    /// Customers by the period of their first paid subscription; at age k, the share of them
    /// with MRR > 0 at the end of period cohort + k.
    #[default]
    Logo,
    /// The cohort's MRR at the end of period cohort + k ÷ its MRR at the end of its own
    /// period (net: expansion can take it above 1).
    Revenue,
    /// Σ over the cohort's customers of min(MRR at the end of cohort + k, MRR at the end of
    /// the cohort's period) ÷ the cohort's MRR at the end of its own period (never above 1).
    GrossRevenue,
    /// Users by the period of their first event; at age k, the share of them with any event
    /// in period cohort + k.
    Users,
    /// Customers by the period of their first order; at age k, the share of them with an
    /// order in period cohort + k.
    Buyers,
    /// Customers by the period of their first order; the cohort's net revenue in period
    /// cohort + k ÷ its net revenue in its first period.
    BuyerRevenue,
}

impl CohortKind {
    /// Every kind.
    pub const ALL: [CohortKind; 6] = [
        CohortKind::Logo,
        CohortKind::Revenue,
        CohortKind::GrossRevenue,
        CohortKind::Users,
        CohortKind::Buyers,
        CohortKind::BuyerRevenue,
    ];

    /// The name used by `--kind` (`gross_revenue`).
    pub fn as_str(self) -> &'static str {
        match self {
            CohortKind::Logo => "logo",
            CohortKind::Revenue => "revenue",
            CohortKind::GrossRevenue => "gross_revenue",
            CohortKind::Users => "users",
            CohortKind::Buyers => "buyers",
            CohortKind::BuyerRevenue => "buyer_revenue",
        }
    }

    /// The dataset the table is computed from.
    pub fn dataset(self) -> &'static str {
        match self {
            CohortKind::Logo | CohortKind::Revenue | CohortKind::GrossRevenue => "subscriptions",
            CohortKind::Users => "events",
            CohortKind::Buyers | CohortKind::BuyerRevenue => "orders",
        }
    }

    /// Who the members of a cohort are: `customers` or `users`.
    pub fn members(self) -> &'static str {
        match self {
            CohortKind::Users => "users",
            _ => "customers",
        }
    }

    /// What the base of a cohort is, when it has one: the MRR at the end of its first period
    /// (subscription kinds) or the net revenue in its first period (`buyer_revenue`).
    pub fn base(self) -> Option<&'static str> {
        match self {
            CohortKind::Logo | CohortKind::Revenue | CohortKind::GrossRevenue => Some("MRR"),
            CohortKind::BuyerRevenue => Some("net revenue"),
            CohortKind::Users | CohortKind::Buyers => None,
        }
    }

    /// What one cell says, for people.
    pub fn describe(self) -> &'static str {
        match self {
            CohortKind::Logo => {
                "the share of each cohort's customers paying at the end of each period (cohort: first paid subscription)"
            }
            CohortKind::Revenue => {
                "each cohort's MRR at the end of each period ÷ its MRR at the end of its first period (net of expansion)"
            }
            CohortKind::GrossRevenue => {
                "each cohort's MRR kept at the end of each period, each customer capped at their first-period MRR, ÷ the cohort's MRR at the end of its first period"
            }
            CohortKind::Users => {
                "the share of each cohort's users with an event in each period (cohort: first event)"
            }
            CohortKind::Buyers => {
                "the share of each cohort's customers with an order in each period (cohort: first order)"
            }
            CohortKind::BuyerRevenue => {
                "each cohort's net revenue in each period ÷ its net revenue in its first period (cohort: first order)"
            }
        }
    }
}

impl fmt::Display for CohortKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CohortKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        CohortKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::Unknown {
                kind: "cohort kind",
                name: s.to_string(),
                suggestion: did_you_mean(s, CohortKind::ALL.map(CohortKind::as_str)),
            })
    }
}

/// What a cohort's members did, counted per age: the raw numbers a [`CohortTable`] is made
/// of, as the engine counts them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CohortCounts {
    /// Members of the cohort.
    pub size: u64,
    /// Per age from 0: members still there (paying, active, ordering).
    pub kept: Vec<u64>,
    /// Per age from 0: the amount (MRR at the period's end, or net revenue in it).
    pub amount: Vec<Decimal>,
    /// Per age from 0: the amount with each member capped at their age-0 amount.
    pub capped: Vec<Decimal>,
}

/// One row of a cohort table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cohort {
    /// The period the cohort started in.
    pub period: Period,
    /// Members (customers or users).
    pub size: u64,
    /// The base the revenue kinds divide by (see [`CohortKind::base`]), `None` for the others.
    pub base: Option<Decimal>,
    /// One value per age that has ended within the range, from age 0; `None` when undefined.
    pub values: Vec<Option<Decimal>>,
    /// Why the values are undefined, when they are.
    pub note: Option<String>,
}

/// A cohort table: one [`Cohort`] per period of the range, and the average of each age.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortTable {
    /// What the cells measure.
    pub kind: CohortKind,
    /// The length of a period.
    pub grain: Grain,
    /// One per period of the range, oldest first.
    pub cohorts: Vec<Cohort>,
    /// Per age, the mean over the cohorts that reached it and have a value there, weighted
    /// by cohort size; `None` when no such cohort exists.
    pub average: Vec<Option<Decimal>>,
}

impl CohortTable {
    /// The table of `kind` from the counts of each period's cohort (`counts[i]` belongs to
    /// `periods[i]`; its vectors may be shorter than the ages shown: a missing age counts 0).
    pub fn new(
        kind: CohortKind,
        grain: Grain,
        periods: &[Period],
        counts: &[CohortCounts],
    ) -> Self {
        let n = periods.len();
        let cohorts: Vec<Cohort> = periods
            .iter()
            .enumerate()
            .map(|(i, period)| {
                let empty = CohortCounts::default();
                let c = counts.get(i).unwrap_or(&empty);
                cohort(kind, period.clone(), c, n - i)
            })
            .collect();
        let average = (0..n).map(|age| average(&cohorts, age)).collect();
        CohortTable {
            kind,
            grain,
            cohorts,
            average,
        }
    }
}

fn cohort(kind: CohortKind, period: Period, c: &CohortCounts, ages: usize) -> Cohort {
    let at = |v: &[Decimal], age: usize| v.get(age).copied().unwrap_or_default();
    let kept = |age: usize| Decimal::from(c.kept.get(age).copied().unwrap_or(0));
    let base = kind.base().map(|_| at(&c.amount, 0));
    let (numerator, denominator, zero_note): (Box<dyn Fn(usize) -> Decimal>, Decimal, String) =
        match kind {
            CohortKind::Logo | CohortKind::Users | CohortKind::Buyers => (
                Box::new(kept),
                Decimal::from(c.size),
                format!("no {} started in {}", kind.members(), period.label),
            ),
            CohortKind::Revenue | CohortKind::BuyerRevenue => (
                Box::new(|age| at(&c.amount, age)),
                base.unwrap_or_default(),
                base_note(kind, c.size, &period.label),
            ),
            CohortKind::GrossRevenue => (
                Box::new(|age| at(&c.capped, age)),
                base.unwrap_or_default(),
                base_note(kind, c.size, &period.label),
            ),
        };
    let mut note = None;
    let values = (0..ages)
        .map(
            |age| match quotient(numerator(age), denominator, &zero_note) {
                Ok(v) => Some(v),
                Err(why) => {
                    note.get_or_insert(why);
                    None
                }
            },
        )
        .collect();
    Cohort {
        period,
        size: c.size,
        base,
        values,
        note,
    }
}

/// The note of a revenue cohort whose base is zero.
fn base_note(kind: CohortKind, size: u64, label: &str) -> String {
    let base = kind.base().unwrap_or("revenue");
    match (size, kind) {
        (0, _) => format!("no {} started in {label}", kind.members()),
        (_, CohortKind::BuyerRevenue) => {
            format!("the cohort's net revenue in {label} is 0, so no share of it can be taken")
        }
        _ => format!(
            "the cohort's {base} at the end of {label} is 0 (every customer left within it), so no share of it can be taken"
        ),
    }
}

/// The mean at `age` over the cohorts with a value there, weighted by size.
fn average(cohorts: &[Cohort], age: usize) -> Option<Decimal> {
    let mut weighted = Decimal::ZERO;
    let mut sizes = Decimal::ZERO;
    for c in cohorts {
        if let Some(Some(v)) = c.values.get(age) {
            let size = Decimal::from(c.size);
            weighted = weighted.checked_add(v.checked_mul(size)?)?;
            sizes += size;
        }
    }
    quotient(weighted, sizes, "").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Periods, parse_date_arg};

    fn periods(n: usize) -> Vec<Period> {
        let from = parse_date_arg("2026-01").unwrap();
        let to = Grain::Month.next(from) + chrono::Months::new(n as u32 - 1);
        Periods::new(Grain::Month, from, to)
            .unwrap()
            .as_slice()
            .to_vec()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_triangle_of_shares_with_a_size_weighted_average() {
        let counts = [
            CohortCounts {
                size: 4,
                kept: vec![3, 2, 2],
                ..Default::default()
            },
            CohortCounts {
                size: 1,
                kept: vec![1, 0],
                ..Default::default()
            },
            CohortCounts::default(),
        ];
        let t = CohortTable::new(CohortKind::Logo, Grain::Month, &periods(3), &counts);
        let values: Vec<Vec<Option<Decimal>>> =
            t.cohorts.iter().map(|c| c.values.clone()).collect();
        assert_eq!(
            values,
            [
                vec![Some(d("0.75")), Some(d("0.5")), Some(d("0.5"))],
                vec![Some(d("1")), Some(d("0"))],
                vec![None],
            ]
        );
        assert_eq!(
            t.cohorts[2].note.as_deref(),
            Some("no customers started in 2026-03")
        );
        // Age 0: (4 × 0.75 + 1 × 1) ÷ 5; age 1: (4 × 0.5 + 1 × 0) ÷ 5; age 2: the first only.
        assert_eq!(t.average, [Some(d("0.8")), Some(d("0.4")), Some(d("0.5"))]);
        assert_eq!(
            t.cohorts[0].base,
            Some(Decimal::ZERO),
            "logo shows its base MRR"
        );
    }

    #[test]
    fn a_revenue_cohort_whose_base_is_zero_is_null_with_a_note() {
        let counts = [CohortCounts {
            size: 2,
            kept: vec![0, 1],
            amount: vec![d("0"), d("50")],
            capped: vec![d("0"), d("0")],
        }];
        let t = CohortTable::new(CohortKind::Revenue, Grain::Month, &periods(2), &counts);
        assert_eq!(t.cohorts[0].values, [None, None]);
        assert!(
            t.cohorts[0]
                .note
                .as_deref()
                .unwrap()
                .contains("MRR at the end of 2026-01 is 0"),
            "{:?}",
            t.cohorts[0].note
        );
        assert_eq!(t.average, [None, None]);
    }

    #[test]
    fn kinds_parse_with_a_suggestion() {
        assert_eq!(
            "gross_revenue".parse::<CohortKind>().unwrap(),
            CohortKind::GrossRevenue
        );
        let e = "buyer".parse::<CohortKind>().unwrap_err().to_string();
        assert!(e.contains("did you mean `buyers`"), "{e}");
    }
}
