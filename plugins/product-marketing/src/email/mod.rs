//! Email and social: campaign and post engagement rates.

mod email_open_rate;
mod rates;

pub use email_open_rate::EmailOpenRate;
pub use rates::{EMAIL_CLICK_RATE, EMAIL_CLICK_TO_OPEN_RATE, SOCIAL_ENGAGEMENT_RATE};
