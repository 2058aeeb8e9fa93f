use crate::{note, num, values};
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

const SURVEYS: &str = "respondent_id,responded_at,survey,score\n\
a,2026-01-02,csat,5\nb,2026-01-03,csat,4\nc,2026-01-04,csat,3\nd,2026-01-05,csat,1\n\
e,2026-01-06,ces,2\nf,2026-01-07,ces,3\ng,2026-01-08,ces,7\nh,2026-02-01,nps,10\n";

#[test]
fn csat_share_and_mean() {
    // January: 2 of 4 satisfied; mean (5 + 4 + 3 + 1) ÷ 4; February: no CSAT responses.
    let f = Fixture::months("2026-01", "2026-03").csv("survey_responses", SURVEYS);
    let s = f.eval("csat").unwrap();
    assert_eq!(values(&s), [num("0.5"), None]);
    assert_eq!(note(&s, 1), "no CSAT responses in the period");
    assert_eq!(values(&f.eval("csat_score").unwrap()), [num("3.25"), None]);
}

#[test]
fn ces_is_the_mean_effort() {
    // (2 + 3 + 7) ÷ 3 on the 1–7 scale.
    let s = Fixture::months("2026-01", "2026-03")
        .csv("survey_responses", SURVEYS)
        .eval("ces")
        .unwrap();
    assert_eq!(values(&s), [num("4"), None]);
    assert_eq!(note(&s, 1), "no CES responses in the period");
}
