use vitals_engine::testing::{Fixture, show};

#[test]
fn escalation_rate_of_tickets_opened() {
    // January: 1 of 4 escalated; February: no tickets.
    let tickets = "ticket_id,opened_at,escalated\nk1,2026-01-02,true\nk2,2026-01-03,false\nk3,2026-01-04,no\nk4,2026-01-31,0\n";
    let s = Fixture::months("2026-01", "2026-03")
        .csv("tickets", tickets)
        .eval("escalation_rate")
        .unwrap();
    assert_eq!(show(&s), "[0.25, null (no tickets opened in the period)]");
}
