//! The SQL that places rows in periods (`Calendar::bucket_sql`, DataFusion's `date_trunc`
//! shifted for Sunday weeks and fiscal years) agrees with the periods the runner cuts
//! (`Calendar::floor`), for timestamps and dates, every grain, week start and fiscal month.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use vitals_core::{Calendar, Grain, QueryEngine, Value, WeekStart, Zone};
use vitals_engine::Engine;

/// Instants over two years, at awkward times: month ends, leap day, year end, late evening.
fn instants() -> Vec<NaiveDateTime> {
    let mut out = Vec::new();
    let mut day = NaiveDate::from_ymd_opt(2023, 12, 25).unwrap();
    let end = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
    let mut i = 0i64;
    while day < end {
        out.push(day.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes((i * 617) % 1440));
        day += Duration::days(1 + i % 3);
        i += 1;
    }
    out.push(
        NaiveDate::from_ymd_opt(2024, 2, 29)
            .unwrap()
            .and_hms_opt(23, 59, 59)
            .unwrap(),
    );
    out
}

#[test]
fn sql_buckets_agree_with_the_calendar_for_monday_weeks() {
    sql_buckets_agree(WeekStart::Monday);
}

#[test]
fn sql_buckets_agree_with_the_calendar_for_sunday_weeks() {
    sql_buckets_agree(WeekStart::Sunday);
}

/// The check over every zone and fiscal month with weeks starting on `week_start` (two tests,
/// so that they run side by side).
fn sql_buckets_agree(week_start: WeekStart) {
    let engine = Engine::new().unwrap();
    let times = instants();
    let list = times
        .iter()
        .map(|t| format!("(TIMESTAMP '{}')", t.format("%Y-%m-%d %H:%M:%S")))
        .collect::<Vec<_>>()
        .join(", ");
    let window = (
        NaiveDate::from_ymd_opt(2023, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
        NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
    );
    let mut checked = 0;
    // UTC with every fiscal month; zones with daylight saving (a 30-minute one in Lord Howe),
    // without it, and west and east of UTC, with two.
    let mut calendars = Vec::new();
    for zone in [
        "UTC",
        "Europe/Berlin",
        "America/New_York",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
    ] {
        let months: Vec<u32> = if zone == "UTC" {
            (1..=12).collect()
        } else {
            vec![1, 4]
        };
        for fiscal_year_start in months {
            calendars.push(Calendar {
                week_start,
                fiscal_year_start,
                zone: zone.parse::<Zone>().unwrap(),
            });
        }
    }
    for grain in Grain::ALL {
        for calendar in &calendars {
            {
                for (column, is_date) in [("t", false), ("CAST(t AS DATE)", true)] {
                    let sql = format!(
                        "SELECT {} FROM (VALUES {list}) AS v(t)",
                        if is_date {
                            calendar.bucket_date_sql(grain, column, window)
                        } else {
                            calendar.bucket_sql(grain, column, window)
                        }
                    );
                    let table = engine.query(&sql).unwrap();
                    for (t, row) in times.iter().zip(&table.rows) {
                        // A date is a local calendar day: its instant is its local midnight.
                        let t = if is_date {
                            calendar
                                .zone
                                .from_local(t.date().and_hms_opt(0, 0, 0).unwrap())
                        } else {
                            *t
                        };
                        let Value::Time(got) = row[0] else {
                            panic!("{sql}: {:?}", row[0]);
                        };
                        assert_eq!(
                            got,
                            calendar.floor(grain, t),
                            "{grain} {calendar:?} {column} at {t}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 25_000, "{checked}");
}
