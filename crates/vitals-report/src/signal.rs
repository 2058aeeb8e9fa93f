//! Signals: whether a metric's last value is unusual against the metric's own history.
//!
//! The method is the robust (modified) z-score of period-over-period changes, fit for short
//! series: the change into the last period is compared with the earlier changes by their
//! median and their median absolute deviation (MAD), `z = 0.6745 × (change − median) ÷ MAD`
//! (Iglewicz and Hoaglin). When more than half the earlier changes are equal the MAD is 0 and
//! the mean absolute deviation stands in, `z = (change − median) ÷ (1.253314 × meanAD)`; when
//! every earlier change is equal, any other change is unusual (its score is then undefined)
//! and the same change is not.

use rust_decimal::Decimal;
use serde::Serialize;
use vitals_core::{Direction, median};

/// The default threshold on the absolute score.
pub const DEFAULT_THRESHOLD: Decimal = Decimal::from_parts(35, 0, 0, false, 1);

/// The fewest earlier changes a signal is judged on.
pub const MIN_HISTORY: usize = 6;

/// 0.6745: the 75th percentile of the standard normal, so that MAD ÷ 0.6745 estimates the
/// standard deviation of normal data.
const MAD_SCALE: Decimal = Decimal::from_parts(6745, 0, 0, false, 4);

/// 1.253314 (√(π/2)): mean absolute deviation × 1.253314 estimates the standard deviation of
/// normal data.
const MEAN_AD_SCALE: Decimal = Decimal::from_parts(1_253_314, 0, 0, false, 6);

/// Whether an unusual move is bad or good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    /// Against the metric's direction.
    Warning,
    /// In the metric's good direction, or a neutral metric.
    Notable,
}

impl SignalKind {
    /// `warning` or `notable`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignalKind::Warning => "warning",
            SignalKind::Notable => "notable",
        }
    }
}

/// An unusual last value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    /// Warning or notable.
    pub kind: SignalKind,
    /// The robust z-score of the last change; none when every earlier change was the same
    /// (no spread to measure against).
    pub score: Option<Decimal>,
    /// The lowest last value that would not have signalled.
    pub expected_low: Decimal,
    /// The highest last value that would not have signalled.
    pub expected_high: Decimal,
    /// What the score was computed from, for people.
    pub basis: String,
}

/// The signal on the last value of `values`, if it is unusual against the earlier
/// period-over-period changes (`|z| > threshold`). None when the last or the previous value
/// is missing, when fewer than [`MIN_HISTORY`] earlier changes are known (a change needs two
/// consecutive values), or when the last change is usual.
pub fn detect(
    values: &[Option<Decimal>],
    labels: &[&str],
    direction: Direction,
    threshold: Decimal,
) -> Option<Signal> {
    let n = values.len();
    if n < 2 {
        return None;
    }
    let (prev, last) = (values[n - 2]?, values[n - 1]?);
    let change = last.checked_sub(prev)?;
    let earlier: Vec<Decimal> = values[..n - 1]
        .windows(2)
        .filter_map(|w| w[1]?.checked_sub(w[0]?))
        .collect();
    if earlier.len() < MIN_HISTORY {
        return None;
    }
    let middle = median(earlier.clone())?;
    let deviations: Vec<Decimal> = earlier.iter().map(|c| (*c - middle).abs()).collect();
    let mad = median(deviations.clone())?;
    // The spread, in the units of a standard deviation, and what it is.
    let (spread, measure) = if !mad.is_zero() {
        (mad.checked_div(MAD_SCALE)?, format!("MAD {}", num(mad)))
    } else {
        let mean = deviations.iter().copied().sum::<Decimal>() / Decimal::from(deviations.len());
        (
            mean.checked_mul(MEAN_AD_SCALE)?,
            format!("MAD 0, mean absolute deviation {}", num(mean)),
        )
    };
    let departure = change - middle;
    let score = if spread.is_zero() {
        None
    } else {
        Some(departure.checked_div(spread)?)
    };
    let unusual = match score {
        Some(z) => z.abs() > threshold,
        None => !departure.is_zero(),
    };
    if !unusual {
        return None;
    }
    let room = threshold.checked_mul(spread)?;
    let centre = prev.checked_add(middle)?;
    let good = match direction {
        Direction::HigherIsBetter => departure > Decimal::ZERO,
        Direction::LowerIsBetter => departure < Decimal::ZERO,
        Direction::Neutral => true,
    };
    let from = labels.get(n - 2).copied().unwrap_or("the previous period");
    let to = labels.get(n - 1).copied().unwrap_or("the last period");
    Some(Signal {
        kind: if good {
            SignalKind::Notable
        } else {
            SignalKind::Warning
        },
        score: score.map(|z| z.round_dp(2)),
        expected_low: centre.checked_sub(room)?,
        expected_high: centre.checked_add(room)?,
        basis: format!(
            "change {from} → {to} {} against the median {} ({measure}) of {} earlier changes",
            signed(change),
            signed(middle),
            earlier.len()
        ),
    })
}

/// A number for the basis text: four significant digits.
fn num(d: Decimal) -> String {
    d.round_sf(4).unwrap_or(d).normalize().to_string()
}

/// [`num`] with its sign: `+3`, `-0.5`, `0`.
fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", num(d))
    } else {
        num(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(v: &[i64]) -> Vec<Option<Decimal>> {
        v.iter().map(|x| Some(Decimal::from(*x))).collect()
    }

    const T: Decimal = DEFAULT_THRESHOLD;

    #[test]
    fn a_spike_is_scored_by_hand() {
        // Changes before the last: +1 +2 +1 +2 +1 +2 +1 (median 1, deviations 0 1 0 1 0 1 0,
        // MAD 0 → mean AD 3/7); the last change +10: z = 9 ÷ (1.253314 × 3/7) = 16.76.
        let values = dec(&[10, 11, 13, 14, 16, 17, 19, 20, 30]);
        let s = detect(&values, &[], Direction::HigherIsBetter, T).expect("a spike signals");
        assert_eq!(s.kind, SignalKind::Notable);
        assert_eq!(s.score, Some(Decimal::new(1676, 2)));
        assert!(s.basis.contains("+10 against the median +1"), "{}", s.basis);
        assert!(s.basis.contains("MAD 0, mean absolute deviation 0.4286"));
        // Expected: 20 + 1 ± 3.5 × 1.253314 × 3/7 = 21 ± 1.88.
        assert_eq!(s.expected_low.round_dp(4), Decimal::new(191200, 4));
        assert_eq!(s.expected_high.round_dp(4), Decimal::new(228800, 4));
    }

    #[test]
    fn a_drop_in_a_noisy_series_is_scored_with_the_mad() {
        // Changes +2 -1 +3 0 +1 -2 +4 +1 (sorted -2 -1 0 1 1 2 3 4: median 1; deviations
        // 3 2 1 0 0 1 2 3 → sorted 0 0 1 1 2 2 3 3: MAD 1.5); last change -9:
        // z = 0.6745 × (-10) ÷ 1.5 = -4.4967.
        let values = dec(&[100, 102, 101, 104, 104, 105, 103, 107, 108, 99]);
        let s = detect(&values, &[], Direction::HigherIsBetter, T).expect("a drop signals");
        assert_eq!(s.kind, SignalKind::Warning);
        assert_eq!(s.score, Some(Decimal::new(-450, 2)));
        // Expected: 108 + 1 ± 3.5 × 1.5 ÷ 0.6745.
        let room = Decimal::new(35, 1) * Decimal::new(15, 1) / Decimal::new(6745, 4);
        assert_eq!(
            s.expected_low.round_dp(10),
            (Decimal::from(109) - room).round_dp(10)
        );
        assert_eq!(
            s.expected_high.round_dp(10),
            (Decimal::from(109) + room).round_dp(10)
        );
        // The same drop is good news for a lower-is-better metric.
        let s = detect(&values, &[], Direction::LowerIsBetter, T).unwrap();
        assert_eq!(s.kind, SignalKind::Notable);
        // A smaller drop, -3 (z = -1.80), is usual.
        let mut usual = values.clone();
        usual[9] = Some(Decimal::from(105));
        assert_eq!(detect(&usual, &[], Direction::HigherIsBetter, T), None);
    }

    #[test]
    fn a_steady_series_never_signals_and_a_jump_from_it_does() {
        let steady = dec(&[5; 12]);
        assert_eq!(detect(&steady, &[], Direction::HigherIsBetter, T), None);
        let mut jump = steady.clone();
        jump[11] = Some(Decimal::new(51, 1));
        let s = detect(&jump, &[], Direction::LowerIsBetter, T).expect("any jump signals");
        assert_eq!(s.kind, SignalKind::Warning);
        assert_eq!(s.score, None);
        assert_eq!((s.expected_low, s.expected_high), (5.into(), 5.into()));
    }

    #[test]
    fn a_linear_series_never_signals() {
        let linear: Vec<Option<Decimal>> = (0..12).map(|i| Some(Decimal::new(3 * i, 1))).collect();
        assert_eq!(detect(&linear, &[], Direction::HigherIsBetter, T), None);
    }

    #[test]
    fn too_short_a_history_or_a_missing_value_never_signals() {
        // Six values: five changes, four of them earlier.
        let short = dec(&[1, 1, 1, 1, 1, 100]);
        assert_eq!(detect(&short, &[], Direction::HigherIsBetter, T), None);
        // Eight values: seven changes, six earlier: enough.
        let enough = dec(&[1, 1, 1, 1, 1, 1, 1, 100]);
        assert!(detect(&enough, &[], Direction::HigherIsBetter, T).is_some());
        // A gap removes the changes on either side of it: four earlier changes.
        let mut gap = enough.clone();
        gap[3] = None;
        assert_eq!(detect(&gap, &[], Direction::HigherIsBetter, T), None);
        let mut no_last = enough.clone();
        no_last[7] = None;
        assert_eq!(detect(&no_last, &[], Direction::HigherIsBetter, T), None);
    }

    #[test]
    fn the_basis_names_the_periods() {
        let values = dec(&[1, 1, 1, 1, 1, 1, 1, 3]);
        let labels = ["a", "b", "c", "d", "e", "f", "2026-01", "2026-02"];
        let s = detect(&values, &labels, Direction::Neutral, T).unwrap();
        assert_eq!(s.kind, SignalKind::Notable);
        assert_eq!(
            s.basis,
            "change 2026-01 → 2026-02 +2 against the median 0 (MAD 0, mean absolute deviation 0) of 6 earlier changes"
        );
    }

    proptest! {
        #[test]
        fn constant_and_linear_series_never_signal(
            start in -1_000_000i64..1_000_000,
            step in -10_000i64..10_000,
            scale in 0u32..6,
            n in 2usize..40,
        ) {
            let values: Vec<Option<Decimal>> = (0..n as i64)
                .map(|i| Some(Decimal::new(start + step * i, scale)))
                .collect();
            for d in [Direction::HigherIsBetter, Direction::LowerIsBetter, Direction::Neutral] {
                prop_assert_eq!(detect(&values, &[], d, T), None);
            }
        }

        #[test]
        fn a_large_enough_jump_always_signals_in_the_kind_its_direction_gives(
            noise in proptest::collection::vec(-100i64..100, 7..30),
            jump in 1i64..1_000_000,
            up in any::<bool>(),
        ) {
            // A history of changes in -100..100: the spread is at most 200 ÷ 0.6745 (or
            // 200 × 1.253314), so a departure of 3.5 × 300 + 200 from any median signals.
            let mut values = vec![Some(Decimal::ZERO)];
            for c in &noise {
                let last = values.last().unwrap().unwrap();
                values.push(Some(last + Decimal::from(*c)));
            }
            let big = Decimal::from(1_250 + jump);
            let last = values.last().unwrap().unwrap();
            values.push(Some(if up { last + big } else { last - big }));
            let s = detect(&values, &[], Direction::HigherIsBetter, T);
            prop_assert!(s.is_some());
            let s = s.unwrap();
            prop_assert_eq!(s.kind, if up { SignalKind::Notable } else { SignalKind::Warning });
            let s = detect(&values, &[], Direction::LowerIsBetter, T).unwrap();
            prop_assert_eq!(s.kind, if up { SignalKind::Warning } else { SignalKind::Notable });
            // The last value lies outside the expected range, on the side of the move.
            let v = values.last().unwrap().unwrap();
            let outside = if up { v > s.expected_high } else { v < s.expected_low };
            prop_assert!(outside);
        }
    }
}
