//! Delivery and flow: on-time releases, schedule slip, sprint velocity and say/do, cycle and
//! lead times, throughput.

use crate::{Simple, durations, median_per_period, spec};
use vitals_core::{Decimal, Direction, EvalContext, Result, Series, Unit};

/// Releases planned in the period that shipped on or before their date.
pub static ON_TIME_DELIVERY_RATE: Simple = Simple {
    spec: spec(
        "on_time_delivery_rate",
        "On-time delivery rate",
        "Of the releases planned in the period, the share released on or before the planned date; one never released counts as late.",
        "releases with planned_at in P and released_at <= planned_at ÷ releases with planned_at in P (all due by the end of P)",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["releases"],
        "engineering-quality seed (on-time delivery per release)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "releases",
            "planned_at",
            "CASE WHEN t.released_at IS NOT NULL AND t.released_at <= t.planned_at THEN 1 ELSE 0 END",
            "1",
            "TRUE",
            "no releases planned in the period",
        )
    },
};

/// Mean days late of releases shipped in the period.
pub static SCHEDULE_SLIP_DAYS: Simple = Simple {
    spec: spec(
        "schedule_slip_days",
        "Schedule slip",
        "How many days late releases shipped in the period were, on average (an early release counts 0).",
        "mean of max(0, released_at − planned_at) in days, releases with released_at in P",
        Unit::Days,
        Direction::LowerIsBetter,
        &["releases"],
        "DESIGN.md §5 (delivery predictability)",
    ),
    evaluate: |cx| {
        let seconds = cx.flow_ratio(
            "releases",
            "released_at",
            "GREATEST(0, to_unixtime(t.released_at) - to_unixtime(t.planned_at))",
            "1",
            "TRUE",
            "no releases shipped in the period",
        )?;
        Ok(seconds.map(|s| s / Decimal::from(86_400)))
    },
};

/// `(idx, completed points, committed-and-completed points, committed points, sprints)` for
/// sprints ending in each period; an item counts as completed in its sprint when
/// `starts_at <= completed_at < ends_at`.
fn sprint_points(cx: &EvalContext<'_>) -> Result<Vec<Vec<Decimal>>> {
    let sql = format!(
        "WITH items AS ( \
           SELECT w.sprint_id, COALESCE(w.points, 0) AS points, w.committed, \
                  w.completed_at IS NOT NULL AND w.completed_at >= s.starts_at AND w.completed_at < s.ends_at AS done \
           FROM work_items w JOIN sprints s ON s.sprint_id = w.sprint_id), \
         per_sprint AS ( \
           SELECT sprint_id, \
                  SUM(CASE WHEN done THEN points ELSE 0 END) AS completed, \
                  SUM(CASE WHEN done AND committed THEN points ELSE 0 END) AS said_done, \
                  SUM(CASE WHEN committed THEN points ELSE 0 END) AS said \
           FROM items GROUP BY sprint_id) \
         SELECT p.idx, SUM(COALESCE(x.completed, 0)), SUM(COALESCE(x.said_done, 0)), \
                SUM(COALESCE(x.said, 0)), COUNT(*) \
         FROM sprints s JOIN periods p ON {bucket} = p.start \
         LEFT JOIN per_sprint x ON x.sprint_id = s.sprint_id GROUP BY p.idx",
        bucket = cx.bucket("s.ends_at")
    );
    cx.columns_per_period(&sql, 5)
}

/// Story points completed per sprint.
pub static VELOCITY: Simple = Simple {
    spec: spec(
        "velocity",
        "Velocity",
        "Story points completed within their sprint, per sprint ending in the period.",
        "Σ points of work items completed within their sprint [starts_at, ends_at) ÷ sprints, sprints with ends_at in P",
        Unit::Ratio,
        Direction::HigherIsBetter,
        &["sprints", "work_items"],
        "engineering-quality seed (team velocity: 10 stories × 3 points in one two-week sprint = 30)",
    ),
    evaluate: |cx| {
        let c = sprint_points(cx)?;
        Ok(Series::ratio(
            cx.periods(),
            &c[0],
            &c[3],
            "no sprints ended in the period",
        ))
    },
};

/// Completed committed points ÷ committed points.
pub static SAY_DO_RATIO: Simple = Simple {
    spec: spec(
        "say_do_ratio",
        "Say/do ratio",
        "Of the points committed to sprints ending in the period, the share completed within the sprint.",
        "Σ points of committed items completed within their sprint ÷ Σ committed points, sprints with ends_at in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["sprints", "work_items"],
        "DESIGN.md §5 (delivery predictability)",
    ),
    evaluate: |cx| {
        let c = sprint_points(cx)?;
        Ok(Series::ratio(
            cx.periods(),
            &c[1],
            &c[2],
            "no committed points in sprints that ended in the period",
        ))
    },
};

/// Median seconds from start to completion.
pub static CYCLE_TIME: Simple = Simple {
    spec: spec(
        "cycle_time",
        "Cycle time",
        "How long work items completed in the period took from start to finish, median.",
        "median seconds from started_at to completed_at, work items with completed_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["work_items"],
        "engineering-quality seed (cycle times)",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(cx, "work_items", "started_at", "completed_at", "TRUE"),
            "no work items completed in the period",
        )
    },
};

/// Median seconds from creation to completion.
pub static LEAD_TIME: Simple = Simple {
    spec: spec(
        "lead_time",
        "Lead time",
        "How long work items completed in the period took from creation to finish, median.",
        "median seconds from created_at to completed_at, work items with completed_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["work_items"],
        "DESIGN.md §5 (flow)",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(cx, "work_items", "created_at", "completed_at", "TRUE"),
            "no work items completed in the period",
        )
    },
};

/// Work items completed in the period.
pub static THROUGHPUT: Simple = Simple {
    spec: spec(
        "throughput",
        "Throughput",
        "Work items completed in the period.",
        "count of work items with completed_at in P",
        Unit::Count,
        Direction::HigherIsBetter,
        &["work_items"],
        "DESIGN.md §5 (flow)",
    ),
    evaluate: |cx| cx.series_or_zero(&cx.flow("work_items", "completed_at", "COUNT(*)", "TRUE")),
};

vitals_core::register_metric!(ON_TIME_DELIVERY_RATE);
vitals_core::register_metric!(SCHEDULE_SLIP_DAYS);
vitals_core::register_metric!(VELOCITY);
vitals_core::register_metric!(SAY_DO_RATIO);
vitals_core::register_metric!(CYCLE_TIME);
vitals_core::register_metric!(LEAD_TIME);
vitals_core::register_metric!(THROUGHPUT);
