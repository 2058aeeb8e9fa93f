//! Golden tests for the engineering-quality family on small fixtures through the real engine.

use vitals_engineering_quality as _;

mod defects;
mod support;
mod testing;
