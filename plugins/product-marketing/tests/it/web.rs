use crate::funnel::events;
use crate::{frac, note, num, values};
use vitals_engine::testing::show;

#[test]
fn pages_per_session_and_bounce_rate() {
    // Nine sessions; three page views; s3, s6, s7, s8, s9 have one event each.
    let s = events().eval("pages_per_session").unwrap();
    assert_eq!(values(&s), [frac(1, 3), None]);
    assert_eq!(note(&s, 1), "no sessions started in the period");
    assert_eq!(
        values(&events().eval("bounce_rate").unwrap()),
        [frac(5, 9), None]
    );
}

#[test]
fn content_and_onboarding_views() {
    assert_eq!(show(&events().eval("content_views").unwrap()), "[1, 0]");
    assert_eq!(show(&events().eval("onboarding_views").unwrap()), "[1, 0]");
}

#[test]
fn reach_and_adoption_among_active_users() {
    // Six active users in January: v4 viewed content, u5 used features.
    let s = events().eval("content_reach").unwrap();
    assert_eq!(values(&s), [frac(1, 6), None]);
    assert_eq!(note(&s, 1), "no active users in the period");
    assert_eq!(
        values(&events().eval("feature_adoption_rate").unwrap()),
        [frac(1, 6), None]
    );
}

#[test]
fn customer_engagement_score() {
    // Active days: v1–v4 one each, u5 three, u6 two: 9 over 6 users and 31 days; features:
    // u5 used both of the 2 used by anyone. 50 × 9 ÷ 186 + 50 × 2 ÷ 12 = 1000/93.
    let s = events().eval("customer_engagement_score").unwrap();
    let got = values(&s)[0].unwrap();
    let expected = frac(1000, 93).unwrap();
    assert!(
        (got - expected).abs() < num("0.000000000000000001").unwrap(),
        "{got}"
    );
    assert_eq!(values(&s)[1], None);
    assert_eq!(note(&s, 1), "no active users in the period");
}

#[test]
fn time_to_value_is_the_median_from_signup_to_activation() {
    // u5: 1,800 s; u6: 86,400 s; median 44,100 s.
    let s = events().eval("time_to_value").unwrap();
    assert_eq!(values(&s), [num("44100"), None]);
    assert_eq!(
        note(&s, 1),
        "no user who signed up in the period has activated"
    );
}
