//! DORA and reliability: the four DORA metrics over production deployments (a blank
//! environment is production), time to restore, availability, and the DORA level.

mod change_failure_rate;
mod deployment_frequency;
mod failed_deployment_recovery_time;
mod filters;
mod lead_time_for_changes;
mod level;
mod service_availability;
mod time_to_restore;

pub use change_failure_rate::CHANGE_FAILURE_RATE;
pub use deployment_frequency::DEPLOYMENT_FREQUENCY;
pub use failed_deployment_recovery_time::FAILED_DEPLOYMENT_RECOVERY_TIME;
pub use lead_time_for_changes::LEAD_TIME_FOR_CHANGES;
pub use level::{DoraLevel, level_of};
pub use service_availability::SERVICE_AVAILABILITY;
pub use time_to_restore::TIME_TO_RESTORE;
