//! Golden tests for the product-management family: hand-computed numbers on small fixtures
//! loaded through the real engine, and the undefined cases (null with a note).

use vitals_product_management as _;

mod customers;
mod engagement;
mod revenue;
mod satisfaction;
mod subscriptions;
mod unit_economics;

use vitals_core::{Decimal, Series};

/// `a ÷ b` as the engine would normalise it.
pub(crate) fn frac(a: i64, b: i64) -> Option<Decimal> {
    Some((Decimal::from(a) / Decimal::from(b)).normalize())
}

/// A whole or decimal number.
pub(crate) fn num(s: &str) -> Option<Decimal> {
    Some(s.parse::<Decimal>().unwrap().normalize())
}

/// The values of a series.
pub(crate) fn values(s: &Series) -> Vec<Option<Decimal>> {
    s.values()
}

/// The note of period `i`.
pub(crate) fn note(s: &Series, i: usize) -> &str {
    s.points[i].note.as_deref().unwrap_or("")
}
