//! Engagement: active users and how they use the product.

mod dau;

pub use dau::Dau;
