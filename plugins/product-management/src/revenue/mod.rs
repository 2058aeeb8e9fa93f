//! Revenue and margins: what orders bring in.

mod gross_revenue;
mod net_revenue;

pub use gross_revenue::GrossRevenue;
pub use net_revenue::NetRevenue;
