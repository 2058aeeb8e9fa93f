use vitals_core::Grain;
use vitals_engine::testing::{Fixture, dec, show};

const EVENTS: &str = "user_id,occurred_at,event\n\
u1,2026-01-01 08:00:00,page_view\n\
u1,2026-01-01 09:00:00,page_view\n\
u1,2026-01-02 23:59:59,feature_used\n\
u2,2026-01-02 10:00:00,page_view\n\
u3,2025-12-31 23:00:00,page_view\n";

#[test]
fn dau_averages_over_every_day_of_the_period() {
    // January: u1 on the 1st and 2nd, u2 on the 2nd: 3 user-days over 31 days. u3 was
    // active on 31 December only, which is outside January.
    let s = Fixture::months("2026-01", "2026-02")
        .csv("events", EVENTS)
        .eval("dau")
        .unwrap();
    assert_eq!(s.points[0].value, Some((dec("3") / dec("31")).normalize()));
}

#[test]
fn dau_by_day() {
    let s = Fixture::new(Grain::Day, "2025-12-31", "2026-01-04")
        .csv("events", EVENTS)
        .eval("dau")
        .unwrap();
    assert_eq!(show(&s), "[1, 1, 2, 0]");
}
