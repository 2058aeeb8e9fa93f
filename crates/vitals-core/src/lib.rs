//! The heart of vitals: the [`Metric`] trait, metric specs, the registry that collects every
//! linked metric, set and view through `inventory`, periods and time, the [`Series`] a metric
//! returns, the data contract, and the evaluation order of a run.
//!
//! Core knows nothing of the query engine: metrics run SQL through the [`QueryEngine`] trait,
//! and a run is served by a [`RunEngine`], which `vitals-engine` implements with Apache
//! DataFusion.
//!
//! ```
//! use vitals_core::{EvalContext, Metric, MetricSpec, Result, Series, Unit, Direction};
//!
//! struct SignupCount;
//!
//! impl Metric for SignupCount {
//!     fn spec(&self) -> &MetricSpec {
//!         const SPEC: MetricSpec = MetricSpec {
//!             id: "signup_count",
//!             name: "Signups",
//!             family: "example",
//!             description: "Customers created in the period.",
//!             formula: "count of customers with created_at in P",
//!             unit: Unit::Count,
//!             direction: Direction::HigherIsBetter,
//!             requires: &["customers"],
//!             depends_on: &[],
//!             params: &[],
//!             source: "example",
//!             maturity: None,
//!         };
//!         &SPEC
//!     }
//!     fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
//!         let sql = format!(
//!             "SELECT p.idx, COUNT(*) FROM customers c JOIN periods p ON {} = p.start GROUP BY p.idx",
//!             cx.bucket("c.created_at")
//!         );
//!         Ok(cx.series_or_zero(&sql)?)
//!     }
//! }
//! vitals_core::register_metric!(SignupCount);
//! ```

mod cohort;
mod contract;
mod dimension;
mod engine;
mod error;
mod eval;
pub mod formula;
mod period;
mod query;
mod registry;
mod series;
mod spec;
mod suggest;

pub use cohort::{Cohort, CohortCounts, CohortKind, CohortTable};
pub use contract::{
    Check, ColumnSpec, ColumnType, Coverage, DatasetRegistration, DatasetSpec, Default, RowCheck,
    SURVEY_SCALES, Scale, contract,
};
pub use dimension::{Carrier, DIMENSIONS, DimensionSpec, Group, GroupKind, dimension, dimensions};
pub use engine::{DatasetSource, Dialect, LoadStats, Origin, PostgresSource, Relation, RunEngine};
pub use error::{Error, Result, error_chain};
pub use eval::{
    EvalContext, EventRoles, Outcome, Params, Plan, RunContext, Selection, Timings, ViewContext,
    threads,
};
pub use period::{
    Calendar, Grain, Period, Periods, WeekStart, Zone, first_whole_period, parse_date_arg,
    parse_month, timestamp_sql,
};
pub use query::{QueryEngine, Table, Value};
pub use registry::{
    MetricRegistration, Registry, SetDef, SetMembers, SetRegistration, ViewRegistration, registry,
};
pub use series::{Flags, OVERFLOW, Point, Series, difference, median, product, quotient, sum};
pub use spec::{Direction, Maturity, MetricSpec, ParamKind, ParamSpec, Unit};
pub use suggest::did_you_mean;

#[doc(hidden)]
pub use inventory;

pub use rust_decimal::{Decimal, MathematicalOps};

/// A metric: a static spec and an evaluation over the periods of a run.
///
/// Register an implementation with [`register_metric!`]; the runner discovers it.
pub trait Metric: Send + Sync + 'static {
    /// The static description.
    fn spec(&self) -> &MetricSpec;
    /// Computes one point per period of `cx`.
    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series>;
}

/// A metric whose evaluation is a plain function: the compact form for one-query metrics.
///
/// ```
/// use vitals_core::{Direction, FnMetric, MetricSpec, Unit};
///
/// pub static SIGNUPS: FnMetric = FnMetric {
///     spec: MetricSpec {
///         id: "signups",
///         name: "Signups",
///         family: "example",
///         description: "Customers created in the period.",
///         formula: "count of customers with created_at in P",
///         unit: Unit::Count,
///         direction: Direction::HigherIsBetter,
///         requires: &["customers"],
///         depends_on: &[],
///         params: &[],
///         source: "example",
///         maturity: None,
///     },
///     evaluate: |cx| cx.series_or_zero(&cx.flow("customers", "created_at", "COUNT(*)", "TRUE")),
/// };
/// vitals_core::register_metric!(SIGNUPS);
/// ```
pub struct FnMetric {
    /// The spec.
    pub spec: MetricSpec,
    /// The evaluation.
    pub evaluate: fn(&EvalContext<'_>) -> Result<Series>,
}

impl Metric for FnMetric {
    fn spec(&self) -> &MetricSpec {
        &self.spec
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        (self.evaluate)(cx)
    }
}
