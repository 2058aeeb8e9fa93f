//! DORA and reliability: the four DORA metrics over production deployments (a blank
//! environment is production), time to restore, availability, and the DORA level.

mod level;

pub use level::{DoraLevel, level_of};

use crate::{Simple, durations, median_per_period, per_day, spec};
use vitals_core::{Decimal, Direction, Series, Unit};

/// Production deployments (the loader defaults a blank environment to production).
const PRODUCTION: &str = "lower(t.environment) = 'production'";

/// Successful production deployments per day.
pub static DEPLOYMENT_FREQUENCY: Simple = Simple {
    spec: spec(
        "deployment_frequency",
        "Deployment frequency",
        "How often the team ships to production: successful production deployments per day.",
        "successful production deployments with deployed_at in P ÷ days in P",
        Unit::PerDay,
        Direction::HigherIsBetter,
        &["deployments"],
        "DORA (deployment frequency)",
    ),
    evaluate: |cx| {
        let filter = format!("t.succeeded AND {PRODUCTION}");
        let counts =
            cx.per_period_or_zero(&cx.flow("deployments", "deployed_at", "COUNT(*)", &filter))?;
        Ok(per_day(cx, counts))
    },
};

/// Median commit-to-production time.
pub static LEAD_TIME_FOR_CHANGES: Simple = Simple {
    spec: spec(
        "lead_time_for_changes",
        "Lead time for changes",
        "How long a change takes from its first commit to running in production, median.",
        "median seconds from first_commit_at to deployed_at, successful production deployments with deployed_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["deployments"],
        "DORA (lead time for changes)",
    ),
    evaluate: |cx| {
        let filter = format!("t.succeeded AND {PRODUCTION}");
        median_per_period(
            cx,
            &durations(cx, "deployments", "first_commit_at", "deployed_at", &filter),
            "no successful production deployments with a first commit in the period",
        )
    },
};

/// Failed or incident-causing production deployments ÷ production deployments.
pub static CHANGE_FAILURE_RATE: Simple = Simple {
    spec: spec(
        "change_failure_rate",
        "Change failure rate",
        "The share of production deployments that failed or caused an incident.",
        "production deployments in P that failed or are named by an incident's deployment_id ÷ production deployments in P",
        Unit::Percent,
        Direction::LowerIsBetter,
        &["deployments", "incidents"],
        "DORA (change failure rate)",
    ),
    evaluate: |cx| {
        let sql = format!(
            "SELECT p.idx, SUM(CASE WHEN NOT t.succeeded OR i.deployment_id IS NOT NULL THEN 1 ELSE 0 END), COUNT(*) \
             FROM deployments t LEFT JOIN (SELECT DISTINCT deployment_id FROM incidents) i \
               ON i.deployment_id = t.deployment_id \
             JOIN periods p ON {bucket} = p.start WHERE {PRODUCTION} GROUP BY p.idx",
            bucket = cx.bucket("t.deployed_at")
        );
        let cols = cx.columns_per_period(&sql, 3)?;
        Ok(Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no production deployments in the period",
        ))
    },
};

/// Median recovery time from deployment-caused incidents.
pub static FAILED_DEPLOYMENT_RECOVERY_TIME: Simple = Simple {
    spec: spec(
        "failed_deployment_recovery_time",
        "Failed deployment recovery time",
        "How long it took to recover from incidents caused by a deployment, median, incidents resolved in the period.",
        "median seconds from started_at to resolved_at, incidents with a deployment_id and resolved_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["incidents"],
        "DORA (failed deployment recovery time, the 2023 successor of MTTR)",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(
                cx,
                "incidents",
                "started_at",
                "resolved_at",
                "t.deployment_id IS NOT NULL",
            ),
            "no deployment incidents resolved in the period",
        )
    },
};

/// Median recovery time from any incident.
pub static TIME_TO_RESTORE: Simple = Simple {
    spec: spec(
        "time_to_restore",
        "Time to restore",
        "How long it took to restore service after incidents resolved in the period, median.",
        "median seconds from started_at to resolved_at, incidents with resolved_at in P",
        Unit::DurationSeconds,
        Direction::LowerIsBetter,
        &["incidents"],
        "engineering-quality seed (service availability and uptime); DORA's time to restore service",
    ),
    evaluate: |cx| {
        median_per_period(
            cx,
            &durations(cx, "incidents", "started_at", "resolved_at", "TRUE"),
            "no incidents resolved in the period",
        )
    },
};

/// 1 − outage seconds inside the period ÷ seconds in the period.
pub static SERVICE_AVAILABILITY: Simple = Simple {
    spec: spec(
        "service_availability",
        "Service availability",
        "The share of the period the service was up.",
        "1 − Σ seconds of outage incidents clipped to P (an unresolved outage lasts to the end of P) ÷ seconds in P",
        Unit::Percent,
        Direction::HigherIsBetter,
        &["incidents"],
        "engineering-quality seed (service availability and uptime)",
    ),
    evaluate: |cx| {
        let outage = cx.per_period_or_zero(
            "SELECT p.idx, SUM(LEAST(to_unixtime(COALESCE(i.resolved_at, p.\"end\")), to_unixtime(p.\"end\")) \
                            - GREATEST(to_unixtime(i.started_at), to_unixtime(p.start))) \
             FROM incidents i JOIN periods p ON i.started_at < p.\"end\" \
               AND (i.resolved_at IS NULL OR i.resolved_at > p.start) \
             WHERE i.outage GROUP BY p.idx",
        )?;
        let values = cx.periods().iter().zip(outage).map(|(p, down)| {
            let seconds = Decimal::from(p.seconds());
            (!seconds.is_zero()).then(|| Decimal::ONE - down.min(seconds) / seconds)
        });
        Ok(Series::from_values(
            cx.periods(),
            values,
            "the period has no length",
        ))
    },
};

vitals_core::register_metric!(DEPLOYMENT_FREQUENCY);
vitals_core::register_metric!(LEAD_TIME_FOR_CHANGES);
vitals_core::register_metric!(CHANGE_FAILURE_RATE);
vitals_core::register_metric!(FAILED_DEPLOYMENT_RECOVERY_TIME);
vitals_core::register_metric!(TIME_TO_RESTORE);
vitals_core::register_metric!(SERVICE_AVAILABILITY);
