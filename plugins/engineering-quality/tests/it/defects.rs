use vitals_engine::testing::{Fixture, show};

const DEFECTS: &str = "defect_id,found_at,found_by,severity,status,resolved_at\n\
b1,2026-01-03,team,major,resolved,2026-01-05\n\
b2,2026-01-04,team,minor,open,\n\
b3,2026-01-10,customer,critical,open,\n\
b4,2026-01-11,customer,minor,rejected,\n\
b5,2026-01-12,Team,trivial,open,\n\
b6,2026-02-02,customer,major,rejected,\n";

#[test]
fn defect_detection_effectiveness_leaves_out_rejected() {
    // January: team b1, b2, b5; customer b3 (b4 rejected): 3 of 4. February: only a
    // rejected defect.
    let s = Fixture::months("2026-01", "2026-03")
        .csv("defects", DEFECTS)
        .eval("defect_detection_effectiveness")
        .unwrap();
    assert_eq!(show(&s), "[0.75, null (no defects found in the period)]");
}
