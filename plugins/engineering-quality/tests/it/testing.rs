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

#[test]
fn test_execution_velocity_per_day() {
    // January: 4 executed runs over 31 days; February: none over 28.
    let s = Fixture::months("2026-01", "2026-03")
        .csv("test_runs", RUNS)
        .eval("test_execution_velocity")
        .unwrap();
    assert_eq!(crate::values(&s), [crate::frac(4, 31), crate::num("0")]);
}

#[test]
fn test_failure_rate_of_executed_runs() {
    let s = Fixture::months("2026-01", "2026-03")
        .csv("test_runs", RUNS)
        .eval("test_failure_rate")
        .unwrap();
    assert_eq!(
        show(&s),
        "[0.25, null (no test runs passed or failed in the period)]"
    );
}

#[test]
fn flaky_tests_pass_and_fail_on_one_day() {
    // t1 fails and passes on 2 January (flaky); t2 fails on the 2nd and passes on the 3rd
    // (not flaky); t3 passes; t4 is only skipped (not run). 1 of 3 tests run.
    let runs = "executed_at,test_id,automated,outcome\n\
2026-01-02 01:00:00,t1,true,failed\n2026-01-02 03:00:00,t1,true,passed\n\
2026-01-02 01:00:00,t2,true,failed\n2026-01-03 01:00:00,t2,true,passed\n\
2026-01-02 01:00:00,t3,true,passed\n2026-01-02 01:00:00,t4,true,skipped\n";
    let s = Fixture::months("2026-01", "2026-03")
        .csv("test_runs", runs)
        .eval("flaky_test_rate")
        .unwrap();
    assert_eq!(crate::values(&s), [crate::frac(1, 3), None]);
    assert_eq!(
        crate::note(&s, 1),
        "no test runs passed or failed in the period"
    );
}
