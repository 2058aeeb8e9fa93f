//! Acme's private vitals plugin: a metric over the orders of the data contract, and a
//! dataset of Acme's own with a metric over it. Registered like the built-in ones; any
//! binary that links this crate and the vitals runner lists and runs them.

mod big_orders;
mod visits;
