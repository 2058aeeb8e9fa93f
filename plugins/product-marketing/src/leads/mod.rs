//! Leads and spend: lead volume, conversion, cost per lead and return on marketing.

mod cost_per_lead;
mod lead_conversion_rate;
mod new_leads;
mod romi;

pub use cost_per_lead::COST_PER_LEAD;
pub use lead_conversion_rate::LEAD_CONVERSION_RATE;
pub use new_leads::NEW_LEADS;
pub use romi::ROMI;
