//! Sprint metrics: `velocity` and `say_do_ratio`, from the points of the sprints ending in
//! each period.

use crate::{FAMILY, Simple};
use vitals_core::{Decimal, Direction, EvalContext, MetricSpec, Result, Series, Unit};

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
    spec: MetricSpec::simple(
        "velocity",
        "Velocity",
        FAMILY,
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

vitals_core::register_metric!(VELOCITY);

/// Completed committed points ÷ committed points.
pub static SAY_DO_RATIO: Simple = Simple {
    spec: MetricSpec::simple(
        "say_do_ratio",
        "Say/do ratio",
        FAMILY,
        "Of the points committed to sprints ending in the period, the share completed within the sprint.",
        "Σ points of committed items completed within their sprint ÷ Σ committed points, sprints with ends_at in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["sprints", "work_items"],
        "vitals catalogue (delivery predictability)",
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

vitals_core::register_metric!(SAY_DO_RATIO);
