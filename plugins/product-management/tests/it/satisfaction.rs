use vitals_engine::testing::{Fixture, dec, show};

#[test]
fn nps_with_every_score_from_zero_to_ten() {
    // Scores 0…10 once each: promoters 9, 10 (2); detractors 0…6 (7); 11 responses.
    // 100 × (2 − 7) ÷ 11 = −45.4545…; February has no responses.
    let mut csv = String::from("respondent_id,responded_at,survey,score\n");
    for score in 0..=10 {
        csv.push_str(&format!("r{score},2026-01-{:02},nps,{score}\n", score + 1));
    }
    csv.push_str("x,2026-01-03,csat,5\n");
    let s = Fixture::months("2026-01", "2026-03")
        .csv("survey_responses", &csv)
        .eval("nps")
        .unwrap();
    let expected = dec("-500") / dec("11");
    assert_eq!(s.points[0].value, Some(expected.normalize()));
    assert_eq!(
        show(&s).split(", ").nth(1),
        Some("null (no NPS responses in the period)]")
    );
}

#[test]
fn nps_of_all_promoters_is_one_hundred() {
    let csv =
        "respondent_id,responded_at,survey,score\nr1,2026-01-02,nps,9\nr2,2026-01-02,NPS,10\n";
    let s = Fixture::months("2026-01", "2026-02")
        .csv("survey_responses", csv)
        .eval("nps")
        .unwrap();
    assert_eq!(show(&s), "[100]");
}
