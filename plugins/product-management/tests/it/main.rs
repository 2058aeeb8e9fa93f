//! Golden tests for the product-management family: hand-computed numbers on small fixtures
//! loaded through the real engine, and the undefined cases.

use vitals_product_management as _;

mod engagement;
mod revenue;
mod satisfaction;
mod subscriptions;
