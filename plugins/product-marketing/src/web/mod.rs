//! Web behaviour: pages per session, bounces, content and onboarding views.

mod bounce_rate;
mod pages_per_session;
mod role_views;

pub use bounce_rate::BOUNCE_RATE;
pub use pages_per_session::PAGES_PER_SESSION;
pub use role_views::{CONTENT_VIEWS, ONBOARDING_VIEWS};
