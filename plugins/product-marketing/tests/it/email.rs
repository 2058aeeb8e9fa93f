use vitals_engine::testing::{Fixture, show};

#[test]
fn email_open_rate_divides_opens_by_delivered() {
    // January: (300 + 100) opens ÷ (900 + 100) delivered = 40 %; c2 has no delivered
    // column value, so delivered = sent. February: nothing delivered → undefined.
    let csv = "campaign_id,sent_at,sent,delivered,unique_opens,unique_clicks\n\
c1,2026-01-05,1000,900,300,50\n\
c2,2026-01-20,100,,100,10\n\
c3,2026-02-03,0,0,0,0\n";
    let s = Fixture::months("2026-01", "2026-03")
        .csv("email_campaigns", csv)
        .eval("email_open_rate")
        .unwrap();
    assert_eq!(show(&s), "[0.4, null (no emails delivered in the period)]");
}

const CAMPAIGNS: &str = "campaign_id,sent_at,sent,delivered,unique_opens,unique_clicks\n\
c1,2026-01-05,1000,900,300,60\n\
c2,2026-01-20,100,,100,15\n\
c3,2026-02-03,0,0,0,0\n";

#[test]
fn email_click_rates() {
    // January: 75 clicks of 1,000 delivered, of 400 opened. February: nothing delivered.
    let f = Fixture::months("2026-01", "2026-03").csv("email_campaigns", CAMPAIGNS);
    let s = f.eval("email_click_rate").unwrap();
    assert_eq!(
        show(&s),
        "[0.075, null (no emails delivered in the period)]"
    );
    let s = f.eval("email_click_to_open_rate").unwrap();
    assert_eq!(show(&s), "[0.1875, null (no emails opened in the period)]");
}

#[test]
fn social_engagement_rate_defaults_missing_counts_to_zero() {
    let posts = "post_id,posted_at,impressions,likes,shares,comments\np1,2026-01-02,1000,30,10,10\np2,2026-01-03,1000,,,\n";
    let s = Fixture::months("2026-01", "2026-03")
        .csv("social_posts", posts)
        .eval("social_engagement_rate")
        .unwrap();
    assert_eq!(
        show(&s),
        "[0.025, null (no impressions of posts published in the period)]"
    );
}
