use crate::{frac, note, num, values};
use vitals_core::Grain;
use vitals_engine::testing::{Fixture, show};

/// u1: a session with an id on 1 January (10:00–10:20, 3 events, a feature), then events
/// without ids on 3 January at 09:00, 09:10 and 09:50 (two sessions at a 30-minute
/// timeout). u2: 2 January, and a feature on 5 February. u3: 20 December only. u4: one
/// session across midnight at the end of January.
const EVENTS: &str = "user_id,occurred_at,event,session_id,page,feature\n\
u1,2026-01-01 10:00:00,page_view,s1,/,\n\
u1,2026-01-01 10:05:00,feature_used,s1,/app,reports\n\
u1,2026-01-01 10:20:00,page_view,s1,/app,\n\
u1,2026-01-03 09:00:00,page_view,,/,\n\
u1,2026-01-03 09:10:00,page_view,,/docs,\n\
u1,2026-01-03 09:50:00,page_view,,/,\n\
u2,2026-01-02 12:00:00,page_view,s2,/,\n\
u2,2026-02-05 08:00:00,feature_used,s3,/app,export\n\
u3,2025-12-20 08:00:00,page_view,s4,/,\n\
u4,2026-01-31 23:50:00,page_view,s9,/,\n\
u4,2026-02-01 00:10:00,page_view,s9,/pricing,\n";

fn months() -> Fixture {
    Fixture::months("2026-01", "2026-04").csv("events", EVENTS)
}

fn days() -> Fixture {
    Fixture::new(Grain::Day, "2026-01-01", "2026-01-05").csv("events", EVENTS)
}

#[test]
fn active_users_per_period() {
    // January u1, u2, u4; February u2, u4 (after midnight); March nobody.
    assert_eq!(show(&months().eval("active_users").unwrap()), "[3, 2, 0]");
}

#[test]
fn dau_wau_mau_by_day() {
    // 1 Jan: u1; 2 Jan: u2; 3 Jan: u1; 4 Jan: nobody.
    assert_eq!(show(&days().eval("dau").unwrap()), "[1, 1, 1, 0]");
    // 7-day windows: {u1}, {u1, u2}, {u1, u2}, {u1, u2}.
    assert_eq!(show(&days().eval("wau").unwrap()), "[1, 2, 2, 2]");
    // 30-day windows reach back to u3 on 20 December.
    assert_eq!(show(&days().eval("mau").unwrap()), "[2, 3, 3, 3]");
    assert_eq!(
        values(&days().eval("stickiness").unwrap()),
        [num("0.5"), frac(1, 3), frac(1, 3), num("0")]
    );
}

#[test]
fn dau_averages_over_every_day_of_the_month() {
    // January: u1 on the 1st and 3rd, u2 on the 2nd, u4 on the 31st: 4 user-days over 31.
    assert_eq!(values(&months().eval("dau").unwrap())[0], frac(4, 31));
}

#[test]
fn stickiness_without_users_is_undefined() {
    let s = Fixture::months("2026-06", "2026-07")
        .csv("events", EVENTS)
        .eval("stickiness")
        .unwrap();
    assert_eq!(values(&s), [None]);
    assert_eq!(note(&s, 0), "no monthly active users in the period");
}

#[test]
fn user_retention_against_the_previous_period() {
    // January: December's only user (u3) is gone: 0 of 1. February: 2 of January's 3 (u2,
    // u4). March: 0 of 2. A period after an empty one is undefined.
    let s = months().eval("user_retention").unwrap();
    assert_eq!(values(&s), [num("0"), frac(2, 3), num("0")]);
    let s = Fixture::months("2026-05", "2026-06")
        .csv("events", EVENTS)
        .eval("user_retention")
        .unwrap();
    assert_eq!(
        (values(&s), note(&s, 0)),
        (vec![None], "no active users in the previous period")
    );
}

#[test]
fn retention_by_quarter_reads_the_whole_previous_quarter() {
    // The first quarter (u1, u2, u4 in January and February) lies more than 30 days before
    // the range; in the second quarter only u2 comes back: 1 of 3.
    let events = format!("{EVENTS}u2,2026-04-10 09:00:00,page_view,s5,/,\n");
    let quarter =
        || Fixture::new(Grain::Quarter, "2026-04-01", "2026-07-01").csv("events", &events);
    assert_eq!(
        values(&quarter().eval("user_retention").unwrap()),
        [frac(1, 3)]
    );
    assert_eq!(show(&quarter().eval("active_users").unwrap()), "[1]");
}

#[test]
fn sessions_by_id_or_timeout() {
    // January: s1, u1's two timeout sessions, s2, and u4's s9 (which started in January and
    // keeps its February event): 5. February: s3.
    assert_eq!(show(&months().eval("sessions").unwrap()), "[5, 1, 0]");
    // A 60-minute timeout joins u1's 3 January events into one session.
    let s = months()
        .param("session_timeout_minutes", "60")
        .eval("sessions")
        .unwrap();
    assert_eq!(show(&s), "[4, 1, 0]");
}

#[test]
fn a_timeout_session_that_starts_before_the_range_is_not_counted_in_it() {
    // u6's events carry no session id, 20 minutes apart across midnight into February: one
    // session that started in January, which February does not count; February has only
    // s3 (u4's s9 started in January too).
    let events = format!(
        "{EVENTS}u6,2026-01-31 23:40:00,page_view,,/,\n\
         u6,2026-02-01 00:00:00,page_view,,/,\n\
         u6,2026-02-01 00:20:00,page_view,,/docs,\n\
         u6,2026-03-10 09:00:00,page_view,,/,\n"
    );
    let months = Fixture::months("2026-02", "2026-04").csv("events", &events);
    // March: u6's session on the 10th.
    assert_eq!(show(&months.eval("sessions").unwrap()), "[1, 1]");
    // Its events and pages stay with January: February's one session has one event.
    assert_eq!(show(&months.eval("actions_per_session").unwrap()), "[1, 1]");
}

#[test]
fn timeout_sessions_split_only_at_gaps_longer_than_the_timeout() {
    // u7 has no session ids. 08:00:00, 08:29:59, then 08:59:59 exactly 30 minutes later: one
    // session of 3 events (3599 s). 09:30:00 comes 30 min 1 s later: a new session, which
    // 09:31, 09:50, 10:15 and 10:40 (each under 30 minutes after the last) continue across
    // several half hours: 5 events (4200 s). 11:10:01 is 30 min 1 s after 10:40: a third
    // session of one event (0 s).
    let events = "user_id,occurred_at,event,session_id,page,feature\n\
        u7,2026-01-10 08:00:00,page_view,,/,\n\
        u7,2026-01-10 08:29:59,page_view,,/,\n\
        u7,2026-01-10 08:59:59,page_view,,/,\n\
        u7,2026-01-10 09:30:00,page_view,,/,\n\
        u7,2026-01-10 09:31:00,page_view,,/,\n\
        u7,2026-01-10 09:50:00,page_view,,/,\n\
        u7,2026-01-10 10:15:00,page_view,,/,\n\
        u7,2026-01-10 10:40:00,page_view,,/,\n\
        u7,2026-01-10 11:10:01,page_view,,/,\n";
    let jan = || Fixture::months("2026-01", "2026-02").csv("events", events);
    assert_eq!(show(&jan().eval("sessions").unwrap()), "[3]");
    assert_eq!(show(&jan().eval("actions_per_session").unwrap()), "[3]");
    assert_eq!(
        values(&jan().eval("avg_session_duration").unwrap()),
        [frac(3599 + 4200, 3)]
    );
    // A 31-minute timeout joins them all: 9 events, 11:10:01 − 08:00:00 = 11401 s.
    let s = jan()
        .param("session_timeout_minutes", "31")
        .eval("avg_session_duration")
        .unwrap();
    assert_eq!(values(&s), [num("11401")]);
}

#[test]
fn average_session_duration_divides_by_sessions() {
    // January: (1200 + 600 + 0 + 0 + 1200) ÷ 5 = 600 s; February 0; March no sessions.
    let s = months().eval("avg_session_duration").unwrap();
    assert_eq!(values(&s), [num("600"), num("0"), None]);
    assert_eq!(note(&s, 2), "no sessions started in the period");
    // With the 60-minute timeout: (1200 + 3000 + 0 + 1200) ÷ 4.
    let s = months()
        .param("session_timeout_minutes", "60")
        .eval("avg_session_duration")
        .unwrap();
    assert_eq!(values(&s)[0], num("1350"));
}

#[test]
fn actions_per_session() {
    // January: (3 + 2 + 1 + 1 + 2) ÷ 5; February 1.
    let s = months().eval("actions_per_session").unwrap();
    assert_eq!(values(&s), [num("1.8"), num("1"), None]);
}

#[test]
fn feature_usage_counts_users_and_follows_the_event_role() {
    assert_eq!(show(&months().eval("feature_usage").unwrap()), "[1, 1, 0]");
    // Mapped to another event name, the role finds page views instead.
    let s = months()
        .event("feature_used", "page_view")
        .eval("feature_usage")
        .unwrap();
    assert_eq!(show(&s), "[3, 1, 0]");
}
