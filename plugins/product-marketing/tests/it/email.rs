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
