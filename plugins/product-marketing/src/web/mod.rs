//! Web behaviour: pages per session, bounces, content and onboarding views.

use crate::{Simple, spec};
use vitals_core::{Direction, Unit};

/// Page views per session.
pub static PAGES_PER_SESSION: Simple = Simple {
    spec: spec(
        "pages_per_session",
        "Pages per session",
        "How many pages an average visit views.",
        "page_view events of sessions starting in P ÷ sessions starting in P",
        Unit::Ratio,
        Direction::HigherIsBetter,
        &["events"],
        "product-marketing seed (pages per session)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "sessions",
            "started_at",
            "t.page_views",
            "1",
            "TRUE",
            "no sessions started in the period",
        )
    },
};

/// Sessions with one event.
pub static BOUNCE_RATE: Simple = Simple {
    spec: spec(
        "bounce_rate",
        "Bounce rate",
        "The share of visits that ended after a single event.",
        "sessions with exactly one event ÷ sessions, sessions starting in P",
        Unit::Percent,
        Direction::LowerIsBetter,
        &["events"],
        "product-marketing seed (bounce rate)",
    ),
    evaluate: |cx| {
        cx.flow_ratio(
            "sessions",
            "started_at",
            "CASE WHEN t.events = 1 THEN 1 ELSE 0 END",
            "1",
            "TRUE",
            "no sessions started in the period",
        )
    },
};

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
    spec: spec(
        "content_views",
        "Content views",
        "How often content (articles, guides, videos) was viewed in the period.",
        "count of content_view events (role mapped in [events]) in P",
        Unit::Count,
        Direction::HigherIsBetter,
        &["events"],
        "product-marketing seed (content usage)",
    ),
    evaluate: |cx| role_events(cx, "content_view"),
};

/// Onboarding content views in the period.
pub static ONBOARDING_VIEWS: Simple = Simple {
    spec: spec(
        "onboarding_views",
        "Onboarding views",
        "How often onboarding content was viewed in the period.",
        "count of onboarding_view events (role mapped in [events]) in P",
        Unit::Count,
        Direction::HigherIsBetter,
        &["events"],
        "product-marketing seed (onboarding content views)",
    ),
    evaluate: |cx| role_events(cx, "onboarding_view"),
};

vitals_core::register_metric!(PAGES_PER_SESSION);
vitals_core::register_metric!(BOUNCE_RATE);
vitals_core::register_metric!(CONTENT_VIEWS);
vitals_core::register_metric!(ONBOARDING_VIEWS);
