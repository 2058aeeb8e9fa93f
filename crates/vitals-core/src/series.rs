//! What a metric returns: a [`Series`] of one [`Point`] per period.

use crate::Period;
use rust_decimal::Decimal;
use serde::Serialize;

/// One value per period of the run, in order.
///
/// A struct rather than a bare `Vec` so that breakdowns by dimension can be added without
/// breaking plugins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// One point per period, in period order.
    pub points: Vec<Point>,
}

/// The value of a metric in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// The period's label (`2026-03`).
    pub period: String,
    /// The value; `None` when the metric is undefined in the period.
    pub value: Option<Decimal>,
    /// Why the value is `None` (or any other remark on it).
    pub note: Option<String>,
    /// What else a reader should know: the period lies in the data only in part, outside
    /// it, or is still maturing. Set by the run after evaluation, from the data's coverage.
    pub flags: Flags,
}

/// What a reader should know about a value besides its note, set from the coverage of the
/// data a metric reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    /// The metric's data covers the period only in part: it starts or ends inside it.
    pub partial: bool,
    /// The period lies outside the metric's data; the value is null.
    pub outside_data: bool,
    /// The period is within the metric's maturity window before the end of its data: the
    /// value can still change as late events (conversions) come in.
    pub provisional: bool,
}

impl Flags {
    /// The names of the flags that are set, in a fixed order: `partial`, `outside_data`,
    /// `provisional`.
    pub fn names(self) -> Vec<&'static str> {
        [
            (self.partial, "partial"),
            (self.outside_data, "outside_data"),
            (self.provisional, "provisional"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }

    /// Whether any flag is set.
    pub fn any(self) -> bool {
        self.partial || self.outside_data || self.provisional
    }

    /// Whether a value with these flags may be judged good or bad (against a target, a goal
    /// or the earlier values): not when its period is partial or provisional.
    pub fn judged(self) -> bool {
        !self.any()
    }
}

impl Serialize for Flags {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.names())
    }
}

impl Series {
    /// A series from one optional value per period; `None` values get `note_if_none`.
    pub fn from_values(
        periods: &[Period],
        values: impl IntoIterator<Item = Option<Decimal>>,
        note_if_none: &str,
    ) -> Series {
        let points = periods
            .iter()
            .zip(values)
            .map(|(p, value)| Point {
                period: p.label.clone(),
                note: value.is_none().then(|| note_if_none.to_string()),
                value: value.map(|v| v.normalize()),
                flags: Flags::default(),
            })
            .collect();
        Series { points }
    }

    /// The values in order.
    pub fn values(&self) -> Vec<Option<Decimal>> {
        self.points.iter().map(|p| p.value).collect()
    }

    /// Combines two series period by period; `f` returns the value or the note that explains
    /// why there is none. A missing input value carries its note over.
    pub fn zip_with(
        &self,
        other: &Series,
        f: impl Fn(Decimal, Decimal) -> Result<Decimal, String>,
    ) -> Series {
        let points = self
            .points
            .iter()
            .zip(&other.points)
            .map(|(a, b)| {
                let (value, note) = match (a.value, b.value) {
                    (Some(x), Some(y)) => match f(x, y) {
                        Ok(v) => (Some(v.normalize()), None),
                        Err(note) => (None, Some(note)),
                    },
                    (None, _) => (None, a.note.clone()),
                    (_, None) => (None, b.note.clone()),
                };
                Point {
                    period: a.period.clone(),
                    value,
                    note,
                    flags: Flags::default(),
                }
            })
            .collect();
        Series { points }
    }

    /// Maps every defined value.
    pub fn map(&self, f: impl Fn(Decimal) -> Decimal) -> Series {
        let points = self
            .points
            .iter()
            .map(|p| Point {
                period: p.period.clone(),
                value: p.value.map(|v| f(v).normalize()),
                note: p.note.clone(),
                flags: p.flags,
            })
            .collect();
        Series { points }
    }

    /// `numerator ÷ denominator` per period; a zero denominator gives `None` with
    /// `note_if_zero`, a quotient that does not fit the [`OVERFLOW`] note.
    pub fn ratio(
        periods: &[Period],
        numerator: &[Decimal],
        denominator: &[Decimal],
        note_if_zero: &str,
    ) -> Series {
        let points = periods
            .iter()
            .zip(numerator.iter().zip(denominator))
            .map(|(p, (n, d))| {
                let (value, note) = match quotient(*n, *d, note_if_zero) {
                    Ok(v) => (Some(v.normalize()), None),
                    Err(note) => (None, Some(note)),
                };
                Point {
                    period: p.label.clone(),
                    value,
                    note,
                    flags: Flags::default(),
                }
            })
            .collect();
        Series { points }
    }
}

/// The note of a value beyond what a decimal holds (about 7.9 × 10²⁸, or 28 significant
/// digits): the value is null with this note, never a wrong number or a panic.
pub const OVERFLOW: &str = "overflow";

/// `a + b`, or the [`OVERFLOW`] note.
pub fn sum(a: Decimal, b: Decimal) -> Result<Decimal, String> {
    a.checked_add(b).ok_or_else(|| OVERFLOW.to_string())
}

/// `a − b`, or the [`OVERFLOW`] note.
pub fn difference(a: Decimal, b: Decimal) -> Result<Decimal, String> {
    a.checked_sub(b).ok_or_else(|| OVERFLOW.to_string())
}

/// `a × b`, or the [`OVERFLOW`] note.
pub fn product(a: Decimal, b: Decimal) -> Result<Decimal, String> {
    a.checked_mul(b).ok_or_else(|| OVERFLOW.to_string())
}

/// `a ÷ b`: `note_if_zero` when `b` is zero, the [`OVERFLOW`] note when the quotient does not
/// fit.
pub fn quotient(a: Decimal, b: Decimal, note_if_zero: &str) -> Result<Decimal, String> {
    if b.is_zero() {
        return Err(note_if_zero.to_string());
    }
    a.checked_div(b).ok_or_else(|| OVERFLOW.to_string())
}

/// The median of `values`, `None` when there are none; with an even count the mean of the
/// two middle values.
///
/// ```
/// use vitals_core::{median, Decimal};
/// let v = [3, 1, 4, 2].map(Decimal::from).to_vec();
/// assert_eq!(median(v), Some(Decimal::new(25, 1)));
/// ```
pub fn median(mut values: Vec<Decimal>) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / Decimal::TWO
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn arithmetic_that_does_not_fit_is_the_overflow_note_and_zero_is_its_own() {
        let half = Decimal::new(5, 1);
        assert_eq!(
            quotient(Decimal::MAX, half, "no orders"),
            Err("overflow".to_string())
        );
        assert_eq!(
            quotient(Decimal::ONE, Decimal::ZERO, "no orders"),
            Err("no orders".to_string())
        );
        assert_eq!(quotient(Decimal::ONE, half, "no orders"), Ok(Decimal::TWO));
        assert_eq!(
            product(Decimal::MAX, Decimal::TWO),
            Err(OVERFLOW.to_string())
        );
        assert_eq!(sum(Decimal::MAX, Decimal::ONE), Err(OVERFLOW.to_string()));
        assert_eq!(
            difference(Decimal::MIN, Decimal::ONE),
            Err(OVERFLOW.to_string())
        );
        let periods = crate::Periods::new(
            crate::Grain::Month,
            crate::parse_date_arg("2026-01").unwrap(),
            crate::parse_date_arg("2026-03").unwrap(),
        )
        .unwrap();
        let s = Series::ratio(
            periods.as_slice(),
            &[Decimal::MAX, Decimal::ONE],
            &[half, Decimal::ZERO],
            "no orders",
        );
        assert_eq!(s.points[0].note.as_deref(), Some("overflow"));
        assert_eq!(s.points[1].note.as_deref(), Some("no orders"));
        assert_eq!(s.values(), [None, None]);
    }

    use super::*;
    use crate::{Grain, Periods, parse_date_arg};

    fn periods() -> Periods {
        Periods::new(
            Grain::Month,
            parse_date_arg("2026-01").unwrap(),
            parse_date_arg("2026-03").unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn ratio_is_null_with_a_note_on_zero_denominator() {
        let p = periods();
        let s = Series::ratio(
            p.as_slice(),
            &[Decimal::from(1), Decimal::from(1)],
            &[Decimal::from(4), Decimal::ZERO],
            "no visitors",
        );
        assert_eq!(s.points[0].value, Some(Decimal::new(25, 2)));
        assert_eq!(s.points[1].value, None);
        assert_eq!(s.points[1].note.as_deref(), Some("no visitors"));
    }

    #[test]
    fn median_of_odd_and_empty() {
        assert_eq!(median(vec![Decimal::from(5)]), Some(Decimal::from(5)));
        assert_eq!(median(vec![]), None);
    }
}
