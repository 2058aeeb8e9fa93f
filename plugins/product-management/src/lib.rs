//! The product-management metric family: revenue and margins, subscriptions and MRR,
//! customers and retention, unit economics, satisfaction and engagement.
//!
//! Every metric registers itself with [`vitals_core::register_metric!`]; the runner finds
//! them once this crate is linked. Shared SQL building blocks live in [`sql`]; the views they
//! read (per-customer MRR at period boundaries, sessions, active users) in [`views`],
//! registered like metrics and readable by every linked family.

pub mod customers;
pub mod engagement;
pub mod revenue;
pub mod satisfaction;
pub mod sql;
pub mod subscriptions;
pub mod unit_economics;
pub mod views;

/// The family name of every metric in this crate.
pub const FAMILY: &str = "product-management";

vitals_core::register_set!(
    "product-management",
    "Every product-management metric",
    vitals_core::SetMembers::Family(FAMILY)
);

vitals_core::register_set!(
    "saas-core",
    "The SaaS board view: MRR and its growth, churn, retention, unit economics and NPS",
    &[
        "mrr",
        "net_new_mrr",
        "customer_churn_rate",
        "net_revenue_retention",
        "arpa",
        "clv",
        "cac",
        "ltv_to_cac",
        "nps"
    ]
);

vitals_core::register_set!(
    "pm-15",
    "The product-management seed's KPIs, in its order (the engineering ones live in engineering-quality)",
    &[
        "csat",
        "customer_retention_rate",
        "customer_churn_rate",
        "trial_conversion_rate",
        "clv",
        "cac",
        "dau",
        "mau",
        "avg_session_duration",
        "actions_per_session",
        "tests_executed",
        "test_automation_rate",
        "defect_detection_effectiveness",
        "escalation_rate",
        "mrr",
        "revenue_from_new_products",
        "arpu",
        "nps",
    ]
);
