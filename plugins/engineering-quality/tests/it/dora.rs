use crate::{frac, note, num, values};
use vitals_engine::testing::{Fixture, show};

const DEPLOYMENTS: &str = "deployment_id,deployed_at,succeeded,first_commit_at,environment\n\
d1,2026-01-05 10:00:00,true,2026-01-04 10:00:00,production\n\
d2,2026-01-06 10:00:00,true,2026-01-06 08:00:00,\n\
d3,2026-01-07 10:00:00,false,2026-01-07 09:00:00,production\n\
d4,2026-01-08 10:00:00,true,2026-01-08 09:00:00,staging\n\
d5,2026-01-09 10:00:00,true,2026-01-09 06:00:00,Production\n";

/// i1 follows d5 (2 h); i2 is a 6-hour outage; i3 an outage from 22:00 on 31 January to
/// 03:00 on 1 February.
const INCIDENTS: &str = "incident_id,started_at,resolved_at,deployment_id,outage\n\
i1,2026-01-09 11:00:00,2026-01-09 13:00:00,d5,false\n\
i2,2026-01-10 00:00:00,2026-01-10 06:00:00,,true\n\
i3,2026-01-31 22:00:00,2026-02-01 03:00:00,,yes\n";

fn dora() -> Fixture {
    Fixture::months("2026-01", "2026-03")
        .csv("deployments", DEPLOYMENTS)
        .csv("incidents", INCIDENTS)
}

#[test]
fn deployment_frequency_counts_successful_production_deployments() {
    // d1, d2 (blank environment = production) and d5; d3 failed; d4 is staging.
    let s = dora().eval("deployment_frequency").unwrap();
    assert_eq!(values(&s), [frac(3, 31), num("0")]);
}

#[test]
fn lead_time_for_changes_is_the_median() {
    // 1 day, 2 h, 4 h: median 4 h. February: no deployments.
    let s = dora().eval("lead_time_for_changes").unwrap();
    assert_eq!(values(&s), [num("14400"), None]);
}

#[test]
fn change_failure_rate_counts_failures_and_incidents() {
    // Of d1, d2, d3, d5: d3 failed and d5 caused i1.
    let s = dora().eval("change_failure_rate").unwrap();
    assert_eq!(
        show(&s),
        "[0.5, null (no production deployments in the period)]"
    );
}

#[test]
fn recovery_times() {
    assert_eq!(
        values(&dora().eval("failed_deployment_recovery_time").unwrap()),
        [num("7200"), None]
    );
    // All incidents: January i1 (2 h) and i2 (6 h); February i3 (5 h).
    assert_eq!(
        values(&dora().eval("time_to_restore").unwrap()),
        [num("14400"), num("18000")]
    );
    let s = Fixture::months("2026-03", "2026-04")
        .csv("incidents", INCIDENTS)
        .eval("time_to_restore")
        .unwrap();
    assert_eq!(note(&s, 0), "no incidents resolved in the period");
}

#[test]
fn service_availability_clips_outages_to_the_period() {
    // January: 6 h + 2 h of i3; February: the other 3 h.
    let s = dora().eval("service_availability").unwrap();
    let jan = vitals_core::Decimal::ONE - frac(28_800, 2_678_400).unwrap();
    let feb = vitals_core::Decimal::ONE - frac(10_800, 2_419_200).unwrap();
    assert_eq!(values(&s), [Some(jan.normalize()), Some(feb.normalize())]);
}

#[test]
fn dora_level_is_the_weakest_of_the_four() {
    // January: frequency 3/31 a day (medium), lead time 4 h (elite), change failure 50 %
    // (low), recovery 2 h (high): low. February has no production deployment: frequency 0,
    // low, though the other three are undefined.
    let s = dora().eval("dora_level").unwrap();
    assert_eq!(values(&s), [num("1"), num("1")]);
}

#[test]
fn dora_level_counts_only_the_metrics_defined_in_the_period() {
    // The week of 5 January: one deployment (1 a week: high), lead time 2 h (elite), no
    // failure (elite), no incident resolved, so no recovery time: high, not null.
    let deployments = "deployment_id,deployed_at,succeeded,first_commit_at
\
        d1,2026-01-05 10:00:00,true,2026-01-05 08:00:00\n";
    let incidents =
        "incident_id,started_at,resolved_at\ni1,2026-02-10 00:00:00,2026-02-10 01:00:00\n";
    let s = Fixture::new(vitals_core::Grain::Week, "2026-01-05", "2026-01-12")
        .csv("deployments", deployments)
        .csv("incidents", incidents)
        .eval("dora_level")
        .unwrap();
    assert_eq!(values(&s), [num("3")]);
}

#[test]
fn one_deployment_a_month_is_medium_whatever_the_months_length() {
    // One deployment in January (31 days) and one in February (28 days); lead times of 2 h,
    // no failures, no incidents in either month.
    let deployments = "deployment_id,deployed_at,succeeded,first_commit_at\n\
        d1,2026-01-15 10:00:00,true,2026-01-15 08:00:00\n\
        d2,2026-02-15 10:00:00,true,2026-02-15 08:00:00\n";
    let incidents =
        "incident_id,started_at,resolved_at\ni1,2026-04-10 00:00:00,2026-04-10 01:00:00\n";
    let s = Fixture::months("2026-01", "2026-03")
        .csv("deployments", deployments)
        .csv("incidents", incidents)
        .eval("dora_level")
        .unwrap();
    assert_eq!(values(&s), [num("2"), num("2")]);
}

#[test]
fn dora_level_without_data_is_null_with_the_reason() {
    let s = Fixture::months("2026-01", "2026-02")
        .csv("deployments", "deployment_id,deployed_at,succeeded\n")
        .csv("incidents", INCIDENTS)
        .eval("dora_level")
        .unwrap();
    assert_eq!(values(&s), [None]);
    assert_eq!(note(&s, 0), "no data: dataset `deployments` has no rows");
}
