//! Time zones: periods bounded by local midnights, hand-computed on the days clocks change
//! (a 23-hour and a 25-hour day in New York and in Berlin, with a flow and a stock metric),
//! and every metric of the catalogue the same in a fixed-offset zone as in UTC on data
//! shifted by that offset.

use chrono::{Duration, NaiveDateTime};
use serde_json::Value;
use std::collections::BTreeMap;
use vitals_core::ColumnType;
use vitals_tests::{folder, vitals};

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn text(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Runs gross revenue and MRR by day in `zone` over the local days before, of and after
/// `day`, whose local midnights are the UTC instants `start` and `end`, and checks them
/// against orders and subscriptions placed a second either side of those midnights.
fn check_day(zone: &str, day: &str, before: &str, after: &str, start: &str, end: &str, hours: i64) {
    let (start, end) = (t(start), t(end));
    let second = Duration::seconds(1);
    let orders = format!(
        "order_id,customer_id,ordered_at,gross_amount\n\
         o1,c1,{},1\no2,c1,{},10\no3,c1,{},100\no4,c1,{},1000\n",
        text(start - second),
        text(start),
        text(end - second),
        text(end)
    );
    // s3 is live at the start of the day and ends a second after it; s1 starts half an
    // hour before the day ends, s2 exactly as it ends (so it is in the end snapshot).
    let subscriptions = format!(
        "subscription_id,customer_id,started_at,ended_at,mrr\n\
         s1,c1,{},,50\ns2,c2,{},,7\ns3,c3,{},{},5\n",
        text(end - Duration::minutes(30)),
        text(end),
        text(start - Duration::days(2)),
        text(start + second),
    );
    let dir = folder(&[
        ("orders.csv", &orders),
        ("subscriptions.csv", &subscriptions),
    ]);
    let out = vitals(&[
        "run",
        "--data",
        dir.path().to_str().unwrap(),
        "--metric",
        "gross_revenue",
        "--metric",
        "mrr",
        "--grain",
        "day",
        "--tz",
        zone,
        "--from",
        before,
        "--to",
        after,
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(r["tz"], zone);
    let labels: Vec<&str> = r["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels[1], day, "{zone}");
    assert_eq!(labels.len(), 3, "{zone}: {labels:?}");
    let period = &r["periods"][1];
    let s = chrono::DateTime::parse_from_rfc3339(period["start"].as_str().unwrap()).unwrap();
    let e = chrono::DateTime::parse_from_rfc3339(period["end"].as_str().unwrap()).unwrap();
    assert_eq!(s.naive_utc(), start, "{zone}");
    assert_eq!(e.naive_utc(), end, "{zone}");
    assert_eq!((e - s).num_hours(), hours, "{zone} {day}");
    let values = |i: usize| -> Vec<String> {
        r["metrics"][i]["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["value"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        values(0),
        ["1", "110", "1000"],
        "{zone} {day}: gross revenue"
    );
    assert_eq!(
        values(1),
        ["5", "57", "57"],
        "{zone} {day}: MRR at each local day's end"
    );
}

#[test]
fn a_spring_forward_day_has_23_hours() {
    // New York: 2 a.m. EST becomes 3 a.m. EDT on 8 March 2026.
    check_day(
        "America/New_York",
        "2026-03-08",
        "2026-03-07",
        "2026-03-10",
        "2026-03-08 05:00:00",
        "2026-03-09 04:00:00",
        23,
    );
    // Berlin: 2 a.m. CET becomes 3 a.m. CEST on 29 March 2026.
    check_day(
        "Europe/Berlin",
        "2026-03-29",
        "2026-03-28",
        "2026-03-31",
        "2026-03-28 23:00:00",
        "2026-03-29 22:00:00",
        23,
    );
}

#[test]
fn a_fall_back_day_has_25_hours() {
    check_day(
        "America/New_York",
        "2026-11-01",
        "2026-10-31",
        "2026-11-03",
        "2026-11-01 04:00:00",
        "2026-11-02 05:00:00",
        25,
    );
    check_day(
        "Europe/Berlin",
        "2026-10-25",
        "2026-10-24",
        "2026-10-27",
        "2026-10-24 22:00:00",
        "2026-10-25 23:00:00",
        25,
    );
}

#[test]
fn months_in_a_zone_end_at_its_midnight() {
    // 31 March 2026 22:30 UTC is 1 April 00:30 in Berlin.
    let dir = folder(&[(
        "orders.csv",
        "order_id,customer_id,ordered_at,gross_amount\no1,c1,2026-03-31 22:30:00,40\no2,c1,2026-03-15 12:00:00,2\n",
    )]);
    let run = |zone: &str| {
        let out = vitals(&[
            "run",
            "--data",
            dir.path().to_str().unwrap(),
            "--metric",
            "gross_revenue",
            "--tz",
            zone,
            "--from",
            "2026-03",
            "--to",
            "2026-05",
            "--format",
            "json",
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let r: Value = serde_json::from_str(&out.stdout).unwrap();
        r["metrics"][0]["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["value"].as_str().unwrap_or("null").to_string())
            .collect::<Vec<_>>()
    };
    // In UTC the data ends on 31 March, so April lies outside it: null, not 0. In Berlin
    // the last order is on 1 April, local time.
    assert_eq!(run("UTC"), ["42", "null"]);
    assert_eq!(run("Europe/Berlin"), ["2", "40"]);
}

/// Copies the demo at `from` to `to` with every timestamp moved by `shift` (dates, being
/// calendar days, stay as they are).
fn shifted_demo(from: &std::path::Path, to: &std::path::Path, shift: Duration) {
    std::fs::copy(from.join("vitals.toml"), to.join("vitals.toml")).unwrap();
    for spec in vitals_core::contract() {
        let path = from.join(format!("{}.csv", spec.id));
        if !path.exists() {
            continue;
        }
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let headers = reader.headers().unwrap().clone();
        let is_ts: Vec<bool> = headers
            .iter()
            .map(|h| spec.column(h).is_some_and(|c| c.ty == ColumnType::Ts))
            .collect();
        let mut writer = csv::Writer::from_path(to.join(format!("{}.csv", spec.id))).unwrap();
        writer.write_record(&headers).unwrap();
        for record in reader.records() {
            let record = record.unwrap();
            let row: Vec<String> = record
                .iter()
                .zip(&is_ts)
                .map(|(cell, ts)| {
                    if !ts || cell.is_empty() {
                        return cell.to_string();
                    }
                    let at = NaiveDateTime::parse_from_str(cell, "%Y-%m-%d %H:%M:%S")
                        .or_else(|_| {
                            chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d")
                                .map(|d| d.and_hms_opt(0, 0, 0).unwrap())
                        })
                        .unwrap_or_else(|e| panic!("{}: {cell}: {e}", spec.id));
                    text(at + shift)
                })
                .collect();
            writer.write_record(&row).unwrap();
        }
        writer.flush().unwrap();
    }
}

/// Every metric's values, by id, from a JSON report.
fn all_values(report: &Value) -> BTreeMap<String, Vec<Value>> {
    report["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let values = m["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["value"].clone())
                .collect();
            (m["id"].as_str().unwrap().to_string(), values)
        })
        .collect()
}

#[test]
fn a_fixed_offset_zone_equals_utc_on_data_shifted_by_it() {
    let (demo, config) = crate::demo::small_demo("0.05");
    let shifted = tempfile::tempdir().unwrap();
    // Etc/GMT-5 is five hours ahead of UTC: a row at UTC 10:00 of day D is at 15:00 local,
    // so data moved five hours back shows in the zone what the original shows in UTC.
    shifted_demo(demo.path(), shifted.path(), Duration::hours(-5));
    let run = |config: &std::path::Path, zone: &str, grain: &str| {
        let out = vitals(&[
            "run",
            "--config",
            config.to_str().unwrap(),
            "--set",
            "all",
            "--grain",
            grain,
            "--tz",
            zone,
            "--from",
            "2025-10-01",
            "--to",
            "2026-10-01",
            "--format",
            "json",
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let r: Value = serde_json::from_str(&out.stdout).unwrap();
        all_values(&r)
    };
    for grain in ["month", "week"] {
        let utc = run(&config, "UTC", grain);
        let zoned = run(&shifted.path().join("vitals.toml"), "Etc/GMT-5", grain);
        assert!(utc.len() > 100, "{} metrics", utc.len());
        let differ: Vec<String> = utc
            .iter()
            .filter(|(id, v)| zoned.get(*id) != Some(v))
            .map(|(id, v)| format!("{id}: UTC {v:?} vs zone {:?}", zoned.get(id)))
            .collect();
        assert!(
            differ.is_empty(),
            "by {grain}, {} metrics differ:\n{}",
            differ.len(),
            differ.join("\n")
        );
    }
}

#[test]
fn a_year_earlier_is_the_same_local_month() {
    // March 2025 and March 2026 in New York: the first order is on 1 March local time
    // (05:30 UTC), the second on 31 March 2025 local (1 April 02:00 UTC).
    let dir = folder(&[(
        "orders.csv",
        "order_id,customer_id,ordered_at,gross_amount\n\
         o1,c1,2025-03-01 05:30:00,100\no2,c1,2025-04-01 02:00:00,20\no3,c1,2026-03-10 12:00:00,150\n",
    )]);
    let out = vitals(&[
        "run",
        "--data",
        dir.path().to_str().unwrap(),
        "--metric",
        "gross_revenue",
        "--tz",
        "America/New_York",
        "--from",
        "2026-01",
        "--to",
        "2026-04",
        "--compare",
        "year",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(r["metrics"][0]["last"], "150");
    assert_eq!(
        r["metrics"][0]["previous"], "120",
        "both March 2025 orders, local time"
    );
}
