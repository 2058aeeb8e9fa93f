//! Renderers for vitals: the [`Report`] of a run as a terminal table or as the stable JSON
//! contract (DESIGN.md §6), unit-aware number formatting, targets and their status, and the
//! metric catalogue as Markdown (docs/METRICS.md is generated from it).

mod catalogue;
mod format;
mod json;
mod report;
mod table;

pub use catalogue::{catalogue_markdown, describe};
pub use format::{format_value, sparkline};
pub use json::to_json;
pub use report::{MetricResult, PeriodInfo, Report, Skipped, Status, Target};
pub use table::to_table;
