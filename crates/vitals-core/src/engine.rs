//! What an engine provides to serve a run: loading datasets from where they come from,
//! the helper tables of a run's periods, the views, and read-only SQL.
//!
//! `vitals-engine` implements [`RunEngine`] with Apache DataFusion in process; a remote
//! engine is another implementation of the same trait, driven by the same run session.

use crate::{DatasetSpec, Periods, QueryEngine, Result};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where a dataset comes from: a file and, optionally, a mapping from contract column names
/// to the file's column names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetSource {
    /// The file; its extension (`.csv`, `.jsonl`/`.ndjson`/`.json`, `.parquet`) picks the reader.
    pub path: PathBuf,
    /// `contract name → file column name`.
    pub columns: BTreeMap<String, String>,
    /// A Parquet file written by `vitals prepare`: already checked against the contract, so
    /// it is read as it is, without checking each value again.
    pub prepared: bool,
}

impl DatasetSource {
    /// A source with no column mapping.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        DatasetSource {
            path: path.into(),
            columns: BTreeMap::new(),
            prepared: false,
        }
    }

    /// The file's name for contract column `contract` (the mapped name, else the same name).
    pub fn file_column<'a>(&'a self, contract: &'a str) -> &'a str {
        self.columns
            .get(contract)
            .map(String::as_str)
            .unwrap_or(contract)
    }
}

/// Statistics of one loaded dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadStats {
    /// Rows loaded.
    pub rows: usize,
}

/// An engine that can serve a run: everything a run session asks of it.
///
/// The session decides what to load, when, and over which periods; the engine only does it.
/// Every table a metric reads is registered under its id: datasets by the contract's ids,
/// the helper tables `periods` and `days`, and the views.
pub trait RunEngine: QueryEngine {
    /// Validates `source` against `spec` and registers it as table `spec.id`. Bad data is an
    /// error that names the file, the row, the column and what was expected.
    fn load_dataset(&self, spec: &'static DatasetSpec, source: &DatasetSource)
    -> Result<LoadStats>;

    /// Declares a dataset that is loaded (and validated) the first time a query names it.
    fn defer_dataset(&mut self, spec: &'static DatasetSpec, source: DatasetSource) -> Result<()>;

    /// Registers an empty table for a dataset that is not configured, so that SQL naming it
    /// optionally still plans.
    fn register_empty(&self, spec: &'static DatasetSpec) -> Result<()>;

    /// Registers the helper tables of a run's periods:
    /// `periods(idx, label, start, "end", prev_start)`, where `prev_start` is the start of the
    /// period before, and `days(day, idx)`, every day of the range and 30 days of look-back,
    /// with `idx` the period of the day (NULL in the look-back).
    fn set_periods(&self, periods: &Periods) -> Result<()>;

    /// Replaces each table `id` of `restrictions` with the rows of its query `sql`, every
    /// query reading the tables as they were loaded: how a run is restricted to the rows of
    /// some dimension values. Each call starts again from the loaded tables, so a table a
    /// former call replaced and this one does not name goes back to its loaded rows. Views
    /// are declared after, so they read the restricted tables.
    fn restrict(&mut self, restrictions: Vec<(String, String)>) -> Result<()>;

    /// Declares views `(id, sql)`: each is computed the first time a query names it, once.
    /// Replaces the views declared before.
    fn set_views(&mut self, views: Vec<(String, String)>) -> Result<()>;

    /// The engine's plan of query `sql`, as text: how it would run, or with `analyze` how it
    /// ran, with rows and time per operator. An engine that cannot say refuses.
    fn explain(&self, sql: &str, analyze: bool) -> Result<String> {
        let _ = (sql, analyze);
        Err(crate::Error::Query {
            message: "this engine cannot explain a query".to_string(),
        })
    }
}
