//! `change_failure_rate`: failed or incident-causing production deployments ÷ production deployments.

use super::filters::PRODUCTION;
use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Series, Unit};

/// Failed or incident-causing production deployments ÷ production deployments.
pub static CHANGE_FAILURE_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "change_failure_rate",
        "Change failure rate",
        FAMILY,
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

vitals_core::register_metric!(CHANGE_FAILURE_RATE);
