//! Capacity: how much of the scheduled time people are available, and how much of that is
//! allocated.

mod resource_availability;
mod resource_utilization;

pub use resource_availability::RESOURCE_AVAILABILITY;
pub use resource_utilization::RESOURCE_UTILIZATION;
