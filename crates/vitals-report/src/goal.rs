//! Goals: a target value by a date, with optional milestones on the way, and whether the
//! metric's last value is ahead of, on, or behind the straight path to it.
//!
//! The path runs in straight lines from the baseline at the start date through each
//! milestone to the target at the `by` date; before the start it is the baseline and after
//! `by` the target. A period's value stands at the period's last day (March 2026 at
//! 2026-03-31), so a goal `by = "2026-06-30"` is due with the June value.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use vitals_core::Direction;

/// The default tolerance of "on track": 2 % of the target.
pub const DEFAULT_TOLERANCE: Decimal = Decimal::from_parts(2, 0, 0, false, 2);

/// A goal as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalSpec {
    /// The value to reach.
    pub target: Decimal,
    /// The day it is due.
    pub by: NaiveDate,
    /// The day the path starts; default the last day of the run's first period.
    pub start: Option<NaiveDate>,
    /// The value the path starts from; default the metric's value in the period holding
    /// `start`.
    pub baseline: Option<Decimal>,
    /// Checkpoints on the way, in date order, each strictly between the start and `by`.
    pub milestones: Vec<(NaiveDate, Decimal)>,
    /// How far from the path (a share of the target's size) still counts as on track.
    pub tolerance: Decimal,
}

/// Where the last value stands against the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    /// Better than the path by more than the tolerance, or the target already reached.
    Ahead,
    /// Within the tolerance of the path.
    OnTrack,
    /// Worse than the path by more than the tolerance.
    Behind,
    /// No last value, or no baseline to draw the path from.
    NoValue,
    /// The last value is partial or provisional: not judged.
    Provisional,
}

impl GoalStatus {
    /// `ahead`, `on track`, `behind`, `no value`, `provisional`.
    pub fn label(self) -> &'static str {
        match self {
            GoalStatus::Ahead => "ahead",
            GoalStatus::OnTrack => "on track",
            GoalStatus::Behind => "behind",
            GoalStatus::NoValue => "no value",
            GoalStatus::Provisional => "provisional",
        }
    }
}

/// A goal judged on a run's last period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// The value to reach.
    pub target: Decimal,
    /// The day it is due.
    pub by: NaiveDate,
    /// The day the path starts.
    pub start: NaiveDate,
    /// The value the path starts from, when known.
    pub baseline: Option<Decimal>,
    /// The milestones.
    pub milestones: Vec<(NaiveDate, Decimal)>,
    /// Where the path is at the last period.
    pub expected: Option<Decimal>,
    /// The last value against it.
    pub status: GoalStatus,
    /// The path at each period of the run (none before the start).
    pub path: Vec<Option<Decimal>>,
    /// Why the status is `no value`, when it is.
    pub note: Option<String>,
}

impl GoalSpec {
    /// The goal on a series: `days` holds the last day of each period (local), `values` the
    /// metric's value in each.
    pub fn judge(
        &self,
        days: &[(NaiveDate, NaiveDate)],
        values: &[Option<Decimal>],
        direction: Direction,
    ) -> Goal {
        let last_days: Vec<NaiveDate> = days.iter().map(|(_, last)| *last).collect();
        let start = self
            .start
            .or_else(|| last_days.first().copied())
            .unwrap_or(self.by);
        let mut note = None;
        let baseline = match self.baseline {
            Some(b) => Some(b),
            None => {
                let holding = days
                    .iter()
                    .position(|(first, last)| *first <= start && start <= *last);
                match holding.map(|i| values[i]) {
                    Some(Some(v)) => Some(v),
                    Some(None) => {
                        note = Some(format!(
                            "no baseline: the metric has no value in the period holding the start {start}; give baseline"
                        ));
                        None
                    }
                    None => {
                        note = Some(format!(
                            "no baseline: the start {start} is outside the run's periods; give baseline or run a range that includes it"
                        ));
                        None
                    }
                }
            }
        };
        let path: Vec<Option<Decimal>> = last_days
            .iter()
            .map(|d| {
                let b = baseline?;
                (*d >= start).then(|| self.at(start, b, *d)).flatten()
            })
            .collect();
        let expected = baseline.and_then(|b| {
            last_days
                .last()
                .and_then(|d| self.at(start, b, (*d).max(start)))
        });
        let last = values.last().copied().flatten();
        if last.is_none() && note.is_none() {
            note = Some("no value in the last period".to_string());
        }
        let status = match (last, expected, baseline) {
            (Some(v), Some(e), Some(b)) => self.status(v, e, b, direction),
            _ => GoalStatus::NoValue,
        };
        Goal {
            target: self.target,
            by: self.by,
            start,
            baseline,
            milestones: self.milestones.clone(),
            expected,
            status,
            path,
            note,
        }
    }

    /// The path's value on `day`, from `baseline` at `start`.
    fn at(&self, start: NaiveDate, baseline: Decimal, day: NaiveDate) -> Option<Decimal> {
        let mut knots = vec![(start, baseline)];
        knots.extend(self.milestones.iter().copied());
        knots.push((self.by, self.target));
        if day <= start {
            return Some(baseline);
        }
        if day >= self.by {
            return Some(self.target);
        }
        let i = knots.windows(2).position(|w| day <= w[1].0)?;
        let ((d0, v0), (d1, v1)) = (knots[i], knots[i + 1]);
        let span = (d1 - d0).num_days();
        if span <= 0 {
            return Some(v1);
        }
        let done = Decimal::from((day - d0).num_days());
        let rise = (v1 - v0)
            .checked_mul(done)?
            .checked_div(Decimal::from(span))?;
        v0.checked_add(rise)
    }

    /// `value` against `expected`, in the direction the goal asks for: the metric's, or for a
    /// neutral metric from the baseline towards the target.
    fn status(
        &self,
        value: Decimal,
        expected: Decimal,
        baseline: Decimal,
        direction: Direction,
    ) -> GoalStatus {
        let tolerance = self.tolerance * self.target.abs();
        let up = match direction {
            Direction::HigherIsBetter => Some(true),
            Direction::LowerIsBetter => Some(false),
            Direction::Neutral if self.target > baseline => Some(true),
            Direction::Neutral if self.target < baseline => Some(false),
            Direction::Neutral => None,
        };
        let Some(up) = up else {
            // Hold a level: on track while within the tolerance of it.
            return if (value - self.target).abs() <= tolerance {
                GoalStatus::OnTrack
            } else {
                GoalStatus::Behind
            };
        };
        let reached = if up {
            value >= self.target
        } else {
            value <= self.target
        };
        if reached {
            return GoalStatus::Ahead;
        }
        let better = if up {
            value - expected
        } else {
            expected - value
        };
        if better > tolerance {
            GoalStatus::Ahead
        } else if better < -tolerance {
            GoalStatus::Behind
        } else {
            GoalStatus::OnTrack
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Months January … `n`th of 2026 as (first day, last day).
    fn months(n: u32) -> Vec<(NaiveDate, NaiveDate)> {
        (1..=n)
            .map(|m| {
                let first = NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
                } else {
                    NaiveDate::from_ymd_opt(2026, m + 1, 1).unwrap()
                };
                (first, next.pred_opt().unwrap())
            })
            .collect()
    }

    fn goal(target: i64, by: &str) -> GoalSpec {
        GoalSpec {
            target: target.into(),
            by: day(by),
            start: None,
            baseline: None,
            milestones: Vec::new(),
            tolerance: DEFAULT_TOLERANCE,
        }
    }

    fn values(v: &[i64]) -> Vec<Option<Decimal>> {
        v.iter().map(|x| Some(Decimal::from(*x))).collect()
    }

    #[test]
    fn behind_on_track_and_ahead_on_a_hand_computed_path() {
        // From 100 at 2026-01-31 to 200 at 2026-07-31 (181 days). At 2026-03-31 (59 days):
        // 100 + 100 × 59 ÷ 181 = 132.597…; tolerance 2 % of 200 = 4.
        let g = goal(200, "2026-07-31");
        let days = months(3);
        let judged = g.judge(&days, &values(&[100, 110, 120]), Direction::HigherIsBetter);
        assert_eq!(judged.start, day("2026-01-31"));
        assert_eq!(judged.baseline, Some(100.into()));
        assert_eq!(
            judged.expected.unwrap().round_dp(3),
            Decimal::new(132597, 3)
        );
        assert_eq!(judged.status, GoalStatus::Behind);
        // 129 is within 4 of 132.6: on track; 137 is more than 4 above: ahead.
        let on = g.judge(&days, &values(&[100, 110, 129]), Direction::HigherIsBetter);
        assert_eq!(on.status, GoalStatus::OnTrack);
        let ahead = g.judge(&days, &values(&[100, 110, 137]), Direction::HigherIsBetter);
        assert_eq!(ahead.status, GoalStatus::Ahead);
        // The path at each period: the baseline, then 100 + 100 × 28 ÷ 181 = 115.469…
        assert_eq!(judged.path[0], Some(100.into()));
        assert_eq!(judged.path[1].unwrap().round_dp(3), Decimal::new(115470, 3));
    }

    #[test]
    fn a_lower_is_better_goal_reads_the_other_way() {
        // Churn from 5 % to 3 % by 2026-05-31 (120 days from 2026-01-31); at 2026-03-31
        // (59 days): 0.05 − 0.02 × 59 ÷ 120 = 0.040167; tolerance 2 % of 0.03 = 0.0006.
        let g = GoalSpec {
            target: Decimal::new(3, 2),
            ..goal(0, "2026-05-31")
        };
        let v = |x: i64| Some(Decimal::new(x, 4));
        let days = months(3);
        let behind = g.judge(&days, &[v(500), v(480), v(410)], Direction::LowerIsBetter);
        assert_eq!(behind.expected.unwrap().round_dp(6), Decimal::new(40167, 6));
        assert_eq!(behind.status, GoalStatus::Behind);
        let ahead = g.judge(&days, &[v(500), v(480), v(390)], Direction::LowerIsBetter);
        assert_eq!(ahead.status, GoalStatus::Ahead);
        let on = g.judge(&days, &[v(500), v(480), v(404)], Direction::LowerIsBetter);
        assert_eq!(on.status, GoalStatus::OnTrack);
    }

    #[test]
    fn a_reached_goal_is_ahead_and_the_path_stops_at_the_target() {
        let g = goal(150, "2026-02-28");
        let judged = g.judge(
            &months(4),
            &values(&[100, 120, 140, 151]),
            Direction::HigherIsBetter,
        );
        assert_eq!(judged.expected, Some(150.into()));
        assert_eq!(judged.status, GoalStatus::Ahead);
        assert_eq!(judged.path[3], Some(150.into()));
        // Past the date and short of the target: behind.
        let short = g.judge(
            &months(4),
            &values(&[100, 120, 140, 130]),
            Direction::HigherIsBetter,
        );
        assert_eq!(short.status, GoalStatus::Behind);
    }

    #[test]
    fn milestones_bend_the_path() {
        // 100 at 2026-01-31, 110 at 2026-03-31 (a slow start), 200 at 2026-05-31.
        // At 2026-04-30: 110 + 90 × 30 ÷ 61 = 154.262…
        let g = GoalSpec {
            milestones: vec![(day("2026-03-31"), 110.into())],
            ..goal(200, "2026-05-31")
        };
        let days = months(4);
        let at_milestone = g.judge(
            &days[..3],
            &values(&[100, 104, 111]),
            Direction::HigherIsBetter,
        );
        assert_eq!(at_milestone.expected, Some(110.into()));
        assert_eq!(at_milestone.status, GoalStatus::OnTrack);
        let after = g.judge(
            &days,
            &values(&[100, 104, 111, 150]),
            Direction::HigherIsBetter,
        );
        assert_eq!(after.expected.unwrap().round_dp(3), Decimal::new(154262, 3));
        assert_eq!(after.status, GoalStatus::Behind);
        // February: 100 + 10 × 28 ÷ 59 = 104.745…
        assert_eq!(after.path[1].unwrap().round_dp(3), Decimal::new(104746, 3));
    }

    #[test]
    fn a_start_and_a_baseline_from_the_config() {
        let g = GoalSpec {
            start: Some(day("2026-02-15")),
            ..goal(200, "2026-04-15")
        };
        // The baseline is February's value; before the start there is no path.
        let judged = g.judge(
            &months(3),
            &values(&[90, 100, 120]),
            Direction::HigherIsBetter,
        );
        assert_eq!(judged.baseline, Some(100.into()));
        assert_eq!(judged.path[0], None);
        // At 2026-03-31, 44 of 59 days: 100 + 100 × 44 ÷ 59 = 174.576…
        assert_eq!(
            judged.expected.unwrap().round_dp(3),
            Decimal::new(174576, 3)
        );
        let given = GoalSpec {
            baseline: Some(50.into()),
            ..g.clone()
        };
        let judged = given.judge(
            &months(3),
            &values(&[90, 100, 120]),
            Direction::HigherIsBetter,
        );
        assert_eq!(judged.baseline, Some(50.into()));
        // A start outside the run and no baseline: no status, and the note says why.
        let outside = GoalSpec {
            start: Some(day("2025-06-01")),
            ..goal(200, "2026-04-15")
        };
        let judged = outside.judge(
            &months(3),
            &values(&[90, 100, 120]),
            Direction::HigherIsBetter,
        );
        assert_eq!(judged.status, GoalStatus::NoValue);
        assert!(judged.note.unwrap().contains("outside the run's periods"));
    }

    #[test]
    fn no_last_value_is_no_status() {
        let judged = goal(200, "2026-07-31").judge(
            &months(2),
            &[Some(100.into()), None],
            Direction::HigherIsBetter,
        );
        assert_eq!(judged.status, GoalStatus::NoValue);
        assert_eq!(judged.note.as_deref(), Some("no value in the last period"));
    }

    #[test]
    fn a_neutral_metric_takes_its_direction_from_the_goal() {
        let g = goal(50, "2026-07-31");
        let judged = g.judge(&months(3), &values(&[100, 90, 70]), Direction::Neutral);
        // Down from 100 towards 50: 70 is below the path (≈ 83.7), which is ahead.
        assert_eq!(judged.status, GoalStatus::Ahead);
    }
}
