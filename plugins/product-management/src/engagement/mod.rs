//! Engagement: active users, stickiness, retention, sessions and feature usage.

mod active_users;
mod feature_usage;
mod rolling;
mod sessions;
mod user_retention;

pub use active_users::ActiveUsers;
pub use feature_usage::FeatureUsage;
pub use rolling::{DAU, MAU, Rolling, Stickiness, WAU};
pub use sessions::{ActionsPerSession, AvgSessionDuration, Sessions};
pub use user_retention::UserRetention;
