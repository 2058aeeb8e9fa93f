//! Support: tickets, escalations and response times.

mod escalation_rate;

pub use escalation_rate::EscalationRate;
