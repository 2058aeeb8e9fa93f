//! Golden tests for the engineering-quality family on small fixtures through the real engine.

use vitals_engineering_quality as _;

mod capacity;
mod defects;
mod delivery;
mod dora;
mod support;
mod testing;

use vitals_core::{Decimal, Series};

pub(crate) fn frac(a: i64, b: i64) -> Option<Decimal> {
    Some((Decimal::from(a) / Decimal::from(b)).normalize())
}

pub(crate) fn num(s: &str) -> Option<Decimal> {
    Some(s.parse::<Decimal>().unwrap().normalize())
}

pub(crate) fn values(s: &Series) -> Vec<Option<Decimal>> {
    s.values()
}

pub(crate) fn note(s: &Series, i: usize) -> &str {
    s.points[i].note.as_deref().unwrap_or("")
}
