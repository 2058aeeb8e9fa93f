//! Golden tests for the product-management family: hand-computed numbers on small fixtures
//! loaded through the real engine, and the undefined cases (null with a note).

use vitals_product_management as _;

mod customers;
mod engagement;
mod revenue;
mod satisfaction;
mod subscriptions;
mod unit_economics;

pub(crate) use vitals_engine::testing::{frac, note, num, values};
