//! Golden tests for the engineering-quality family on small fixtures through the real engine.

use vitals_engineering_quality as _;

mod capacity;
mod defects;
mod delivery;
mod dora;
mod support;
mod testing;

pub(crate) use vitals_engine::testing::{frac, note, num, values};
