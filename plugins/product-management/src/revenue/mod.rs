//! Revenue and margins: what orders bring in, what they cost, and the sales pipeline.

mod cogs;
mod gross_revenue;
mod margins;
mod net_revenue;
mod new_products;
mod revenue_realization;
mod sales;

pub use cogs::Cogs;
pub use gross_revenue::GrossRevenue;
pub use margins::{GrossMargin, NetIncome, NetMargin};
pub use net_revenue::NetRevenue;
pub use new_products::RevenueFromNewProducts;
pub use revenue_realization::RevenueRealization;
pub use sales::{Bookings, DealWinRate, WeightedPipeline};
