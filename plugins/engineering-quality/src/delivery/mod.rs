//! Delivery and flow: on-time releases, schedule slip, sprint velocity and say/do, cycle and
//! lead times, throughput.

mod cycle_time;
mod lead_time;
mod on_time_delivery_rate;
mod schedule_slip_days;
mod sprints;
mod throughput;

pub use cycle_time::CYCLE_TIME;
pub use lead_time::LEAD_TIME;
pub use on_time_delivery_rate::ON_TIME_DELIVERY_RATE;
pub use schedule_slip_days::SCHEDULE_SLIP_DAYS;
pub use sprints::{SAY_DO_RATIO, VELOCITY};
pub use throughput::THROUGHPUT;
