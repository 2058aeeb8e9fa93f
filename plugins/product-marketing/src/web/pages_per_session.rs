//! `pages_per_session`: page views per session.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Page views per session.
pub static PAGES_PER_SESSION: Simple = Simple {
    spec: MetricSpec::simple(
        "pages_per_session",
        "Pages per session",
        FAMILY,
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

vitals_core::register_metric!(PAGES_PER_SESSION);
