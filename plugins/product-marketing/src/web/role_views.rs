//! Views of one kind of content: `content_views` and `onboarding_views`, counts of events of
//! one role in the period.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Events of one role in the period.
fn role_events(
    cx: &vitals_core::EvalContext<'_>,
    role: &str,
) -> vitals_core::Result<vitals_core::Series> {
    let filter = format!("t.event = {}", cx.event(role));
    cx.series_or_zero(&cx.flow("events", "occurred_at", "COUNT(*)", &filter))
}

/// Content views in the period.
pub static CONTENT_VIEWS: Simple = Simple {
    spec: MetricSpec::simple(
        "content_views",
        "Content views",
        FAMILY,
        "How often content (articles, guides, videos) was viewed in the period.",
        "count of content_view events (role mapped in [events]) in P",
        Unit::Count,
        Direction::HigherIsBetter,
        &["events"],
        "product-marketing seed (content usage)",
    ),
    evaluate: |cx| role_events(cx, "content_view"),
};

vitals_core::register_metric!(CONTENT_VIEWS);

/// Onboarding content views in the period.
pub static ONBOARDING_VIEWS: Simple = Simple {
    spec: MetricSpec::simple(
        "onboarding_views",
        "Onboarding views",
        FAMILY,
        "How often onboarding content was viewed in the period.",
        "count of onboarding_view events (role mapped in [events]) in P",
        Unit::Count,
        Direction::HigherIsBetter,
        &["events"],
        "product-marketing seed (onboarding content views)",
    ),
    evaluate: |cx| role_events(cx, "onboarding_view"),
};

vitals_core::register_metric!(ONBOARDING_VIEWS);
