//! Commerce: order value, purchase frequency, returns and the marketing CLV.

mod average_order_value;
mod clv_purchase;
mod product_return_rate;
mod purchase_frequency;

pub use average_order_value::AVERAGE_ORDER_VALUE;
pub use clv_purchase::ClvPurchase;
pub use product_return_rate::PRODUCT_RETURN_RATE;
pub use purchase_frequency::PURCHASE_FREQUENCY;
