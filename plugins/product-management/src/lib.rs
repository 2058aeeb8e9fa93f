//! The product-management metric family: revenue and margins, subscriptions and MRR,
//! customers and retention, unit economics, satisfaction and engagement.
//!
//! Every metric registers itself with [`vitals_core::register_metric!`]; the runner finds
//! them once this crate is linked. Shared SQL building blocks live in [`sql`] and the views
//! this family registers (per-customer MRR at period boundaries, daily active users) in
//! [`views`].

pub mod engagement;
pub mod revenue;
pub mod satisfaction;
pub mod sql;
pub mod subscriptions;
pub mod views;

/// The family name of every metric in this crate.
pub const FAMILY: &str = "product-management";

vitals_core::register_set!(
    "product-management",
    "Every product-management metric",
    vitals_core::SetMembers::Family(FAMILY)
);
