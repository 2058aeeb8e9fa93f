//! Subscriptions and MRR: snapshots of paid subscriptions at period boundaries and the MRR
//! bridge between them.

mod arr;
mod movements;
mod mrr;
mod paying_customers;

pub use arr::Arr;
pub use movements::{
    CHURNED_MRR, CONTRACTION_MRR, EXPANSION_MRR, Movement, NEW_MRR, NetNewMrr, REACTIVATION_MRR,
};
pub use mrr::Mrr;
pub use paying_customers::PayingCustomers;
