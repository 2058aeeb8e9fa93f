//! Loading datasets: CSV (header row), JSON Lines and Parquet, chosen by file extension, read
//! against the contract's declared schema with row-level error messages.

mod builder;
pub(crate) mod cell;
mod csv;
mod jsonl;
mod parquet;
mod postgres;
mod prepared;
mod validate;

pub use builder::TextStorage;
pub(crate) use builder::{BATCH_ROWS, arrow_type, schema};

use builder::TableBuilder;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use std::fmt;
use std::path::Path;
pub(crate) use vitals_core::DatasetSource;
use vitals_core::Origin;
use vitals_core::{DatasetSpec, did_you_mean};

/// One problem in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The line (CSV, JSON Lines) or row (Parquet, from 1) where it is, if any.
    pub line: Option<u64>,
    /// The contract column it concerns, if any.
    pub column: Option<String>,
    /// What was expected and what was found.
    pub message: String,
}

impl Problem {
    pub(crate) fn at(line: u64, column: &str, message: impl Into<String>) -> Self {
        Problem {
            line: Some(line),
            column: Some(column.to_string()),
            message: message.into(),
        }
    }

    pub(crate) fn file(message: impl Into<String>) -> Self {
        Problem {
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// The problems of one file, the first `cap` kept in full and the rest counted.
#[derive(Debug, Clone)]
pub(crate) struct Problems {
    kept: Vec<Problem>,
    more: usize,
    cap: usize,
}

impl Problems {
    pub(crate) fn new(cap: usize) -> Self {
        Problems {
            kept: Vec::new(),
            more: 0,
            cap: cap.max(1),
        }
    }

    pub(crate) fn push(&mut self, p: Problem) {
        if self.kept.len() < self.cap {
            self.kept.push(p);
        } else {
            self.more += 1;
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// True when no more detail will be kept (further rows only count).
    pub(crate) fn full(&self) -> bool {
        self.kept.len() >= self.cap
    }

    /// How many problems are kept in full.
    pub(crate) fn cap(&self) -> usize {
        self.cap
    }

    /// The problems of parts of one file read apart, in line order, capped again.
    pub(crate) fn merge(parts: Vec<Problems>) -> Problems {
        let cap = parts.first().map_or(1, |p| p.cap);
        let mut more = 0;
        let mut all: Vec<Problem> = Vec::new();
        for p in parts {
            more += p.more;
            all.extend(p.kept);
        }
        all.sort_by_key(|p| p.line.unwrap_or(0));
        let mut merged = Problems::new(cap);
        for p in all {
            merged.push(p);
        }
        merged.more += more;
        merged
    }
}

/// A dataset that could not be loaded: where it was read from and every problem found in it.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// The dataset id.
    pub dataset: String,
    /// Where the rows were read from, as messages name it: the file's path, or
    /// `orders (postgres table public.orders)`.
    pub origin: String,
    /// What a problem's position counts: `line` (in a file) or `row` (of a query's result).
    pub unit: &'static str,
    /// The problems, in file order, up to the cap.
    pub problems: Vec<Problem>,
    /// How many more problems there were beyond the cap.
    pub more: usize,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = &self.origin;
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{file}")?;
            if let Some(line) = p.line {
                write!(f, " {} {line}", self.unit)?;
            }
            if let Some(col) = &p.column {
                write!(f, ", column {col}")?;
            }
            write!(f, ": {}", p.message)?;
        }
        if self.more > 0 {
            write!(f, "\n{file}: … and {} more problems", self.more)?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// A loaded dataset.
pub(crate) struct Loaded {
    pub(crate) schema: SchemaRef,
    pub(crate) batches: Vec<RecordBatch>,
    pub(crate) rows: usize,
}

/// How loading `source` as `spec` fails with the problems found.
fn failure<'a>(
    spec: &'static DatasetSpec,
    source: &'a DatasetSource,
) -> impl Fn(Problems) -> LoadError + 'a {
    let (origin, unit) = match &source.origin {
        Origin::File(path) => (path.display().to_string(), "line"),
        Origin::Postgres(pg) => (format!("{} ({})", spec.id, pg.relation), "row"),
    };
    move |problems: Problems| LoadError {
        dataset: spec.id.to_string(),
        origin: origin.clone(),
        unit,
        problems: problems.kept,
        more: problems.more,
    }
}

/// The file `source` reads when the query engine could scan it where it lies: a file of at
/// least `from` bytes whose path the engine would not read as a pattern of several files.
pub(crate) fn scannable_file(source: &DatasetSource, from: u64) -> Option<&Path> {
    let Origin::File(path) = &source.origin else {
        return None;
    };
    let pattern = path
        .to_str()
        .is_none_or(|p| p.contains(['*', '?', '[', '{']));
    let large = path
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() >= from);
    (!pattern && large).then_some(path.as_path())
}

/// A prepared file of at least `from` bytes, to be scanned where it lies instead of loaded:
/// its path and row count once its schema is found to be the contract's (it was checked row
/// by row when it was written). `None` for any other source, a smaller file, and a path the
/// query engine would read as a pattern of several files.
pub(crate) fn prepared_in_place<'a>(
    spec: &'static DatasetSpec,
    source: &'a DatasetSource,
    from: u64,
) -> Result<Option<(&'a Path, usize)>, LoadError> {
    let Some(path) = scannable_file(source, from).filter(|_| source.prepared) else {
        return Ok(None);
    };
    match prepared::check(spec, path) {
        Ok(rows) => Ok(Some((path, rows))),
        Err(problem) => {
            let mut problems = Problems::new(1);
            problems.push(problem);
            Err(failure(spec, source)(problems))
        }
    }
}

/// A raw Parquet file scanned where it lies: where it is, its columns' names in order, the
/// file column that holds each contract column (`None`: absent, null), and its row count.
pub(crate) struct InPlace<'a> {
    pub(crate) path: &'a Path,
    pub(crate) header: Vec<String>,
    pub(crate) columns: Vec<Option<String>>,
    pub(crate) rows: usize,
}

/// A Parquet file (not prepared) of at least `from` bytes that can be scanned where it lies:
/// every contract column is stored in exactly the type the engine computes with, and a
/// checking pass that keeps no rows finds every value as the contract wants it (no blank text
/// to make null, no word to respell, ids unique, every rule kept). `None` for any other source
/// or file, and when the pass finds anything at all: the file is then loaded, which names
/// every problem.
pub(crate) fn parquet_in_place<'a>(
    spec: &'static DatasetSpec,
    source: &'a DatasetSource,
    from: u64,
) -> Option<InPlace<'a>> {
    let path = scannable_file(source, from)?;
    let mapped_unknown = source.columns.keys().any(|c| spec.column(c).is_none());
    if source.prepared || mapped_unknown || Format::of(path) != Some(Format::Parquet) {
        return None;
    }
    let builder = TableBuilder::new(spec, Problems::new(1), TextStorage::Auto).counting();
    let checked = parquet::read(source, path, builder).ok()?;
    if checked.declined {
        return None;
    }
    let rows = checked.count().ok()?;
    let header = parquet::column_names(path)?;
    let positions = locate_columns(spec, source, &header, &mut Problems::new(1));
    let columns = positions
        .into_iter()
        .map(|p| p.map(|p| header[p].clone()))
        .collect();
    Some(InPlace {
        path,
        header,
        columns,
        rows,
    })
}

/// Loads `source` against `spec`, keeping up to `cap` problems.
pub(crate) fn load(
    spec: &'static DatasetSpec,
    source: &DatasetSource,
    cap: usize,
    text: TextStorage,
) -> Result<Loaded, LoadError> {
    let fail = failure(spec, source);
    let mut problems = Problems::new(cap);
    for contract in source.columns.keys() {
        if spec.column(contract).is_none() {
            problems.push(Problem::file(format!(
                "the column mapping names `{contract}`, which is not a column of dataset {}{}",
                spec.id,
                did_you_mean(contract, spec.columns.iter().map(|c| c.name))
            )));
            return Err(fail(problems));
        }
    }
    let path = match &source.origin {
        Origin::File(path) => path,
        Origin::Postgres(pg) => {
            let builder = TableBuilder::new(spec, problems, text)
                .with_dialect(std::sync::Arc::new(source.dialect.clone()));
            return match postgres::read(pg, source, builder).and_then(TableBuilder::finish) {
                Ok((schema, batches, rows)) => Ok(Loaded {
                    schema,
                    batches,
                    rows,
                }),
                Err(problems) => Err(fail(problems)),
            };
        }
    };
    if !path.exists() {
        problems.push(Problem::file(format!(
            "file not found (dataset {})",
            spec.id
        )));
        return Err(fail(problems));
    }
    if source.prepared {
        return prepared::read(spec, path).map_err(|problem| {
            let mut problems = Problems::new(cap);
            problems.push(problem);
            fail(problems)
        });
    }
    if source.dialect.delimiter.is_some() && Format::of(path) != Some(Format::Csv) {
        problems.push(Problem::file(format!(
            "`delimiter` applies to CSV files only (dataset {})",
            spec.id
        )));
        return Err(fail(problems));
    }
    let builder = TableBuilder::new(spec, problems, text)
        .with_dialect(std::sync::Arc::new(source.dialect.clone()));
    let result = match Format::of(path) {
        Some(Format::Csv) => csv::read(source, path, builder),
        Some(Format::JsonLines) => jsonl::read(source, path, builder),
        Some(Format::Parquet) => parquet::read(source, path, builder),
        None => {
            let mut problems = Problems::new(cap);
            problems.push(Problem::file(
                "unknown file extension: expected .csv, .jsonl (or .ndjson, .json) or .parquet",
            ));
            return Err(fail(problems));
        }
    };
    match result.and_then(TableBuilder::finish) {
        Ok((schema, batches, rows)) => Ok(Loaded {
            schema,
            batches,
            rows,
        }),
        Err(problems) => Err(fail(problems)),
    }
}

/// Loads CSV `bytes` as dataset `spec` (no column mapping): the entry point of the CSV
/// fuzz target and its regression tests.
pub(crate) fn load_csv_bytes(
    spec: &'static DatasetSpec,
    bytes: &[u8],
    cap: usize,
) -> Result<Loaded, LoadError> {
    let source = DatasetSource::new(format!("{}.csv", spec.id));
    let builder = TableBuilder::new(spec, Problems::new(cap), TextStorage::Auto);
    match csv::read_from(&source, bytes, builder).and_then(TableBuilder::finish) {
        Ok((schema, batches, rows)) => Ok(Loaded {
            schema,
            batches,
            rows,
        }),
        Err(problems) => Err(LoadError {
            dataset: spec.id.to_string(),
            origin: source.describe(),
            unit: "line",
            problems: problems.kept,
            more: problems.more,
        }),
    }
}

/// The earliest and latest value of `spec`'s time column in `source` when a Parquet file's
/// footer tells them without reading a row; `None` for other sources (they must be read).
pub(crate) fn footer_time_bounds(
    spec: &DatasetSpec,
    source: &DatasetSource,
) -> Option<(chrono::NaiveDateTime, chrono::NaiveDateTime)> {
    let path = source.file()?;
    if !source.prepared && Format::of(path) != Some(Format::Parquet) {
        return None;
    }
    parquet::time_bounds(source, path, spec.time_column)
}

/// The file formats vitals reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
    /// Apache Parquet.
    Parquet,
}

impl Format {
    /// The format of `path` by its extension.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
}

/// Positions of the contract columns in a file's header; `None` for absent optional
/// columns. A missing required column is a problem, and so is a contract column the header
/// names twice (a case-insensitive match counts).
fn locate_columns(
    spec: &DatasetSpec,
    source: &DatasetSource,
    header: &[String],
    problems: &mut Problems,
) -> Vec<Option<usize>> {
    // A header read as one field that holds another delimiter: every column would be
    // reported missing, when one setting is wrong.
    let csv = source
        .file()
        .is_some_and(|f| Format::of(f) == Some(Format::Csv));
    let delimiter = char::from(source.dialect.delimiter.unwrap_or(b','));
    if csv
        && let [only] = header
        && let Some(other) = [',', ';', '\t', '|']
            .into_iter()
            .find(|d| *d != delimiter && only.contains(*d))
    {
        let spell = |c: char| {
            if c == '\t' {
                "\\t".to_string()
            } else {
                c.to_string()
            }
        };
        let shown: String = only.chars().take(60).collect();
        let more = if only.chars().count() > 60 { "…" } else { "" };
        problems.push(Problem {
            line: Some(1),
            column: None,
            message: format!(
                "the header is one field, `{shown}{more}`: it looks separated by `{}`, not by `{}`; set delimiter = \"{}\" for this dataset in vitals.toml",
                spell(other),
                spell(delimiter),
                spell(other)
            ),
        });
        return vec![None; spec.columns.len()];
    }
    let has = match &source.origin {
        Origin::File(_) => "the file has",
        Origin::Postgres(pg) => match pg.relation {
            vitals_core::Relation::Table(_) => "the table has",
            vitals_core::Relation::Query(_) => "the query returns",
        },
    };
    spec.columns
        .iter()
        .map(|col| {
            let wanted = source.file_column(col.name);
            let pos = header
                .iter()
                .position(|h| h == wanted)
                .or_else(|| header.iter().position(|h| h.eq_ignore_ascii_case(wanted)));
            let same: Vec<usize> = header
                .iter()
                .enumerate()
                .filter(|(_, h)| h.eq_ignore_ascii_case(wanted))
                .map(|(i, _)| i + 1)
                .collect();
            if same.len() > 1 {
                problems.push(Problem {
                    line: Some(1),
                    column: Some(col.name.to_string()),
                    message: format!(
                        "the header names `{wanted}` {} times (fields {}): which one holds the values is ambiguous; keep one",
                        same.len(),
                        same.iter()
                            .map(usize::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
            if pos.is_none() && !col.optional {
                let mapped = if wanted != col.name {
                    format!(" (mapped to file column `{wanted}`)")
                } else {
                    String::new()
                };
                problems.push(Problem {
                    line: Some(1),
                    column: Some(col.name.to_string()),
                    message: format!(
                        "missing required column `{}`{mapped}; {has}: {}{}",
                        col.name,
                        header.join(", "),
                        did_you_mean(wanted, header.iter().map(String::as_str))
                    ),
                });
            }
            pos
        })
        .collect()
}
