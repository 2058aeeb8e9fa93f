//! Golden tests for the product-marketing family on small fixtures through the real engine.

use vitals_product_marketing as _;

mod email;
mod market;
