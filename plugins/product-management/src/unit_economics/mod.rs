//! Unit economics: revenue per account and user, customer lifetime value, acquisition cost
//! and payback, time to first revenue.

mod arpa;
mod arpu;
mod cac;
mod clv;
mod time_to_revenue;

pub use arpa::Arpa;
pub use arpu::Arpu;
pub use cac::{Cac, CacPaybackMonths, LtvToCac};
pub use clv::Clv;
pub use time_to_revenue::TimeToRevenue;
