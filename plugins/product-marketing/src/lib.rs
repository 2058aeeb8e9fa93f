//! The product-marketing metric family: funnel and conversion, leads and spend, email and
//! social, web behaviour, commerce, engagement and value, market.
//!
//! Metrics this family shares with product management (nps, csat, churn, CAC, CLV, ARPU,
//! MRR…) live once, in `vitals-product-management`; the `marketing-25` set names them by id.
//! Sessions and active users come from the views of `vitals-product-management`, linked
//! below so that they are registered wherever this family is.

pub mod commerce;
pub mod email;
pub mod engagement;
pub mod funnel;
pub mod leads;
pub mod market;
pub mod web;

// The views (`period_active_users`, `period_feature_users`, `sessions`) this family's metrics read.
use vitals_product_management as _;

/// The family name of every metric in this crate.
pub const FAMILY: &str = "product-marketing";

vitals_core::register_set!(
    "product-marketing",
    "Every product-marketing metric",
    vitals_core::SetMembers::Family(FAMILY)
);

vitals_core::register_set!(
    "marketing-25",
    "The 25 metrics of the product-marketing seed, in its order",
    &[
        "nps",
        "csat",
        "customer_churn_rate",
        "content_views",
        "conversion_rate",
        "lead_conversion_rate",
        "cost_per_lead",
        "social_engagement_rate",
        "avg_session_duration",
        "pages_per_session",
        "email_open_rate",
        "email_click_rate",
        "bounce_rate",
        "cac",
        "clv",
        "onboarding_views",
        "romi",
        "feature_adoption_rate",
        "cart_abandonment_rate",
        "customer_engagement_score",
        "customer_retention_rate",
        "product_return_rate",
        "time_to_value",
        "market_share",
        "arpu",
        "mrr",
    ]
);

/// The compact form of this family's one-query metrics.
pub use vitals_core::FnMetric as Simple;
