//! `deployment_frequency`: successful production deployments per day.

use super::filters::PRODUCTION;
use crate::{FAMILY, Simple, per_day};
use vitals_core::{Direction, MetricSpec, Unit};

/// Successful production deployments per day.
pub static DEPLOYMENT_FREQUENCY: Simple = Simple {
    spec: MetricSpec::simple(
        "deployment_frequency",
        "Deployment frequency",
        FAMILY,
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

vitals_core::register_metric!(DEPLOYMENT_FREQUENCY);
