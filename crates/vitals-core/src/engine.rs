//! What an engine provides to serve a run: loading datasets from where they come from,
//! the helper tables of a run's periods, the views, and read-only SQL.
//!
//! `vitals-engine` implements [`RunEngine`] with Apache DataFusion in process; a remote
//! engine is another implementation of the same trait, driven by the same run session.

use crate::{DatasetSpec, Periods, QueryEngine, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a dataset comes from (a file or a PostgreSQL table or query) and, optionally, a
/// mapping from contract column names to the source's column names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetSource {
    /// Where the rows are.
    pub origin: Origin,
    /// `contract name → source column name`.
    pub columns: BTreeMap<String, String>,
    /// A Parquet file written by `vitals prepare`: already checked against the contract, so
    /// it is read as it is, without checking each value again.
    pub prepared: bool,
    /// How the source writes its values, when not as the contract does.
    pub dialect: Dialect,
}

/// How an export writes its values, for those that do not follow the contract's spellings
/// (a comma between fields, a decimal point, ISO 8601 times): a Swedish spreadsheet's
/// `12,50;2026-03-27`, a US one's `03/27/2025 14:05`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dialect {
    /// The field delimiter of a CSV file; `None` for a comma.
    pub delimiter: Option<u8>,
    /// Decimal numbers are written with a decimal comma (`12,50`), and a point in one is an
    /// error.
    pub decimal_comma: bool,
    /// The chrono format (`%m/%d/%Y %H:%M`, `%Y%m%d`) that timestamps and dates are written
    /// in; values in the contract's own spellings are read as well.
    pub time_format: Option<String>,
}

/// Where a dataset's rows are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file; its extension (`.csv`, `.jsonl`/`.ndjson`/`.json`, `.parquet`) picks the reader.
    File(PathBuf),
    /// A PostgreSQL table or query.
    Postgres(PostgresSource),
}

/// A dataset read from PostgreSQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostgresSource {
    /// The environment variable that holds the connection string (a `postgresql://` URL or
    /// `key=value` pairs); the string itself is never kept in a config or shown.
    pub url_env: String,
    /// What is read.
    pub relation: Relation,
}

/// What a PostgreSQL dataset reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    /// A table or view, `schema.table` or `table`.
    Table(String),
    /// One SELECT query.
    Query(String),
}

impl DatasetSource {
    /// A file with no column mapping.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        DatasetSource {
            origin: Origin::File(path.into()),
            columns: BTreeMap::new(),
            prepared: false,
            dialect: Dialect::default(),
        }
    }

    /// A PostgreSQL table or query with no column mapping, reached through the connection
    /// string in environment variable `url_env`.
    pub fn postgres(url_env: impl Into<String>, relation: Relation) -> Self {
        DatasetSource {
            origin: Origin::Postgres(PostgresSource {
                url_env: url_env.into(),
                relation,
            }),
            columns: BTreeMap::new(),
            prepared: false,
            dialect: Dialect::default(),
        }
    }

    /// The file, when the dataset is read from one.
    pub fn file(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(path) => Some(path),
            Origin::Postgres(_) => None,
        }
    }

    /// The source as messages name it: the file's path, or `postgres table public.orders`
    /// (`postgres query` for a query).
    pub fn describe(&self) -> String {
        match &self.origin {
            Origin::File(path) => path.display().to_string(),
            Origin::Postgres(pg) => pg.relation.to_string(),
        }
    }

    /// The source's name for contract column `contract` (the mapped name, else the same name).
    pub fn file_column<'a>(&'a self, contract: &'a str) -> &'a str {
        self.columns
            .get(contract)
            .map(String::as_str)
            .unwrap_or(contract)
    }
}

impl std::fmt::Display for Relation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Relation::Table(table) => write!(f, "postgres table {table}"),
            Relation::Query(_) => f.write_str("postgres query"),
        }
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
