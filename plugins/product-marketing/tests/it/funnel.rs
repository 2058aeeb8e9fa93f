use crate::{frac, note, num, values};
use vitals_engine::testing::Fixture;

/// v1 buys; v2 abandons a cart; v3 bounces; v4 views content and onboarding; u5 signs up,
/// activates after 30 minutes and uses features a and b on later days; u6 activates a day
/// after signing up.
pub(crate) const EVENTS: &str = "user_id,occurred_at,event,session_id,feature\n\
v1,2026-01-02 10:00:00,page_view,s1,\n\
v1,2026-01-02 10:01:00,add_to_cart,s1,\n\
v1,2026-01-02 10:02:00,purchase,s1,\n\
v2,2026-01-03 10:00:00,page_view,s2,\n\
v2,2026-01-03 10:05:00,add_to_cart,s2,\n\
v3,2026-01-04 10:00:00,page_view,s3,\n\
v4,2026-01-05 10:00:00,content_view,s4,\n\
v4,2026-01-05 10:10:00,onboarding_view,s4,\n\
u5,2026-01-06 10:00:00,signup,s5,\n\
u5,2026-01-06 10:30:00,activation,s5,\n\
u5,2026-01-07 09:00:00,feature_used,s6,a\n\
u5,2026-01-08 09:00:00,feature_used,s7,b\n\
u6,2026-01-09 12:00:00,signup,s8,\n\
u6,2026-01-10 12:00:00,activation,s9,\n";

pub(crate) fn events() -> Fixture {
    Fixture::months("2026-01", "2026-03").csv("events", EVENTS)
}

#[test]
fn conversion_rate_of_the_seed() {
    // Seed: 50 buyers of 1,000 visitors = 5 %.
    let mut csv = String::from("user_id,occurred_at,event\n");
    for i in 0..1000 {
        csv.push_str(&format!("u{i},2026-01-10,page_view\n"));
        if i < 50 {
            csv.push_str(&format!("u{i},2026-01-10 00:05:00,purchase\n"));
        }
    }
    let s = Fixture::months("2026-01", "2026-02")
        .csv("events", &csv)
        .eval("conversion_rate")
        .unwrap();
    assert_eq!(values(&s), [num("0.05")]);
}

#[test]
fn conversion_rate_of_page_viewers() {
    // January: v1 bought, of v1, v2, v3 who viewed pages. February: nobody.
    let s = events().eval("conversion_rate").unwrap();
    assert_eq!(values(&s), [frac(1, 3), None]);
    assert_eq!(note(&s, 1), "no users viewed a page in the period");
}

#[test]
fn conversion_rate_follows_event_roles() {
    let csv = "user_id,occurred_at,event\na,2026-01-02,visit\na,2026-01-02,order_completed\nb,2026-01-03,visit\n";
    let s = Fixture::months("2026-01", "2026-02")
        .csv("events", csv)
        .event("page_view", "visit")
        .event("purchase", "order_completed")
        .eval("conversion_rate")
        .unwrap();
    assert_eq!(values(&s), [num("0.5")]);
}

#[test]
fn cart_abandonment_rate_of_sessions_with_a_cart() {
    // s1 bought, s2 did not: 1 − 1/2.
    let s = events().eval("cart_abandonment_rate").unwrap();
    assert_eq!(values(&s), [num("0.5"), None]);
    assert_eq!(note(&s, 1), "no sessions with an add_to_cart in the period");
}
