//! Subscriptions and MRR: snapshots of paid subscriptions at period boundaries.

mod mrr;
mod paying_customers;

pub use mrr::Mrr;
pub use paying_customers::PayingCustomers;
