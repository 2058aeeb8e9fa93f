//! Funnel and conversion: visitors who buy, and carts that are abandoned.

mod cart_abandonment_rate;
mod conversion_rate;

pub use cart_abandonment_rate::CART_ABANDONMENT_RATE;
pub use conversion_rate::CONVERSION_RATE;
