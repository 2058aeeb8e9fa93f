//! Evaluating metrics, one concern per module: `params` (params, event roles, what a
//! view's SQL sees), `plan` (selection and dependency order), `context` (what a metric
//! sees while it evaluates) and `parallel` (evaluating a plan on worker threads).

mod context;
mod parallel;
mod params;
mod plan;

pub use context::{EvalContext, RunContext, Timings};
pub use parallel::threads;
pub use params::{EventRoles, Params, ViewContext};
pub use plan::{Outcome, Plan, Selection};
