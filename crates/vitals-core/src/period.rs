//! Periods and time: a run covers `[from, to)` split into half-open periods of one [`Grain`].
//! All instants are UTC, held as [`chrono::NaiveDateTime`].

use crate::{Error, Result};
use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime};
use std::fmt;
use std::str::FromStr;

/// The length of the periods of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grain {
    /// A calendar day.
    Day,
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month (the default).
    #[default]
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
}

impl Grain {
    /// Every grain, shortest first.
    pub const ALL: [Grain; 5] = [
        Grain::Day,
        Grain::Week,
        Grain::Month,
        Grain::Quarter,
        Grain::Year,
    ];

    /// The lower-case name (`month`), also DataFusion's `date_trunc` unit.
    pub fn as_str(self) -> &'static str {
        match self {
            Grain::Day => "day",
            Grain::Week => "week",
            Grain::Month => "month",
            Grain::Quarter => "quarter",
            Grain::Year => "year",
        }
    }

    /// The start of the period that contains `t`.
    pub fn floor(self, t: NaiveDateTime) -> NaiveDateTime {
        let d = t.date();
        let start = match self {
            Grain::Day => d,
            Grain::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
            Grain::Month => d.with_day(1).expect("day 1 exists"),
            Grain::Quarter => {
                NaiveDate::from_ymd_opt(d.year(), (d.month0() / 3) * 3 + 1, 1).expect("valid")
            }
            Grain::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).expect("valid"),
        };
        start.and_hms_opt(0, 0, 0).expect("midnight exists")
    }

    /// The start of the period after the one starting at `start`.
    pub fn next(self, start: NaiveDateTime) -> NaiveDateTime {
        match self {
            Grain::Day => start + Duration::days(1),
            Grain::Week => start + Duration::days(7),
            Grain::Month => start + Months::new(1),
            Grain::Quarter => start + Months::new(3),
            Grain::Year => start + Months::new(12),
        }
    }

    /// The start of the period before the one starting at `start`.
    pub fn prev(self, start: NaiveDateTime) -> NaiveDateTime {
        match self {
            Grain::Day => start - Duration::days(1),
            Grain::Week => start - Duration::days(7),
            Grain::Month => start - Months::new(1),
            Grain::Quarter => start - Months::new(3),
            Grain::Year => start - Months::new(12),
        }
    }

    /// The label of the period starting at `start`: `2026-03-05`, `2026-W10`, `2026-03`,
    /// `2026-Q1`, `2026`.
    pub fn label(self, start: NaiveDateTime) -> String {
        let d = start.date();
        match self {
            Grain::Day => d.format("%Y-%m-%d").to_string(),
            Grain::Week => {
                let w = d.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Grain::Month => d.format("%Y-%m").to_string(),
            Grain::Quarter => format!("{}-Q{}", d.year(), d.month0() / 3 + 1),
            Grain::Year => d.format("%Y").to_string(),
        }
    }
}

impl fmt::Display for Grain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Grain {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Grain::ALL
            .into_iter()
            .find(|g| g.as_str() == s)
            .ok_or_else(|| Error::Unknown {
                kind: "grain",
                name: s.to_string(),
                suggestion: crate::did_you_mean(s, Grain::ALL.map(Grain::as_str)),
            })
    }
}

/// One half-open period `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// Position in the run, from 0.
    pub idx: usize,
    /// Human label (`2026-03`).
    pub label: String,
    /// First instant in the period.
    pub start: NaiveDateTime,
    /// First instant after the period.
    pub end: NaiveDateTime,
}

impl Period {
    /// Length of the period in whole days.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    /// Length of the period in seconds.
    pub fn seconds(&self) -> i64 {
        (self.end - self.start).num_seconds()
    }
}

/// The periods of a run, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Periods {
    grain: Grain,
    periods: Vec<Period>,
}

impl Periods {
    /// The periods of `grain` covering `[from, to)`; `from` is floored and `to` rounded up to
    /// period boundaries. An empty range is an error.
    pub fn new(grain: Grain, from: NaiveDateTime, to: NaiveDateTime) -> Result<Self> {
        if from >= to {
            return Err(Error::Range(format!(
                "empty range: --from {} is not before --to {}",
                from.format("%Y-%m-%d"),
                to.format("%Y-%m-%d")
            )));
        }
        let mut start = grain.floor(from);
        let mut periods = Vec::new();
        while start < to {
            let end = grain.next(start);
            periods.push(Period {
                idx: periods.len(),
                label: grain.label(start),
                start,
                end,
            });
            start = end;
        }
        Ok(Periods { grain, periods })
    }

    /// The default range: the last `count` complete periods that data spanning
    /// `[first, last]` covers. A period is complete when the data reaches the end of the day
    /// of its last instant. When the data covers fewer periods, the range starts with the
    /// period that holds `first`.
    pub fn last_complete(
        grain: Grain,
        first: NaiveDateTime,
        last: NaiveDateTime,
        count: usize,
    ) -> Result<Self> {
        let covered_until = (last.date() + Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .expect("midnight");
        let mut end = grain.floor(covered_until);
        if end <= grain.floor(first) {
            return Err(Error::Range(format!(
                "the data ({} to {}) does not cover one complete {grain}; pass --from and --to or a shorter --grain",
                first.format("%Y-%m-%d %H:%M:%S"),
                last.format("%Y-%m-%d %H:%M:%S"),
            )));
        }
        let mut start = end;
        for _ in 0..count {
            if start <= grain.floor(first) {
                break;
            }
            start = grain.prev(start);
        }
        if start >= end {
            end = grain.next(start);
        }
        Periods::new(grain, start, end)
    }

    /// The grain.
    pub fn grain(&self) -> Grain {
        self.grain
    }

    /// The periods in order.
    pub fn as_slice(&self) -> &[Period] {
        &self.periods
    }

    /// Number of periods.
    pub fn len(&self) -> usize {
        self.periods.len()
    }

    /// True when there are no periods (never, for a value built by [`Periods::new`]).
    pub fn is_empty(&self) -> bool {
        self.periods.is_empty()
    }

    /// Start of the first period.
    pub fn start(&self) -> NaiveDateTime {
        self.periods[0].start
    }

    /// End of the last period.
    pub fn end(&self) -> NaiveDateTime {
        self.periods[self.periods.len() - 1].end
    }
}

/// Parses a `--from`/`--to` argument: `YYYY-MM-DD`, `YYYY-MM` (first of the month) or a
/// full `YYYY-MM-DD HH:MM:SS`/RFC 3339 timestamp, read as UTC.
pub fn parse_date_arg(s: &str) -> Result<NaiveDateTime> {
    let bad = || {
        Error::Range(format!(
            "bad date `{s}`: expected YYYY-MM-DD, YYYY-MM or YYYY-MM-DD HH:MM:SS"
        ))
    };
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).expect("midnight"));
    }
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).expect("midnight"));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S") {
        return Ok(t);
    }
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.naive_utc())
        .map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        parse_date_arg(s).unwrap()
    }

    #[test]
    fn months_are_half_open_and_labelled() {
        let p = Periods::new(Grain::Month, t("2026-01-15"), t("2026-03-01")).unwrap();
        let labels: Vec<_> = p.as_slice().iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2026-01", "2026-02"]);
        assert_eq!(p.as_slice()[1].start, t("2026-02-01"));
        assert_eq!(p.as_slice()[1].end, t("2026-03-01"));
        assert_eq!(p.as_slice()[1].days(), 28);
    }

    #[test]
    fn weeks_start_on_monday_and_use_iso_numbers() {
        // 2026-01-01 is a Thursday; its ISO week is 2026-W01 starting Monday 2025-12-29.
        let p = Periods::new(Grain::Week, t("2026-01-01"), t("2026-01-06")).unwrap();
        assert_eq!(p.as_slice()[0].start, t("2025-12-29"));
        assert_eq!(p.as_slice()[0].label, "2026-W01");
        assert_eq!(p.as_slice()[1].label, "2026-W02");
    }

    #[test]
    fn quarters_and_years() {
        let q = Periods::new(Grain::Quarter, t("2025-11-01"), t("2026-04-01")).unwrap();
        let labels: Vec<_> = q.as_slice().iter().map(|p| p.label.clone()).collect();
        assert_eq!(labels, ["2025-Q4", "2026-Q1"]);
        let y = Periods::new(Grain::Year, t("2025-06-01"), t("2026-01-01")).unwrap();
        assert_eq!(y.len(), 1);
        assert_eq!(y.as_slice()[0].days(), 365);
    }

    #[test]
    fn empty_range_is_an_error() {
        let err = Periods::new(Grain::Month, t("2026-03-01"), t("2026-01-01")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "empty range: --from 2026-03-01 is not before --to 2026-01-01"
        );
    }

    #[test]
    fn default_range_is_the_last_complete_periods() {
        let p = Periods::last_complete(Grain::Month, t("2024-10-01"), t("2026-09-30 23:10:00"), 12)
            .unwrap();
        assert_eq!(p.len(), 12);
        assert_eq!(p.as_slice()[0].label, "2025-10");
        assert_eq!(p.as_slice()[11].label, "2026-09");
        // Data that stops mid-month: that month is not complete.
        let p = Periods::last_complete(Grain::Month, t("2026-01-10"), t("2026-04-12"), 12).unwrap();
        let labels: Vec<_> = p.as_slice().iter().map(|p| p.label.clone()).collect();
        assert_eq!(labels, ["2026-01", "2026-02", "2026-03"]);
    }

    #[test]
    fn unknown_grain_suggests() {
        let err = "mnth".parse::<Grain>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown grain `mnth`; did you mean `month`?"
        );
    }
}
