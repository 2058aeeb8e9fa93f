//! The engineering-quality metric family: testing, defects, support, delivery and flow,
//! capacity, DORA and reliability.

pub mod defects;
pub mod support;
pub mod testing;

/// The family name of every metric in this crate.
pub const FAMILY: &str = "engineering-quality";

vitals_core::register_set!(
    "engineering-quality",
    "Every engineering-quality metric",
    vitals_core::SetMembers::Family(FAMILY)
);
