use crate::{frac, note, num, values};
use vitals_engine::testing::{Fixture, show};

const RELEASES: &str = "release_id,planned_at,released_at\n\
r1,2026-01-10,2026-01-08\n\
r2,2026-01-20,2026-01-25\n\
r3,2026-01-25,\n\
r4,2026-02-05 12:00:00,2026-02-05 12:00:00\n";

fn releases() -> Fixture {
    Fixture::months("2026-01", "2026-04").csv("releases", RELEASES)
}

#[test]
fn on_time_delivery_counts_never_released_as_late() {
    // January: r1 early, r2 late, r3 never released: 1 of 3. February: r4 exactly on time.
    let s = releases().eval("on_time_delivery_rate").unwrap();
    assert_eq!(values(&s), [frac(1, 3), num("1"), None]);
    assert_eq!(note(&s, 2), "no releases planned in the period");
}

#[test]
fn schedule_slip_counts_early_as_zero() {
    // Released in January: r1 (early: 0) and r2 (5 days late): 2.5; February: 0.
    let s = releases().eval("schedule_slip_days").unwrap();
    assert_eq!(values(&s), [num("2.5"), num("0"), None]);
    assert_eq!(note(&s, 2), "no releases shipped in the period");
}

/// sp1 (5–19 January): the seed's 10 stories × 3 points, all committed and done. sp2
/// (19 January – 2 February): w1 5 committed done, w2 3 committed not done, w3 2 not
/// committed done, w4 8 committed done only after the sprint.
fn sprints() -> Fixture {
    let sprints =
        "sprint_id,starts_at,ends_at\nsp1,2026-01-05,2026-01-19\nsp2,2026-01-19,2026-02-02\n";
    let mut items = String::from(
        "item_id,created_at,type,points,sprint_id,committed,started_at,completed_at\n",
    );
    for i in 0..10 {
        items.push_str(&format!(
            "s{i},2026-01-01,story,3,sp1,true,2026-01-05 09:00:00,2026-01-12 09:00:00\n"
        ));
    }
    items.push_str("w1,2026-01-15,story,5,sp2,true,2026-01-20,2026-01-25\n");
    items.push_str("w2,2026-01-15,bug,3,sp2,yes,2026-01-21,\n");
    items.push_str("w3,2026-01-28,task,2,sp2,,2026-01-28,2026-01-30\n");
    items.push_str("w4,2026-01-10,story,8,sp2,true,2026-01-25,2026-02-05\n");
    Fixture::months("2026-01", "2026-04")
        .csv("sprints", sprints)
        .csv("work_items", &items)
}

#[test]
fn velocity_of_the_seed() {
    // January: sp1, 30 points. February: sp2, 5 + 2 within the sprint. March: no sprint.
    let s = sprints().eval("velocity").unwrap();
    assert_eq!(values(&s), [num("30"), num("7"), None]);
    assert_eq!(note(&s, 2), "no sprints ended in the period");
}

#[test]
fn say_do_ratio_of_committed_points() {
    // January 30 of 30; February 5 of 5 + 3 + 8.
    let s = sprints().eval("say_do_ratio").unwrap();
    assert_eq!(values(&s), [num("1"), frac(5, 16), None]);
}

#[test]
fn cycle_lead_time_and_throughput() {
    // Completed in January: ten stories (7 days from start, 11 d 9 h from creation), w1
    // (5 d, 10 d) and w3 (2 d, 2 d); medians 7 d and 11 d 9 h. February: w4 (11 d, 26 d).
    let s = sprints().eval("cycle_time").unwrap();
    assert_eq!(values(&s), [num("604800"), num("950400"), None]);
    assert_eq!(note(&s, 2), "no work items completed in the period");
    let s = sprints().eval("lead_time").unwrap();
    assert_eq!(values(&s), [num("982800"), num("2246400"), None]);
    assert_eq!(show(&sprints().eval("throughput").unwrap()), "[12, 1, 0]");
}
