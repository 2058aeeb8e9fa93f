//! Renderers for vitals: the [`Report`] of a run as a terminal table, the stable JSON
//! contract, CSV, Markdown or a self-contained HTML dashboard, unit-aware number formatting, targets and their status, and the
//! metric catalogue as Markdown (docs/METRICS.md is generated from it).

mod catalogue;
mod cohort;
mod contract;
mod csv;
mod format;
mod goal;
mod html;
mod json;
mod markdown;
mod report;
mod signal;
mod table;

pub use catalogue::{catalogue_markdown, describe};
pub use cohort::{
    CohortReport, cohorts_to_csv, cohorts_to_html, cohorts_to_json, cohorts_to_markdown,
    cohorts_to_table,
};
pub use contract::contract_markdown;
pub use csv::to_csv;
pub use format::{EXPORT_DIGITS, MONEY_DECIMALS, export_text, format_value, sparkline};
pub use goal::{DEFAULT_TOLERANCE, Goal, GoalSpec, GoalStatus};
pub use html::to_html;
pub use json::to_json;
pub use markdown::to_markdown;
pub use report::{
    Change, Compare, GroupResult, MetricResult, PeriodInfo, Report, Skipped, Status, Target,
    Verdict, Widened,
};
pub use signal::{DEFAULT_THRESHOLD, MIN_HISTORY, Signal, SignalKind, detect as detect_signal};
pub use table::{to_table, to_wide_table};
