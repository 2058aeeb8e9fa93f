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

const TICKETS: &str = "ticket_id,opened_at,escalated,first_response_at,resolved_at\n\
k1,2026-01-02 00:00:00,true,2026-01-02 01:00:00,2026-01-03 00:00:00\n\
k2,2026-01-03 00:00:00,false,2026-01-03 03:00:00,2026-02-02 00:00:00\n\
k3,2026-01-04 00:00:00,false,,\n\
k4,2026-01-31 00:00:00,false,2026-02-01 00:00:00,\n";

fn tickets() -> Fixture {
    Fixture::months("2026-01", "2026-04").csv("tickets", TICKETS)
}

#[test]
fn support_tickets_and_backlog() {
    assert_eq!(
        show(&tickets().eval("support_tickets").unwrap()),
        "[4, 0, 0]"
    );
    // End of January: k2 (resolved in February), k3, k4; end of February and March: k3, k4.
    assert_eq!(
        show(&tickets().eval("ticket_backlog").unwrap()),
        "[3, 2, 2]"
    );
}

#[test]
fn response_and_resolution_times_by_when_they_happened() {
    // First responses in January: 1 h and 3 h (median 2 h); in February: k4 after a day.
    let s = tickets().eval("first_response_time").unwrap();
    assert_eq!(
        show(&s),
        "[7200, 86400, null (no tickets first answered in the period)]"
    );
    // Resolutions: k1 in January after a day; k2 in February after 30 days.
    let s = tickets().eval("ticket_resolution_time").unwrap();
    assert_eq!(
        show(&s),
        "[86400, 2592000, null (no tickets resolved in the period)]"
    );
}
