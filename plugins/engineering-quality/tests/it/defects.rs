use crate::{note, num, values};
use vitals_engine::testing::{Fixture, show};

const DEFECTS: &str = "defect_id,found_at,found_by,severity,status,resolved_at\n\
b1,2026-01-03,team,major,resolved,2026-01-05\n\
b2,2026-01-04,team,minor,open,\n\
b3,2026-01-10,customer,critical,open,\n\
b4,2026-01-11,customer,minor,rejected,\n\
b5,2026-01-12,Team,trivial,open,\n\
b6,2026-02-02,customer,major,rejected,\n\
b7,2026-01-20,customer,major,resolved,2026-02-10\n";

fn defects() -> Fixture {
    Fixture::months("2026-01", "2026-03").csv("defects", DEFECTS)
}

#[test]
fn defect_detection_effectiveness_leaves_out_rejected() {
    // January: team b1, b2, b5; customers b3, b7 (b4 rejected): 3 of 5. February: only a
    // rejected defect.
    let s = defects().eval("defect_detection_effectiveness").unwrap();
    assert_eq!(show(&s), "[0.6, null (no defects found in the period)]");
}

#[test]
fn defects_found_and_escaped() {
    assert_eq!(show(&defects().eval("defects_found").unwrap()), "[5, 0]");
    assert_eq!(show(&defects().eval("escaped_defects").unwrap()), "[2, 0]");
}

#[test]
fn open_defects_are_a_snapshot_at_period_end() {
    // End of January: b2, b3, b5 and b7 (resolved only on 10 February). End of February:
    // b2, b3, b5. Rejected defects never count.
    assert_eq!(show(&defects().eval("open_defects").unwrap()), "[4, 3]");
    assert_eq!(
        show(&defects().eval("critical_open_defects").unwrap()),
        "[1, 1]"
    );
}

#[test]
fn defect_resolution_time_by_resolution_date() {
    // January: b1 in 2 days; February: b7 in 21 days; March: none resolved.
    let s = Fixture::months("2026-01", "2026-04")
        .csv("defects", DEFECTS)
        .eval("defect_resolution_time")
        .unwrap();
    assert_eq!(values(&s), [num("172800"), num("1814400"), None]);
    assert_eq!(note(&s, 2), "no defects resolved in the period");
}
