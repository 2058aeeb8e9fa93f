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

    /// The start of the period that contains `t`, in the ISO calendar (weeks from Monday,
    /// years from January); [`Calendar::floor`] for another.
    pub fn floor(self, t: NaiveDateTime) -> NaiveDateTime {
        Calendar::default().floor(self, t)
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

    /// The start of the same period a year before the one starting at `start`: 12 months
    /// earlier for days, months, quarters and years (29 February gives 28 February), 52 weeks
    /// for weeks (the same weekday).
    pub fn year_earlier(self, start: NaiveDateTime) -> NaiveDateTime {
        match self {
            Grain::Week => start - Duration::weeks(52),
            _ => start - Months::new(12),
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

    /// The label of the period starting at `start` in the ISO calendar: `2026-03-05`,
    /// `2026-W10`, `2026-03`, `2026-Q1`, `2026`; [`Calendar::label`] for another.
    pub fn label(self, start: NaiveDateTime) -> String {
        Calendar::default().label(self, start)
    }
}

/// The day weeks start on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WeekStart {
    /// Monday, as ISO 8601 (the default).
    #[default]
    Monday,
    /// Sunday, as in the United States.
    Sunday,
}

impl WeekStart {
    /// `monday` or `sunday`.
    pub fn as_str(self) -> &'static str {
        match self {
            WeekStart::Monday => "monday",
            WeekStart::Sunday => "sunday",
        }
    }
}

impl FromStr for WeekStart {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "monday" | "mon" => Ok(WeekStart::Monday),
            "sunday" | "sun" => Ok(WeekStart::Sunday),
            _ => Err(Error::Unknown {
                kind: "week start",
                name: s.to_string(),
                suggestion: or_expected(
                    crate::did_you_mean(&s.to_ascii_lowercase(), ["monday", "sunday"]),
                    "monday or sunday",
                ),
            }),
        }
    }
}

/// A did-you-mean suggestion, or when there is none what was expected.
fn or_expected(suggestion: String, expected: &str) -> String {
    if suggestion.is_empty() {
        format!("; expected {expected}")
    } else {
        suggestion
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month by name (`april`, `Apr`) or number (`4`): its number, 1 to 12.
pub fn parse_month(s: &str) -> Result<u32> {
    let name = s.trim().to_ascii_lowercase();
    if let Ok(n @ 1..=12) = name.parse::<u32>() {
        return Ok(n);
    }
    let found = MONTHS
        .iter()
        .position(|m| *m == name || (name.len() >= 3 && m.starts_with(&name)));
    match found {
        Some(i) => Ok(i as u32 + 1),
        None => Err(Error::Unknown {
            kind: "month",
            name: s.to_string(),
            suggestion: or_expected(
                crate::did_you_mean(&name, MONTHS),
                "a month name (april) or number (4)",
            ),
        }),
    }
}

/// How periods are cut from time beyond their grain: the day weeks start on and the month
/// fiscal years (and so quarters) start in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    /// The first day of a week.
    pub week_start: WeekStart,
    /// The month a fiscal year starts in, 1 (January, the default) to 12; quarters start in
    /// it and every third month after.
    pub fiscal_year_start: u32,
    /// The time zone whose local midnights bound the periods (UTC by default).
    pub zone: Zone,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            week_start: WeekStart::Monday,
            fiscal_year_start: 1,
            zone: Zone::UTC,
        }
    }
}

/// A time zone: UTC or an IANA zone (`Europe/Berlin`). Instants stay UTC; a zone says where
/// local midnights fall and how periods are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Zone(Option<chrono_tz::Tz>);

impl Zone {
    /// UTC.
    pub const UTC: Zone = Zone(None);

    /// The IANA name (`UTC` for UTC).
    pub fn name(&self) -> &'static str {
        self.0.map_or("UTC", |tz| tz.name())
    }

    /// Whether this is UTC.
    pub fn is_utc(&self) -> bool {
        self.0.is_none()
    }

    /// The offset from UTC in seconds at the UTC instant `t`.
    pub fn offset_at(&self, t: NaiveDateTime) -> i64 {
        use chrono::{Offset, TimeZone};
        self.0.map_or(0, |tz| {
            i64::from(tz.offset_from_utc_datetime(&t).fix().local_minus_utc())
        })
    }

    /// The local wall-clock time of the UTC instant `t`.
    pub fn to_local(&self, t: NaiveDateTime) -> NaiveDateTime {
        t + Duration::seconds(self.offset_at(t))
    }

    /// The UTC instant of the local wall-clock time `local`: the earlier one when the clock
    /// shows it twice (a fall-back), the first time after it when it is skipped (a
    /// spring-forward).
    pub fn from_local(&self, local: NaiveDateTime) -> NaiveDateTime {
        use chrono::TimeZone;
        let Some(tz) = self.0 else { return local };
        let mut l = local;
        for _ in 0..(26 * 4) {
            if let Some(t) = tz.from_local_datetime(&l).earliest() {
                return t.naive_utc();
            }
            l += Duration::minutes(15);
        }
        local
    }

    /// The instants in `[from, to)` at which the offset changes, each with the offset before
    /// and after it, found by sampling every hour and narrowing to the second.
    pub fn transitions(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Vec<(NaiveDateTime, i64, i64)> {
        let mut out = Vec::new();
        if self.is_utc() {
            return out;
        }
        let mut t = from;
        let mut offset = self.offset_at(t);
        while t < to {
            let next = t + Duration::hours(1);
            let after = self.offset_at(next);
            if after != offset {
                // The first second with the new offset lies in (t, next].
                let (mut lo, mut hi) = (t, next);
                while hi - lo > Duration::seconds(1) {
                    let mid = lo + (hi - lo) / 2;
                    if self.offset_at(mid) == offset {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                out.push((hi, offset, after));
                offset = after;
            }
            t = next;
        }
        out
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Zone {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let name = s.trim();
        if name.eq_ignore_ascii_case("utc") || name.eq_ignore_ascii_case("z") {
            return Ok(Zone::UTC);
        }
        let found = chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(name));
        match found {
            Some(tz) => Ok(Zone(Some(*tz))),
            None => Err(Error::Unknown {
                kind: "time zone",
                name: s.to_string(),
                suggestion: or_expected(
                    crate::did_you_mean(name, chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())),
                    "an IANA name such as Europe/Berlin or America/New_York",
                ),
            }),
        }
    }
}

impl Calendar {
    /// Months from January to the fiscal year's first month, 0 to 11.
    fn fiscal_offset(&self) -> u32 {
        self.fiscal_year_start.clamp(1, 12) - 1
    }

    /// The start of the `grain` period that contains the UTC instant `t`: the UTC instant of
    /// the local midnight that starts it.
    pub fn floor(&self, grain: Grain, t: NaiveDateTime) -> NaiveDateTime {
        self.zone
            .from_local(self.floor_local(grain, self.zone.to_local(t)))
    }

    /// The start of the `grain` period after the one starting at the UTC instant `start`.
    pub fn next(&self, grain: Grain, start: NaiveDateTime) -> NaiveDateTime {
        self.zone.from_local(grain.next(self.zone.to_local(start)))
    }

    /// The start of the `grain` period before the one starting at the UTC instant `start`.
    pub fn prev(&self, grain: Grain, start: NaiveDateTime) -> NaiveDateTime {
        self.zone.from_local(grain.prev(self.zone.to_local(start)))
    }

    /// The start of the same `grain` period a year before the one starting at `start` (see
    /// [`Grain::year_earlier`]), in local time.
    pub fn year_earlier(&self, grain: Grain, start: NaiveDateTime) -> NaiveDateTime {
        self.zone
            .from_local(grain.year_earlier(self.zone.to_local(start)))
    }

    /// The local start of the `grain` period that holds the local time `t`.
    fn floor_local(&self, grain: Grain, t: NaiveDateTime) -> NaiveDateTime {
        let d = t.date();
        // Months since year 0, and the first month of the period that holds month `m`
        // when periods of `len` months start `offset` months after January.
        let month = |m: i32| {
            NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1)
                .expect("valid month")
        };
        let m = d.year() * 12 + d.month0() as i32;
        let first = |len: i32| {
            let offset = self.fiscal_offset() as i32;
            month(m - (m - offset).rem_euclid(len))
        };
        let start = match grain {
            Grain::Day => d,
            Grain::Week => {
                let back = match self.week_start {
                    WeekStart::Monday => d.weekday().num_days_from_monday(),
                    WeekStart::Sunday => d.weekday().num_days_from_sunday(),
                };
                d - Duration::days(i64::from(back))
            }
            Grain::Month => d.with_day(1).expect("day 1 exists"),
            Grain::Quarter => first(3),
            Grain::Year => first(12),
        };
        start.and_hms_opt(0, 0, 0).expect("midnight exists")
    }

    /// The label of the `grain` period starting at `start`: `2026-03-05`, `2026-W10`,
    /// `2026-03`, `2026-Q1`, `2026`. A Sunday week is named by the ISO week of its Monday. With
    /// a fiscal year that does not start in January, quarters and years are named by the
    /// calendar year the fiscal year ends in: `FY2026 Q1`, `FY2026`.
    pub fn label(&self, grain: Grain, start: NaiveDateTime) -> String {
        let d = self.zone.to_local(start).date();
        let offset = self.fiscal_offset();
        // The calendar year in which the fiscal year holding `d` ends.
        let fiscal_year = || {
            let m = d.year() * 12 + d.month0() as i32;
            let first = m - (m - offset as i32).rem_euclid(12);
            (first + 11).div_euclid(12)
        };
        match grain {
            Grain::Day => d.format("%Y-%m-%d").to_string(),
            Grain::Week => {
                let monday = match self.week_start {
                    WeekStart::Monday => d,
                    WeekStart::Sunday => d + Duration::days(1),
                };
                let w = monday.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Grain::Month => d.format("%Y-%m").to_string(),
            Grain::Quarter if offset == 0 => format!("{}-Q{}", d.year(), d.month0() / 3 + 1),
            Grain::Quarter => {
                let q = (d.month0() + 12 - offset) % 12 / 3 + 1;
                format!("FY{} Q{q}", fiscal_year())
            }
            Grain::Year if offset == 0 => d.format("%Y").to_string(),
            Grain::Year => format!("FY{}", fiscal_year()),
        }
    }

    /// SQL for the local start of the `grain` period holding the local time (or date)
    /// expression `local`: DataFusion's `date_trunc`, shifted for Sunday weeks and fiscal
    /// years.
    fn truncate_sql(&self, grain: Grain, local: &str) -> String {
        let offset = match grain {
            Grain::Quarter => self.fiscal_offset() % 3,
            Grain::Year => self.fiscal_offset(),
            _ => 0,
        };
        match (grain, self.week_start) {
            (Grain::Week, WeekStart::Sunday) => {
                format!("(date_trunc('week', {local} + INTERVAL '1 day') - INTERVAL '1 day')")
            }
            (Grain::Quarter | Grain::Year, _) if offset > 0 => format!(
                "(date_trunc('{g}', {local} - INTERVAL '{offset} months') + INTERVAL '{offset} months')",
                g = grain.as_str()
            ),
            _ => format!("date_trunc('{}', {local})", grain.as_str()),
        }
    }

    /// SQL for the start (a UTC instant) of the `grain` period holding the UTC timestamp
    /// expression `expr`; `window` bounds the instants whose offset changes are written out
    /// (rows outside it take the offset at its edge), and is ignored in UTC.
    pub fn bucket_sql(
        &self,
        grain: Grain,
        expr: &str,
        window: (NaiveDateTime, NaiveDateTime),
    ) -> String {
        if self.zone.is_utc() {
            return self.truncate_sql(grain, expr);
        }
        let local = self.local_sql(expr, window);
        self.utc_sql(&self.truncate_sql(grain, &local), window)
    }

    /// SQL for the start (a UTC instant) of the `grain` period holding the calendar date
    /// expression `expr` (a date column: not shifted, it is already local).
    pub fn bucket_date_sql(
        &self,
        grain: Grain,
        expr: &str,
        window: (NaiveDateTime, NaiveDateTime),
    ) -> String {
        if self.zone.is_utc() {
            return self.truncate_sql(grain, expr);
        }
        self.utc_sql(&self.truncate_sql(grain, expr), window)
    }

    /// SQL for the local wall-clock time of the UTC timestamp expression `expr`. The offset
    /// is added as whole microseconds: integer arithmetic, several times cheaper per row than
    /// adding an interval.
    pub fn local_sql(&self, expr: &str, window: (NaiveDateTime, NaiveDateTime)) -> String {
        if self.zone.is_utc() {
            return expr.to_string();
        }
        let changes = self.zone.transitions(window.0, window.1);
        let mut last = self.zone.offset_at(window.0);
        let mut case = String::from("CASE");
        for (at, before, after) in &changes {
            case.push_str(&format!(
                " WHEN {expr} < {} THEN {}",
                literal(*at),
                micros(*before)
            ));
            last = *after;
        }
        let offset = if changes.is_empty() {
            micros(last)
        } else {
            format!("{case} ELSE {} END", micros(last))
        };
        format!("to_timestamp_micros({} + ({offset}))", as_micros(expr))
    }

    /// SQL for the UTC instant of the local time expression `local` (the earlier one when
    /// the clock shows it twice), writing out the offset changes within `window`.
    pub fn utc_sql(&self, local: &str, window: (NaiveDateTime, NaiveDateTime)) -> String {
        let changes = self.zone.transitions(window.0, window.1);
        let mut last = self.zone.offset_at(window.0);
        let mut case = String::from("CASE");
        for (at, before, after) in &changes {
            // Local times before the change, read on the clock before it.
            let wall = *at + Duration::seconds(*before);
            case.push_str(&format!(
                " WHEN {local} < {} THEN {}",
                literal(wall),
                micros(*before)
            ));
            last = *after;
        }
        let offset = if changes.is_empty() {
            micros(last)
        } else {
            format!("{case} ELSE {} END", micros(last))
        };
        format!("to_timestamp_micros({} - ({offset}))", as_micros(local))
    }
}

/// SQL for a timestamp (or date) expression as microseconds since 1970-01-01.
fn as_micros(expr: &str) -> String {
    format!("arrow_cast(arrow_cast({expr}, 'Timestamp(Microsecond, None)'), 'Int64')")
}

/// `seconds` as a microseconds literal.
fn micros(seconds: i64) -> String {
    (seconds * 1_000_000).to_string()
}

/// `t` (UTC) as a SQL timestamp literal, `TIMESTAMP '2026-03-01 00:00:00'`: for bounds a
/// query can compare a column with directly, where a scalar subquery over `periods` would
/// have to be joined first.
pub fn timestamp_sql(t: NaiveDateTime) -> String {
    literal(t)
}

/// A timestamp literal.
fn literal(t: NaiveDateTime) -> String {
    format!("TIMESTAMP '{}'", t.format("%Y-%m-%d %H:%M:%S"))
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
    /// Length of the period in calendar days: a local day across a daylight-saving change
    /// (23 or 25 hours) is one day.
    pub fn days(&self) -> i64 {
        (self.end - self.start + Duration::hours(12)).num_days()
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
    calendar: Calendar,
    periods: Vec<Period>,
}

/// The start of the first period of `grain` that data starting at `first` covers whole:
/// `first` itself when it is a period boundary, else the next boundary.
pub fn first_whole_period(grain: Grain, calendar: Calendar, first: NaiveDateTime) -> NaiveDateTime {
    let floor = calendar.floor(grain, first);
    if floor == first {
        first
    } else {
        calendar.next(grain, floor)
    }
}

impl Periods {
    /// The periods of `grain` covering `[from, to)`; `from` is floored and `to` rounded up to
    /// period boundaries. An empty range is an error.
    pub fn new(grain: Grain, from: NaiveDateTime, to: NaiveDateTime) -> Result<Self> {
        Periods::in_calendar(grain, Calendar::default(), from, to)
    }

    /// The periods of `grain` in `calendar` covering `[from, to)`, as [`Periods::new`].
    pub fn in_calendar(
        grain: Grain,
        calendar: Calendar,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<Self> {
        if from >= to {
            return Err(Error::Range(format!(
                "empty range: --from {} is not before --to {}",
                from.format("%Y-%m-%d"),
                to.format("%Y-%m-%d")
            )));
        }
        let mut start = calendar.floor(grain, from);
        let mut periods = Vec::new();
        while start < to {
            let end = calendar.next(grain, start);
            periods.push(Period {
                idx: periods.len(),
                label: calendar.label(grain, start),
                start,
                end,
            });
            start = end;
        }
        Ok(Periods {
            grain,
            calendar,
            periods,
        })
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
        Periods::last_complete_in(grain, Calendar::default(), first, last, count)
    }

    /// [`Periods::last_complete`] in `calendar`.
    pub fn last_complete_in(
        grain: Grain,
        calendar: Calendar,
        first: NaiveDateTime,
        last: NaiveDateTime,
        count: usize,
    ) -> Result<Self> {
        let floor = |t| calendar.floor(grain, t);
        let zone = calendar.zone;
        let covered_until = zone.from_local(
            (zone.to_local(last).date() + Duration::days(1))
                .and_hms_opt(0, 0, 0)
                .expect("midnight"),
        );
        let mut end = floor(covered_until);
        // The first period must be whole too: data that starts inside a period covers it in
        // part, and its counts would read as a drop or a jump.
        let first_start = first_whole_period(grain, calendar, first);
        if end <= first_start {
            return Err(Error::Range(format!(
                "the data ({} to {}) does not cover one complete {grain}; pass --from and --to or a shorter --grain",
                first.format("%Y-%m-%d %H:%M:%S"),
                last.format("%Y-%m-%d %H:%M:%S"),
            )));
        }
        let mut start = end;
        for _ in 0..count {
            if start <= first_start {
                break;
            }
            start = calendar.prev(grain, start);
        }
        if start >= end {
            end = calendar.next(grain, start);
        }
        Periods::in_calendar(grain, calendar, start, end)
    }

    /// The grain.
    pub fn grain(&self) -> Grain {
        self.grain
    }

    /// The calendar the periods are cut in.
    pub fn calendar(&self) -> Calendar {
        self.calendar
    }

    /// The instants whose time-zone offset changes the SQL of these periods writes out: from
    /// 32 days before the period before the first (the look-back of the daily and
    /// previous-period views) to two days after the last. Rows outside it take the offset at
    /// its edge; they are placed outside the periods either way. Few changes keep the SQL
    /// cheap: each is a branch evaluated on every row.
    pub fn window(&self) -> (NaiveDateTime, NaiveDateTime) {
        (
            self.calendar.prev(self.grain, self.start()) - Duration::days(32),
            self.end() + Duration::days(2),
        )
    }

    /// SQL for the UTC instant of the local wall-clock time expression `local` (the earlier
    /// one when the clock shows it twice).
    pub fn utc_sql(&self, local: &str) -> String {
        if self.calendar.zone.is_utc() {
            return local.to_string();
        }
        self.calendar.utc_sql(local, self.window())
    }

    /// SQL for the start of the period of this run's grain holding the UTC timestamp
    /// expression `expr`: join it to `periods.start`.
    pub fn bucket_sql(&self, expr: &str) -> String {
        self.calendar.bucket_sql(self.grain, expr, self.window())
    }

    /// The start (a UTC instant) of the period before the first: the `prev_start` of the
    /// first row of the `periods` table.
    pub fn prev_start(&self) -> NaiveDateTime {
        self.calendar.prev(self.grain, self.start())
    }

    /// The local midnight (a UTC instant) `days` local days before the first period starts:
    /// with 30, the first day of the `days` table.
    pub fn days_before_start(&self, days: u32) -> NaiveDateTime {
        (0..days).fold(self.start(), |day, _| self.calendar.prev(Grain::Day, day))
    }

    /// SQL for the start (a UTC instant) of the local `grain` period (a day, a month)
    /// holding the UTC timestamp expression `expr`, in this run's calendar.
    pub fn bucket_sql_of(&self, grain: Grain, expr: &str) -> String {
        self.calendar.bucket_sql(grain, expr, self.window())
    }

    /// SQL for the start (a UTC instant) of the local `grain` period holding the calendar
    /// date expression `expr` (a date column, already local).
    pub fn bucket_date_sql(&self, grain: Grain, expr: &str) -> String {
        self.calendar.bucket_date_sql(grain, expr, self.window())
    }

    /// SQL for the local wall-clock time of the UTC timestamp expression `expr`.
    pub fn local_sql(&self, expr: &str) -> String {
        self.calendar.local_sql(expr, self.window())
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
        // Data that starts and stops mid-month: neither month is complete.
        let p = Periods::last_complete(Grain::Month, t("2026-01-10"), t("2026-04-12"), 12).unwrap();
        let labels: Vec<_> = p.as_slice().iter().map(|p| p.label.clone()).collect();
        assert_eq!(labels, ["2026-02", "2026-03"]);
        assert_eq!(
            first_whole_period(Grain::Week, Calendar::default(), t("2026-03-04")),
            t("2026-03-09")
        );
        assert_eq!(
            first_whole_period(Grain::Month, Calendar::default(), t("2026-03-01")),
            t("2026-03-01")
        );
    }

    fn fiscal(month: u32) -> Calendar {
        Calendar {
            fiscal_year_start: month,
            ..Calendar::default()
        }
    }

    #[test]
    fn sunday_weeks_start_on_sunday_and_take_the_iso_number_of_their_monday() {
        let sunday = Calendar {
            week_start: WeekStart::Sunday,
            ..Calendar::default()
        };
        // 2026-03-01 is a Sunday, 2026-03-07 the Saturday after it.
        for day in ["2026-03-01", "2026-03-04", "2026-03-07 23:59:59"] {
            assert_eq!(sunday.floor(Grain::Week, t(day)), t("2026-03-01"), "{day}");
        }
        assert_eq!(sunday.floor(Grain::Week, t("2026-03-08")), t("2026-03-08"));
        assert_eq!(sunday.label(Grain::Week, t("2026-03-01")), "2026-W10");
        // The Sunday before ISO week 1 of 2026 (Monday 2025-12-29).
        assert_eq!(sunday.label(Grain::Week, t("2025-12-28")), "2026-W01");
        let p =
            Periods::in_calendar(Grain::Week, sunday, t("2026-03-03"), t("2026-03-10")).unwrap();
        let starts: Vec<_> = p.as_slice().iter().map(|p| p.start).collect();
        assert_eq!(starts, [t("2026-03-01"), t("2026-03-08")]);
    }

    #[test]
    fn fiscal_quarters_and_years_are_named_by_the_year_they_end_in() {
        let april = fiscal(4);
        let q =
            Periods::in_calendar(Grain::Quarter, april, t("2025-04-01"), t("2026-04-01")).unwrap();
        let got: Vec<_> = q
            .as_slice()
            .iter()
            .map(|p| (p.label.clone(), p.start))
            .collect();
        assert_eq!(
            got,
            [
                ("FY2026 Q1".to_string(), t("2025-04-01")),
                ("FY2026 Q2".to_string(), t("2025-07-01")),
                ("FY2026 Q3".to_string(), t("2025-10-01")),
                ("FY2026 Q4".to_string(), t("2026-01-01")),
            ]
        );
        assert_eq!(april.floor(Grain::Year, t("2026-03-31")), t("2025-04-01"));
        assert_eq!(april.floor(Grain::Year, t("2026-04-01")), t("2026-04-01"));
        assert_eq!(april.label(Grain::Year, t("2025-04-01")), "FY2026");
        // July: FY2026 runs from July 2025 to June 2026; a quarter can start in any month.
        assert_eq!(fiscal(7).label(Grain::Year, t("2025-07-01")), "FY2026");
        assert_eq!(
            fiscal(2).floor(Grain::Quarter, t("2026-01-15")),
            t("2025-11-01")
        );
        assert_eq!(
            fiscal(2).label(Grain::Quarter, t("2025-11-01")),
            "FY2026 Q4"
        );
        assert_eq!(fiscal(12).label(Grain::Year, t("2025-12-01")), "FY2026");
        // January is the calendar year, labelled as before.
        assert_eq!(fiscal(1).label(Grain::Quarter, t("2026-01-01")), "2026-Q1");
    }

    #[test]
    fn a_year_earlier_is_twelve_months_or_fifty_two_weeks() {
        assert_eq!(Grain::Month.year_earlier(t("2026-03-01")), t("2025-03-01"));
        assert_eq!(Grain::Day.year_earlier(t("2024-02-29")), t("2023-02-28"));
        // 52 weeks keep the weekday: Monday 2026-03-02 gives Monday 2025-03-03.
        assert_eq!(Grain::Week.year_earlier(t("2026-03-02")), t("2025-03-03"));
    }

    #[test]
    fn months_and_week_starts_parse_with_suggestions() {
        assert_eq!(parse_month("April").unwrap(), 4);
        assert_eq!(parse_month("sep").unwrap(), 9);
        assert_eq!(parse_month("12").unwrap(), 12);
        assert_eq!(
            parse_month("Apirl").unwrap_err().to_string(),
            "unknown month `Apirl`; did you mean `april`?"
        );
        assert_eq!(
            parse_month("13").unwrap_err().to_string(),
            "unknown month `13`; expected a month name (april) or number (4)"
        );
        assert_eq!("Sunday".parse::<WeekStart>().unwrap(), WeekStart::Sunday);
        assert_eq!(
            "saturday".parse::<WeekStart>().unwrap_err().to_string(),
            "unknown week start `saturday`; expected monday or sunday"
        );
        assert_eq!(
            "sundy".parse::<WeekStart>().unwrap_err().to_string(),
            "unknown week start `sundy`; did you mean `sunday`?"
        );
    }

    #[test]
    fn zones_find_their_offset_changes_and_local_midnights() {
        let berlin: Zone = "europe/berlin".parse().unwrap();
        assert_eq!(berlin.name(), "Europe/Berlin");
        assert_eq!(
            berlin.transitions(t("2026-01-01"), t("2027-01-01")),
            [
                (t("2026-03-29 01:00:00"), 3600, 7200),
                (t("2026-10-25 01:00:00"), 7200, 3600)
            ]
        );
        assert_eq!(berlin.from_local(t("2026-03-29")), t("2026-03-28 23:00:00"));
        // 02:30 does not exist on 29 March: the first time after it does.
        assert_eq!(
            berlin.from_local(t("2026-03-29 02:30:00")),
            t("2026-03-29 01:00:00")
        );
        // 02:30 happens twice on 25 October: the earlier.
        assert_eq!(
            berlin.from_local(t("2026-10-25 02:30:00")),
            t("2026-10-25 00:30:00")
        );
        let days = Periods::in_calendar(
            Grain::Day,
            Calendar {
                zone: berlin,
                ..Calendar::default()
            },
            t("2026-03-29"),
            t("2026-03-30"),
        )
        .unwrap();
        assert_eq!(days.as_slice()[0].seconds(), 23 * 3600);
        assert_eq!(days.as_slice()[0].days(), 1);
        assert!(
            Zone::UTC
                .transitions(t("2026-01-01"), t("2027-01-01"))
                .is_empty()
        );
        assert_eq!("utc".parse::<Zone>().unwrap(), Zone::UTC);
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
