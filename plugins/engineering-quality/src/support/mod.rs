//! Support: tickets, escalations and response times.

mod escalation_rate;
mod first_response_time;
mod support_tickets;
mod ticket_backlog;
mod ticket_resolution_time;

pub use escalation_rate::EscalationRate;
pub use first_response_time::FIRST_RESPONSE_TIME;
pub use support_tickets::SUPPORT_TICKETS;
pub use ticket_backlog::TICKET_BACKLOG;
pub use ticket_resolution_time::TICKET_RESOLUTION_TIME;
