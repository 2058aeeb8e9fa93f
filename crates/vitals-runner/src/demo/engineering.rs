//! Engineering: test runs (with flaky tests), defects, tickets, sprints and work items,
//! releases (some late, one never released), capacity, deployments and incidents (one
//! outage across a month boundary).

use super::{CsvFile, DAYS, END, Rng, START, date, scaled, team, ts};
use anyhow::Result;
use std::path::Path;

fn is_weekday(day: i64) -> bool {
    // 2024-10-01 was a Tuesday: day 0 → weekday index 1 (Monday = 0).
    (day + 1).rem_euclid(7) < 5
}

pub(super) fn write(dir: &Path, rng: &mut Rng, scale: f64, rows: &mut usize) -> Result<()> {
    test_runs(dir, rng, scale, rows)?;
    defects_and_tickets(dir, rng, scale, rows)?;
    delivery(dir, rng, scale, rows)?;
    operations(dir, rng, scale, rows)
}

fn test_runs(dir: &Path, rng: &mut Rng, scale: f64, rows: &mut usize) -> Result<()> {
    let mut runs = CsvFile::create(
        dir,
        "test_runs",
        "executed_at,test_id,automated,outcome,suite,duration_ms,team",
    )?;
    let automated = scaled(120.0, scale, 10);
    let manual = scaled(30.0, scale, 3);
    let flaky: Vec<usize> = (0..automated).filter(|i| i % 17 == 5).collect();
    for day in 0..DAYS {
        if !is_weekday(day) {
            continue;
        }
        let at = START + day * 86_400 + 2 * 3600;
        // Quality improves over the two years.
        let fail = 0.05 - 0.03 * day as f64 / DAYS as f64;
        for t in 0..automated {
            let suite = ["unit", "api", "ui"][t % 3];
            let outcome = *rng.weighted(&[
                ("passed", 1.0 - fail - 0.03),
                ("failed", fail),
                ("skipped", 0.02),
                ("blocked", 0.01),
            ]);
            let ms = rng.int(5, 4_000);
            runs.row(format_args!(
                "{},t{t:04},true,{outcome},{suite},{ms},{}",
                ts(at + t as i64),
                team(&format!("t{t:04}"))
            ))?;
            if outcome == "failed" && flaky.contains(&t) {
                runs.row(format_args!(
                    "{},t{t:04},yes,passed,{suite},{ms},{}",
                    ts(at + 3600 + t as i64),
                    team(&format!("t{t:04}"))
                ))?;
            }
        }
        if (day + 1).rem_euclid(7) == 4 {
            for t in 0..manual {
                let outcome =
                    *rng.weighted(&[("passed", 0.9), ("failed", 0.06), ("blocked", 0.04)]);
                runs.row(format_args!(
                    "{},m{t:03},no,{outcome},manual,,{}",
                    ts(at + 6 * 3600 + t as i64 * 600),
                    team(&format!("m{t:03}"))
                ))?;
            }
        }
    }
    *rows += runs.finish()?;
    Ok(())
}

fn defects_and_tickets(dir: &Path, rng: &mut Rng, scale: f64, rows: &mut usize) -> Result<()> {
    let mut defects = CsvFile::create(
        dir,
        "defects",
        "defect_id,found_at,found_by,severity,status,resolved_at,release,team",
    )?;
    for i in 0..scaled(1500.0, scale, 20) {
        let day = rng.int(0, DAYS - 1);
        let found = START + day * 86_400 + rng.int(0, 86_399);
        let customer_share = 0.3 - 0.15 * day as f64 / DAYS as f64;
        let by = if rng.chance(customer_share) {
            "customer"
        } else {
            "team"
        };
        let severity = rng.weighted(&[
            ("critical", 0.05),
            ("major", 0.25),
            ("minor", 0.5),
            ("trivial", 0.2),
        ]);
        let resolved = found + (rng.exp(5.0 * 86_400.0) as i64).max(1800);
        let (status, resolved_text) = if rng.chance(0.08) {
            ("rejected", String::new())
        } else if resolved < END && rng.chance(0.9) {
            ("resolved", ts(resolved))
        } else {
            ("open", String::new())
        };
        let release = format!("r{}", date(found).get(..7).unwrap_or("").replace('-', "."));
        defects.row(format_args!(
            "b{:06},{},{by},{severity},{status},{resolved_text},{release},{}",
            i + 1,
            ts(found),
            team(&format!("b{:06}", i + 1))
        ))?;
    }
    *rows += defects.finish()?;

    let mut tickets = CsvFile::create(
        dir,
        "tickets",
        "ticket_id,opened_at,escalated,first_response_at,resolved_at,severity,team",
    )?;
    for i in 0..scaled(5000.0, scale, 20) {
        let opened = START + rng.growing_day() * 86_400 + rng.int(0, 86_399);
        let escalated = rng.chance(0.12);
        let first = opened + (rng.exp(3.0 * 3600.0) as i64).max(300);
        let resolved = first + (rng.exp(1.5 * 86_400.0) as i64).max(600);
        let first_text = if first < END {
            ts(first)
        } else {
            String::new()
        };
        let resolved_text = if resolved < END && rng.chance(0.97) {
            ts(resolved)
        } else {
            String::new()
        };
        let severity = rng.pick(&["low", "normal", "high", "urgent"]);
        tickets.row(format_args!(
            "k{:07},{},{escalated},{first_text},{resolved_text},{severity},{}",
            i + 1,
            ts(opened),
            team(&format!("k{:07}", i + 1))
        ))?;
    }
    *rows += tickets.finish()?;
    Ok(())
}

fn delivery(dir: &Path, rng: &mut Rng, scale: f64, rows: &mut usize) -> Result<()> {
    // Two-week sprints from Monday 2024-09-30.
    let first_monday = START - 86_400;
    let mut sprints = CsvFile::create(dir, "sprints", "sprint_id,starts_at,ends_at,team")?;
    let mut items = CsvFile::create(
        dir,
        "work_items",
        "item_id,created_at,type,points,sprint_id,committed,started_at,completed_at,team",
    )?;
    let mut item = 0;
    let per_sprint = scaled(22.0, scale, 5);
    let mut s = 0;
    loop {
        let starts = first_monday + s * 14 * 86_400;
        let ends = starts + 14 * 86_400;
        if ends > END {
            break;
        }
        s += 1;
        sprints.row(format_args!(
            "sp{s:03},{},{},{}",
            ts(starts),
            ts(ends),
            team(&format!("sp{s:03}"))
        ))?;
        for _ in 0..per_sprint {
            item += 1;
            let kind = rng.weighted(&[("story", 0.6), ("bug", 0.25), ("task", 0.15)]);
            let points = if *kind == "task" && rng.chance(0.5) {
                String::new()
            } else {
                rng.pick(&["1", "2", "3", "5", "8"]).to_string()
            };
            let committed = rng.chance(0.85);
            let created = starts - rng.int(1, 30) * 86_400;
            let started = starts + rng.int(0, 9) * 86_400 + rng.int(3600, 30_000);
            let done = if committed {
                rng.chance(0.8)
            } else {
                rng.chance(0.4)
            };
            let completed = if done {
                started + rng.int(3600, (ends - started - 60).max(3700))
            } else {
                started + rng.int(14, 30) * 86_400
            };
            let completed_text = if completed < END && (done || rng.chance(0.6)) {
                ts(completed)
            } else {
                String::new()
            };
            items.row(format_args!(
                "w{item:06},{},{kind},{points},sp{s:03},{committed},{},{completed_text},{}",
                ts(created),
                ts(started),
                team(&format!("sp{s:03}"))
            ))?;
        }
    }
    *rows += sprints.finish()? + items.finish()?;

    let mut releases = CsvFile::create(dir, "releases", "release_id,planned_at,released_at,team")?;
    for m in 0..24u32 {
        let month =
            chrono::NaiveDate::from_ymd_opt(2024, 10, 15).expect("valid") + chrono::Months::new(m);
        let planned = month
            .and_hms_opt(12, 0, 0)
            .expect("noon")
            .and_utc()
            .timestamp();
        let label = month.format("%Y.%m");
        let slip = if rng.chance(0.6) {
            -rng.int(0, 3)
        } else {
            rng.int(1, 12)
        };
        let released = planned + slip * 86_400;
        // The August 2026 release was never shipped: past due, so not on time.
        let text = if released >= END || label.to_string() == "2026.08" {
            String::new()
        } else {
            ts(released)
        };
        releases.row(format_args!(
            "r{label},{},{text},{}",
            ts(planned),
            team(&format!("r{label}"))
        ))?;
    }
    *rows += releases.finish()?;

    let mut capacity = CsvFile::create(
        dir,
        "capacity",
        "person,date,scheduled_hours,available_hours,allocated_hours,team",
    )?;
    let people = scaled(8.0, scale, 3);
    for day in 0..DAYS {
        if !is_weekday(day) {
            continue;
        }
        for p in 0..people {
            let available = if rng.chance(0.05) {
                0.0
            } else if rng.chance(0.1) {
                4.0
            } else {
                8.0
            };
            let allocated = (available * (0.7 + 0.3 * rng.unit()) * 2.0).round() / 2.0;
            capacity.row(format_args!(
                "eng{:02},{},8,{available},{allocated},{}",
                p + 1,
                date(START + day * 86_400),
                team(&format!("eng{:02}", p + 1))
            ))?;
        }
    }
    *rows += capacity.finish()?;
    Ok(())
}

fn operations(dir: &Path, rng: &mut Rng, scale: f64, rows: &mut usize) -> Result<()> {
    let mut deployments = CsvFile::create(
        dir,
        "deployments",
        "deployment_id,deployed_at,succeeded,first_commit_at,environment,team",
    )?;
    let mut deployed: Vec<(String, i64, bool)> = Vec::new();
    for day in 0..DAYS {
        if !is_weekday(day) {
            continue;
        }
        for _ in 0..rng.int(0, (4.0 * scale.max(0.25)).round() as i64) {
            let at = START + day * 86_400 + rng.int(8 * 3600, 19 * 3600);
            let succeeded = rng.chance(0.93);
            let commit = at - (rng.exp(30.0 * 3600.0) as i64).max(600);
            let env = *rng.weighted(&[("production", 0.8), ("staging", 0.12), ("", 0.08)]);
            let id = format!("dep{:06}", deployed.len() + 1);
            deployments.row(format_args!(
                "{id},{},{succeeded},{},{env},{}",
                ts(at),
                ts(commit),
                team(&id)
            ))?;
            deployed.push((id, at, succeeded));
        }
    }
    *rows += deployments.finish()?;

    let mut incidents = CsvFile::create(
        dir,
        "incidents",
        "incident_id,started_at,resolved_at,deployment_id,outage,team",
    )?;
    let mut n = 0;
    for (id, at, succeeded) in &deployed {
        let p = if *succeeded { 0.03 } else { 0.4 };
        if rng.chance(p) {
            n += 1;
            let started = at + rng.int(300, 6 * 3600);
            let resolved = started + (rng.exp(3.0 * 3600.0) as i64).max(600);
            let resolved_text = if resolved < END {
                ts(resolved)
            } else {
                String::new()
            };
            let outage = rng.chance(0.3);
            incidents.row(format_args!(
                "inc{n:05},{},{resolved_text},{id},{outage},{}",
                ts(started),
                team(id)
            ))?;
        }
    }
    for _ in 0..scaled(40.0, scale, 4) {
        n += 1;
        let started = START + rng.int(0, DAYS - 1) * 86_400 + rng.int(0, 86_399);
        let resolved = started + (rng.exp(5.0 * 3600.0) as i64).max(600);
        let resolved_text = if resolved < END {
            ts(resolved)
        } else {
            String::new()
        };
        incidents.row(format_args!(
            "inc{n:05},{},{resolved_text},,{},{}",
            ts(started),
            rng.chance(0.2),
            team(&format!("inc{n:05}"))
        ))?;
    }
    // An outage across the May/June 2026 boundary: clipped to each month.
    n += 1;
    incidents.row(format_args!(
        "inc{n:05},2026-05-31 22:00:00,2026-06-01 03:00:00,,true,platform"
    ))?;
    *rows += incidents.finish()?;
    Ok(())
}
