//! Engagement and value: content reach, feature adoption, the engagement score and time to
//! value.

mod active_share;
mod customer_engagement_score;
mod time_to_value;

pub use active_share::{CONTENT_REACH, FEATURE_ADOPTION_RATE};
pub use customer_engagement_score::CUSTOMER_ENGAGEMENT_SCORE;
pub use time_to_value::TIME_TO_VALUE;
