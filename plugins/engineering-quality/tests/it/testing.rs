use vitals_engine::testing::{Fixture, show};

const RUNS: &str = "executed_at,test_id,automated,outcome\n\
2026-01-02,t1,true,passed\n\
2026-01-02,t2,true,failed\n\
2026-01-03,t3,false,passed\n\
2026-01-03,t4,yes,passed\n\
2026-01-04,t5,true,skipped\n\
2026-01-04,t6,no,blocked\n\
2026-02-01,t1,true,skipped\n";

#[test]
fn tests_executed_leaves_out_skipped_and_blocked() {
    // January: 4 passed or failed; February: only a skipped run.
    let s = Fixture::months("2026-01", "2026-03")
        .csv("test_runs", RUNS)
        .eval("tests_executed")
        .unwrap();
    assert_eq!(show(&s), "[4, 0]");
}

#[test]
fn test_pass_rate_is_passed_over_executed() {
    // January: 3 passed ÷ 4 executed; February: none executed → undefined.
    let s = Fixture::months("2026-01", "2026-03")
        .csv("test_runs", RUNS)
        .eval("test_pass_rate")
        .unwrap();
    assert_eq!(
        show(&s),
        "[0.75, null (no test runs passed or failed in the period)]"
    );
}

#[test]
fn test_automation_rate_of_executed_runs() {
    // January: t1, t2 automated, t4 "yes" automated, t3 manual: 3 of 4 (skipped and blocked
    // runs left out). February: nothing executed.
    let s = Fixture::months("2026-01", "2026-03")
        .csv("test_runs", RUNS)
        .eval("test_automation_rate")
        .unwrap();
    assert_eq!(
        show(&s),
        "[0.75, null (no test runs passed or failed in the period)]"
    );
}
