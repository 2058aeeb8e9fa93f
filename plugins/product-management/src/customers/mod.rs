//! Customers and retention: who starts paying, who stops, and what share of revenue stays.

mod counts;
mod retention;
mod revenue_retention;
mod trials;

pub use counts::{ChurnedCustomers, NewCustomers};
pub use retention::{CustomerChurnRate, CustomerRetentionRate};
pub use revenue_retention::{
    BridgeRatio, GROSS_REVENUE_CHURN_RATE, GROSS_REVENUE_RETENTION, NET_REVENUE_RETENTION,
    QUICK_RATIO,
};
pub use trials::TrialConversionRate;
