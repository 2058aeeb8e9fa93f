//! Golden tests for the product-marketing family on small fixtures through the real engine.

use vitals_product_marketing as _;

mod commerce;
mod email;
mod funnel;
mod leads;
mod market;
mod web;

pub(crate) use vitals_engine::testing::{frac, note, num, values};
