//! `service_availability`: 1 − outage seconds inside the period ÷ seconds in the period.

use crate::{FAMILY, Simple};
use vitals_core::{Decimal, Direction, MetricSpec, Series, Unit};

/// 1 − outage seconds inside the period ÷ seconds in the period.
pub static SERVICE_AVAILABILITY: Simple = Simple {
    spec: MetricSpec::simple(
        "service_availability",
        "Service availability",
        FAMILY,
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

vitals_core::register_metric!(SERVICE_AVAILABILITY);
