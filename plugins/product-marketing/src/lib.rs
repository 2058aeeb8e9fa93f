//! The product-marketing metric family: funnel and conversion, leads and spend, email and
//! social, web behaviour, commerce, engagement and value, market.
//!
//! Metrics this family shares with product management (nps, csat, churn, CAC, CLV, ARPU,
//! MRR…) live once, in `vitals-product-management`; sets here name them by id.

pub mod email;
pub mod market;

/// The family name of every metric in this crate.
pub const FAMILY: &str = "product-marketing";

vitals_core::register_set!(
    "product-marketing",
    "Every product-marketing metric",
    vitals_core::SetMembers::Family(FAMILY)
);
