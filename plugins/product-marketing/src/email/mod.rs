//! Email and social: campaign engagement rates.

mod email_open_rate;

pub use email_open_rate::EmailOpenRate;
