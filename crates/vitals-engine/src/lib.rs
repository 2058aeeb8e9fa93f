//! The only vitals crate that touches Apache DataFusion.
//!
//! A run is set up through [`Session`] (built by [`SessionBuilder`]): it decides which
//! datasets load now and which on first use, places the range, declares the views and
//! evaluates a plan, on any [`RunEngine`]. [`Engine`] is the local one: it loads datasets
//! against the data contract (typed, validated, once per run), registers the `periods` and
//! `days` helper tables, materialises views on first use, and runs metric SQL read-only,
//! converting results into core's engine-free [`Table`].

mod convert;
mod export;
pub mod fuzzing;
mod load;
mod remote;
mod scanned;
mod session;
pub mod testing;

pub use datafusion;
pub use export::{prepare_parquet, write_parquet};
pub use load::{Format, LoadError, Problem, TextStorage};
pub use session::{
    Breakdown, Declared, DimensionValues, ExplainedQuery, Explanation, Filter, Session,
    SessionBuilder, Span,
};
pub use vitals_core::{DatasetSource, LoadStats};

use chrono::NaiveDateTime;
use datafusion::arrow::array::{ArrayRef, Int64Array, StringArray, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::{MemTable, TableProvider};
use datafusion::error::DataFusionError;
use datafusion::execution::context::{SQLOptions, SessionConfig, SessionContext};
use datafusion::prelude::ParquetReadOptions;
use datafusion::sql::parser::Statement;
use datafusion::sql::sqlparser::ast::Statement as SqlStatement;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use vitals_core::{DatasetSpec, Periods, QueryEngine, RunEngine, Table};

/// Errors of the engine.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// A dataset file could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// DataFusion failed a query.
    #[error("SQL `{sql}`")]
    Sql {
        /// The query on one line, cut after 160 characters.
        sql: String,
        /// DataFusion's error.
        #[source]
        source: DataFusionError,
    },
    /// DataFusion could not register a table.
    #[error("cannot register table `{table}`")]
    Register {
        /// The table.
        table: String,
        /// DataFusion's error.
        #[source]
        source: DataFusionError,
    },
    /// A query that is refused (not one SELECT, an unknown table) or whose result cannot be
    /// read.
    #[error("{message}")]
    Query {
        /// What is wrong.
        message: String,
    },
    /// A view could not be computed.
    #[error("view `{name}`")]
    View {
        /// The view.
        name: String,
        /// Why (kept once for every query that reads the view).
        #[source]
        source: Arc<EngineError>,
    },
    /// A dataset loaded on first use could not be loaded.
    #[error(transparent)]
    Deferred(Arc<EngineError>),
    /// An exported file could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A query went past the memory or the time limit.
    #[error("{message}")]
    Limit {
        /// Which limit, and how to raise it.
        message: String,
    },
    /// The async runtime could not start.
    #[error("cannot start the query runtime")]
    Runtime(#[source] std::io::Error),
    /// A query or table on a remote cluster failed.
    #[error("on the Ballista cluster at {url}")]
    Remote {
        /// The cluster's address, `df://host:port`.
        url: String,
        /// What failed.
        #[source]
        source: Box<EngineError>,
    },
}

/// A table made on first use: a view's SQL, or a configured dataset no eager load asked for.
enum LazyKind {
    View(String),
    Dataset(&'static DatasetSpec, DatasetSource),
}

struct Lazy {
    kind: LazyKind,
    done: OnceLock<Result<(), Arc<EngineError>>>,
}

/// The share of groups per row (after DataFusion's first 100,000 rows of probing) from which
/// an aggregation skips its partial step per thread and passes rows to the final one.
pub const SKIP_PARTIAL_AGGREGATION_FROM: f64 = 0.1;

/// The size from which a prepared file, or a raw Parquet file whose types and values are
/// already the contract's, is scanned where it lies rather than held in memory.
/// Scanning reads the file again for every query: on the demo at 10 million events (a 92 MB
/// events file) that made the whole catalogue 1.26× slower for 0.66× the peak memory, at 100
/// million (921 MB) the same time for 0.48× the memory (3.1 instead of 6.5 GiB).
pub const SCAN_IN_PLACE_FROM: u64 = 256 << 20;

/// The size from which such a file is scanned where it lies too when the run reads a file
/// of [`SCAN_IN_PLACE_FROM`] or more: memory is then what the run runs short of first, and a
/// table this size, read by a few queries, costs little to read again. On the demo at 100
/// million events that is the orders and test runs (40 and 67 MB of Parquet): the
/// catalogue's peak memory went from about 3.9 to 3.5 GiB in the same time.
pub const SCAN_ALONGSIDE_FROM: u64 = 16 << 20;

/// The size from which the run over `sources` scans a file where it lies:
/// [`SCAN_ALONGSIDE_FROM`] when one of them is a file of [`SCAN_IN_PLACE_FROM`] or more (in
/// any format), else [`SCAN_IN_PLACE_FROM`].
pub fn scan_in_place_from<'a>(sources: impl IntoIterator<Item = &'a DatasetSource>) -> u64 {
    let large = sources
        .into_iter()
        .any(|source| load::scannable_file(source, SCAN_IN_PLACE_FROM).is_some());
    if large {
        SCAN_ALONGSIDE_FROM
    } else {
        SCAN_IN_PLACE_FROM
    }
}

/// DataFusion behind core's [`QueryEngine`]: one session per run, every dataset loaded once.
pub struct Engine {
    runtime: tokio::runtime::Runtime,
    ctx: SessionContext,
    lazy: HashMap<String, Lazy>,
    /// The loaded tables that a restriction has replaced, to go back to.
    replaced: HashMap<String, Arc<dyn TableProvider>>,
    problem_cap: usize,
    text_storage: TextStorage,
    /// Prepared files of at least this many bytes are scanned where they lie.
    scan_in_place_from: u64,
    memory_limit: Option<usize>,
    /// How long one query may run on this machine.
    query_timeout: Option<std::time::Duration>,
    /// When the queries run on a remote cluster: where its tables are written.
    remote: Option<remote::Remote>,
    /// The files scanned where they lie, checked before and after every query.
    scanned: scanned::Scanned,
}

impl Engine {
    /// A new engine with no tables, on [`vitals_core::threads`] threads (every core, or
    /// `VITALS_THREADS`).
    pub fn new() -> Result<Self, EngineError> {
        let threads = vitals_core::threads();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .thread_name("vitals-engine")
            .enable_all()
            .build()
            .map_err(EngineError::Runtime)?;
        // Queries work in batches of the loaded tables' size (65,536 rows) instead of
        // DataFusion's 8,192: grouping, windows and joins over tens of millions of events pay
        // per batch (the whole catalogue at 100 million events: 79.5 s with 8,192, 49.6 s
        // with 65,536, the same peak memory; no change at 10 million).
        let mut config = SessionConfig::new()
            .with_batch_size(load::BATCH_ROWS)
            .with_target_partitions(threads)
            .with_information_schema(false);
        // A recursive query can run without end: metric SQL never needs one.
        config.options_mut().execution.enable_recursive_ctes = false;
        // Grouping per user, day or session over tens of millions of events makes millions
        // of groups (a session per six events on the demo): a partial aggregation per thread
        // then holds nearly every group a second time beside the final one, and passes on
        // only a few times fewer rows. Skipping it once the first rows show more than one
        // group per ten (DataFusion's default: eight per ten) took the whole catalogue at
        // 100 million events from 3.6-4.1 to 2.8 GiB of peak memory in about the same time;
        // aggregations that do reduce their rows keep it.
        config
            .options_mut()
            .execution
            .skip_partial_aggregation_probe_ratio_threshold = SKIP_PARTIAL_AGGREGATION_FROM;
        Ok(Engine {
            runtime,
            ctx: SessionContext::new_with_config(config),
            lazy: HashMap::new(),
            replaced: HashMap::new(),
            problem_cap: 20,
            text_storage: TextStorage::Auto,
            scan_in_place_from: SCAN_IN_PLACE_FROM,
            memory_limit: None,
            query_timeout: None,
            remote: None,
            scanned: scanned::Scanned::default(),
        })
    }

    /// Runs every query within `bytes` of working memory (joins, aggregates, sorts; sorts
    /// and aggregates spill to disk first): a query that needs more fails with an error that
    /// names the limit. The loaded tables are not counted. Set before any table is
    /// registered.
    pub fn with_memory_limit(mut self, bytes: usize) -> Result<Self, EngineError> {
        let runtime = datafusion::execution::runtime_env::RuntimeEnvBuilder::new()
            .with_memory_limit(bytes, 1.0)
            .build_arc()
            .map_err(|source| EngineError::Sql {
                sql: String::new(),
                source,
            })?;
        self.ctx = SessionContext::new_with_config_rt(self.ctx.copied_config(), runtime);
        self.memory_limit = Some(bytes);
        Ok(self)
    }

    /// Stops any query (a metric's, a view's) that runs longer than `limit` on this machine,
    /// with an error that names the limit; a cluster has its own (`--cluster-timeout`).
    pub fn with_query_timeout(mut self, limit: std::time::Duration) -> Self {
        self.query_timeout = Some(limit);
        self
    }

    /// Runs `work` on the engine's runtime within the time limit, and names the memory limit
    /// when a query ran out of it.
    fn within_limits<T>(
        &self,
        work: impl std::future::Future<Output = Result<T, EngineError>>,
    ) -> Result<T, EngineError> {
        self.scanned.unchanged()?;
        let result = match (&self.remote, self.query_timeout) {
            (Some(remote), _) => self.runtime.block_on(remote.bounded(work)),
            (None, Some(limit)) => self.runtime.block_on(async {
                // Dropping the query's future on time-out cancels its tasks.
                tokio::time::timeout(limit, work)
                    .await
                    .unwrap_or_else(|_| {
                        Err(EngineError::Limit {
                            message: format!(
                                "the query ran longer than the time limit of {} (--query-timeout or [run] query_timeout)",
                                human_duration(limit)
                            ),
                        })
                    })
            }),
            (None, None) => self.runtime.block_on(work),
        };
        match (result, self.memory_limit) {
            (Err(EngineError::Sql { source, .. }), Some(limit)) if out_of_memory(&source) => {
                Err(EngineError::Limit {
                    message: format!(
                        "the query needs more working memory than the limit of {} (--memory-limit or [run] memory_limit)",
                        human_bytes(limit)
                    ),
                })
            }
            (result, _) => result,
        }
        .and_then(|answer| self.scanned.unchanged().map(|()| answer))
    }

    /// How many problems per file are reported in full before the rest are only counted.
    pub fn with_problem_cap(mut self, cap: usize) -> Self {
        self.problem_cap = cap;
        self
    }

    /// Prepared files, and raw Parquet files that hold exactly the contract's types and
    /// values, of at least `bytes` are scanned where they lie instead of held in memory (by
    /// default [`SCAN_IN_PLACE_FROM`]; a run sets it with [`scan_in_place_from`]).
    pub fn with_scan_in_place_from(mut self, bytes: u64) -> Self {
        self.scan_in_place_from = bytes;
        self
    }

    /// How loaded text columns are stored (by default, dictionary-encoded when they repeat).
    pub fn with_text_storage(mut self, text: TextStorage) -> Self {
        self.text_storage = text;
        self
    }

    fn load(
        &self,
        spec: &'static DatasetSpec,
        source: &DatasetSource,
    ) -> Result<LoadStats, EngineError> {
        if let Some(remote) = &self.remote {
            return remote.register_dataset(self, spec, source);
        }
        // Prepared data is typed and checked already: a large file is scanned where it lies,
        // so the run holds only what each query needs at a time, not the whole table.
        if let Some((path, rows)) = load::prepared_in_place(spec, source, self.scan_in_place_from)?
        {
            self.register_file(spec.id, path)?;
            self.scanned.add(spec.id, path)?;
            return Ok(LoadStats { rows });
        }
        // So is a large Parquet file that holds exactly the contract's types once a checking
        // pass, which keeps no rows, finds every value as the contract wants it.
        if let Some(scan) = load::parquet_in_place(spec, source, self.scan_in_place_from) {
            self.register_scan(spec, &scan)?;
            self.scanned.add(spec.id, scan.path)?;
            return Ok(LoadStats { rows: scan.rows });
        }
        self.scanned.remove(spec.id);
        let loaded = load::load(spec, source, self.problem_cap, self.text_storage)?;
        let stats = LoadStats { rows: loaded.rows };
        self.register_batches(spec.id, loaded.schema, loaded.batches)?;
        Ok(stats)
    }

    /// Registers the Parquet file at `path` as table `name`, scanned where it lies.
    fn register_file(&self, name: &str, path: &std::path::Path) -> Result<(), EngineError> {
        self.ctx
            .deregister_table(name)
            .map_err(register_error(name))?;
        self.runtime
            .block_on(self.ctx.register_parquet(
                name,
                path.to_string_lossy().as_ref(),
                scan_options(),
            ))
            .map_err(register_error(name))
    }

    /// Registers a checked raw Parquet file as dataset `spec`, scanned where it lies: the
    /// file itself when its columns are the contract's, in order and by name; otherwise a
    /// view that names each contract column, reads it from its file column and gives an
    /// absent one nulls.
    fn register_scan(
        &self,
        spec: &'static DatasetSpec,
        scan: &load::InPlace<'_>,
    ) -> Result<(), EngineError> {
        use datafusion::common::{Column, ScalarValue};
        use datafusion::logical_expr::Expr;
        let name = spec.id;
        let same = scan.header.len() == spec.columns.len()
            && scan
                .header
                .iter()
                .zip(spec.columns)
                .all(|(n, c)| n == c.name);
        if same {
            return self.register_file(name, scan.path);
        }
        self.ctx
            .deregister_table(name)
            .map_err(register_error(name))?;
        let file = self
            .runtime
            .block_on(
                self.ctx
                    .read_parquet(scan.path.to_string_lossy().as_ref(), scan_options()),
            )
            .map_err(register_error(name))?;
        let mut columns = Vec::with_capacity(spec.columns.len());
        for (col, from) in spec.columns.iter().zip(&scan.columns) {
            let value = match from {
                Some(from) => Expr::Column(Column::new_unqualified(from)),
                None => Expr::Literal(
                    ScalarValue::try_from(&load::arrow_type(col.ty))
                        .map_err(register_error(name))?,
                    None,
                ),
            };
            columns.push(value.alias(col.name));
        }
        let view = file
            .select(columns)
            .map_err(register_error(name))?
            .into_view();
        self.ctx
            .register_table(name, view)
            .map_err(register_error(name))?;
        Ok(())
    }

    fn empty(&self, spec: &'static DatasetSpec) -> Result<(), EngineError> {
        self.scanned.remove(spec.id);
        self.register_batches(spec.id, load::schema(spec), Vec::new())
    }

    fn register_batches(
        &self,
        name: &str,
        schema: Arc<Schema>,
        batches: Vec<RecordBatch>,
    ) -> Result<(), EngineError> {
        let parts = self.ctx.copied_config().target_partitions().max(1);
        let mut partitions: Vec<Vec<RecordBatch>> = vec![Vec::new(); parts];
        for (i, b) in batches.into_iter().enumerate() {
            partitions[i % parts].push(b);
        }
        self.register_partitions(name, schema, partitions)
    }

    /// Registers `partitions` as table `name`, replacing any table of that name: in memory,
    /// or for a remote cluster as a Parquet file in the scratch folder its executors read.
    fn register_partitions(
        &self,
        name: &str,
        schema: SchemaRef,
        partitions: Vec<Vec<RecordBatch>>,
    ) -> Result<(), EngineError> {
        self.ctx
            .deregister_table(name)
            .map_err(register_error(name))?;
        if let Some(remote) = &self.remote {
            return remote.register_batches(self, name, schema, partitions);
        }
        let table = MemTable::try_new(schema, partitions).map_err(register_error(name))?;
        self.ctx
            .register_table(name, Arc::new(table))
            .map_err(register_error(name))?;
        Ok(())
    }

    fn helper_tables(&self, periods: &Periods) -> Result<(), EngineError> {
        let ts = || DataType::Timestamp(TimeUnit::Microsecond, None);
        let schema = Arc::new(Schema::new(vec![
            Field::new("idx", DataType::Int64, false),
            Field::new("label", DataType::Utf8, false),
            Field::new("start", ts(), false),
            Field::new("end", ts(), false),
            Field::new("prev_start", ts(), false),
            Field::new("start_day", DataType::Int64, false),
            Field::new("end_day", DataType::Int64, false),
        ]));
        let list = periods.as_slice();
        let grain = periods.grain();
        let calendar = periods.calendar();
        // Local days since 1970-01-01 (the `day_num` of the daily views).
        let day_num = |t: NaiveDateTime| {
            calendar
                .zone
                .to_local(t)
                .and_utc()
                .timestamp()
                .div_euclid(86_400)
        };
        let micros = |t: NaiveDateTime| t.and_utc().timestamp_micros();
        let columns: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from_iter_values(
                list.iter().map(|p| p.idx as i64),
            )),
            Arc::new(StringArray::from_iter_values(
                list.iter().map(|p| p.label.as_str()),
            )),
            Arc::new(TimestampMicrosecondArray::from_iter_values(
                list.iter().map(|p| micros(p.start)),
            )),
            Arc::new(TimestampMicrosecondArray::from_iter_values(
                list.iter().map(|p| micros(p.end)),
            )),
            Arc::new(TimestampMicrosecondArray::from_iter_values(
                list.iter().map(|p| micros(calendar.prev(grain, p.start))),
            )),
            Arc::new(Int64Array::from_iter_values(
                list.iter().map(|p| day_num(p.start)),
            )),
            Arc::new(Int64Array::from_iter_values(
                list.iter().map(|p| day_num(p.end)),
            )),
        ];
        let batch = RecordBatch::try_new(schema.clone(), columns)
            .map_err(|e| register_error("periods")(e.into()))?;
        self.register_batches("periods", schema, vec![batch])?;

        // Local days: each the UTC instant of a local midnight.
        let mut day = periods.days_before_start(30);
        let mut days = Vec::new();
        let mut idx = Vec::new();
        while day < periods.end() {
            days.push(micros(day));
            idx.push(
                list.iter()
                    .find(|p| p.start <= day && day < p.end)
                    .map(|p| p.idx as i64),
            );
            day = calendar.next(vitals_core::Grain::Day, day);
        }
        let schema = Arc::new(Schema::new(vec![
            Field::new("day", ts(), false),
            Field::new("idx", DataType::Int64, true),
        ]));
        let columns: Vec<ArrayRef> = vec![
            Arc::new(TimestampMicrosecondArray::from(days)),
            Arc::new(Int64Array::from(idx)),
        ];
        let batch = RecordBatch::try_new(schema.clone(), columns)
            .map_err(|e| register_error("days")(e.into()))?;
        self.register_batches("days", schema, vec![batch])
    }

    fn declare_views(&mut self, views: Vec<(String, String)>) {
        // A view computed before is computed again, from the tables as they are now.
        for (id, lazy) in &self.lazy {
            if matches!(lazy.kind, LazyKind::View(_)) && lazy.done.get().is_some() {
                let _ = self.ctx.deregister_table(id.as_str());
            }
        }
        self.lazy
            .retain(|_, l| matches!(l.kind, LazyKind::Dataset(..)));
        for (id, sql) in views {
            self.lazy.insert(
                id,
                Lazy {
                    kind: LazyKind::View(sql),
                    done: OnceLock::new(),
                },
            );
        }
    }

    /// `sql` planned as a read-only query, once the lazy tables it reads are loaded.
    async fn plan_query(&self, sql: &str) -> Result<datafusion::dataframe::DataFrame, EngineError> {
        let options = SQLOptions::new()
            .with_allow_ddl(false)
            .with_allow_dml(false)
            .with_allow_statements(false);
        self.ctx
            .sql_with_options(sql, options)
            .await
            .map_err(|e| sql_error(e, sql))
    }

    fn run(&self, sql: &str) -> Result<Table, EngineError> {
        self.materialise_views(sql)?;
        self.execute(sql)
    }

    /// Runs `sql` over the tables registered now, loading nothing first: for a query of
    /// the engine's own over a table it has just registered.
    fn execute(&self, sql: &str) -> Result<Table, EngineError> {
        self.within_limits(async {
            let df = self.plan_query(sql).await?;
            let columns = df
                .schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect();
            let batches = off_thread(df.collect())
                .await
                .map_err(|e| sql_error(e, sql))?;
            convert::to_table(columns, &batches).map_err(|message| EngineError::Query { message })
        })
    }

    /// DataFusion's plans of `sql` (logical and physical; with `analyze`, the executed plan
    /// with each operator's metrics), as text.
    fn explain_plan(&self, sql: &str, analyze: bool) -> Result<String, EngineError> {
        self.materialise_views(sql)?;
        self.within_limits(async {
            let batches = self
                .plan_query(sql)
                .await?
                .explain(false, analyze)
                .map_err(|e| sql_error(e, sql))?
                .collect()
                .await
                .map_err(|e| sql_error(e, sql))?;
            let table = convert::to_table(vec!["plan_type".into(), "plan".into()], &batches)
                .map_err(|message| EngineError::Query { message })?;
            let mut text = String::new();
            for row in &table.rows {
                let cell = |v: &vitals_core::Value| match v {
                    vitals_core::Value::Str(s) => s.clone(),
                    other => format!("{other:?}"),
                };
                let (kind, plan) = (cell(&row[0]), cell(&row[1]));
                text.push_str(&format!("{kind}:\n"));
                for line in plan.lines() {
                    text.push_str(&format!("  {line}\n"));
                }
            }
            Ok(text)
        })
    }

    /// Refuses anything but one query, loads the lazy datasets and views it reads, and
    /// names a table that is not registered (a file path, a typo) before DataFusion plans it.
    fn materialise_views(&self, sql: &str) -> Result<(), EngineError> {
        let state = self.ctx.state();
        let dialect = state.config().options().sql_parser.dialect;
        let statement = state
            .sql_to_statement(sql, &dialect)
            .map_err(|e| sql_error(e, sql))?;
        let is_query =
            matches!(&statement, Statement::Statement(s) if matches!(**s, SqlStatement::Query(_)));
        let recursive = matches!(&statement, Statement::Statement(s)
            if matches!(&**s, SqlStatement::Query(q) if q.with.as_ref().is_some_and(|w| w.recursive)));
        if recursive {
            return Err(EngineError::Query {
                message: RECURSIVE.to_string(),
            });
        }
        if !is_query {
            let word = sql
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_ascii_uppercase();
            return Err(EngineError::Query {
                message: format!(
                    "metric SQL must be one SELECT (or WITH) query over the registered tables; `{word}` statements are refused"
                ),
            });
        }
        let refs = state
            .resolve_table_references(&statement)
            .map_err(|e| sql_error(e, sql))?;
        for r in refs {
            let Some(lazy) = self.lazy.get(r.table()) else {
                if !self.ctx.table_exist(r.clone()).unwrap_or(false) {
                    let mut known: Vec<String> = self
                        .ctx
                        .catalog("datafusion")
                        .and_then(|c| c.schema("public"))
                        .map(|s| s.table_names())
                        .unwrap_or_default();
                    known.extend(self.lazy.keys().cloned());
                    known.sort();
                    known.dedup();
                    return Err(EngineError::Query {
                        message: format!(
                            "unknown table `{r}`: metric SQL reads only the registered tables ({}); files cannot be read by path",
                            known.join(", ")
                        ),
                    });
                }
                continue;
            };
            let name = r.table().to_string();
            lazy.done
                .get_or_init(|| {
                    match &lazy.kind {
                        LazyKind::View(sql) => self.materialise(&name, sql),
                        LazyKind::Dataset(spec, source) => self.load(spec, source).map(|_| ()),
                    }
                    .map_err(Arc::new)
                })
                .clone()
                .map_err(|source| match lazy.kind {
                    LazyKind::View(_) => EngineError::View { name, source },
                    LazyKind::Dataset(..) => EngineError::Deferred(source),
                })?;
        }
        Ok(())
    }

    fn materialise(&self, name: &str, sql: &str) -> Result<(), EngineError> {
        let (schema, partitions) = self.collect(sql)?;
        self.register_partitions(name, schema, partitions)
    }

    /// Runs `sql` (loading the lazy datasets and views it reads) and keeps its result as
    /// partitioned batches with their schema.
    fn collect(&self, sql: &str) -> Result<(SchemaRef, Vec<Vec<RecordBatch>>), EngineError> {
        self.materialise_views(sql)?;
        let options = SQLOptions::new()
            .with_allow_ddl(false)
            .with_allow_dml(false)
            .with_allow_statements(false);
        let (schema, partitions) = self.within_limits(async {
            let df = self
                .ctx
                .sql_with_options(sql, options)
                .await
                .map_err(|e| sql_error(e, sql))?;
            let planned = Arc::new(df.schema().as_arrow().clone());
            let partitions = off_thread(df.collect_partitioned())
                .await
                .map_err(|e| sql_error(e, sql))?;
            // The executed batches' schema can differ from the logical one in nullability.
            let schema = partitions
                .iter()
                .flatten()
                .next()
                .map(|b| b.schema())
                .unwrap_or(planned);
            Ok::<_, EngineError>((schema, partitions))
        })?;
        Ok((schema, partitions))
    }
}

impl RunEngine for Engine {
    fn explain(&self, sql: &str, analyze: bool) -> vitals_core::Result<String> {
        self.explain_plan(sql, analyze)
            .map_err(|e| vitals_core::Error::QueryFailed(Box::new(e)))
    }

    fn load_dataset(
        &self,
        spec: &'static DatasetSpec,
        source: &DatasetSource,
    ) -> vitals_core::Result<LoadStats> {
        self.load(spec, source).map_err(boxed)
    }

    fn defer_dataset(
        &mut self,
        spec: &'static DatasetSpec,
        source: DatasetSource,
    ) -> vitals_core::Result<()> {
        self.lazy.insert(
            spec.id.to_string(),
            Lazy {
                kind: LazyKind::Dataset(spec, source),
                done: OnceLock::new(),
            },
        );
        Ok(())
    }

    fn register_empty(&self, spec: &'static DatasetSpec) -> vitals_core::Result<()> {
        self.empty(spec).map_err(boxed)
    }

    fn set_periods(&self, periods: &Periods) -> vitals_core::Result<()> {
        self.helper_tables(periods).map_err(boxed)
    }

    fn restrict(&mut self, restrictions: Vec<(String, String)>) -> vitals_core::Result<()> {
        // Back to the loaded tables, then every restricted table is computed from them
        // before any replaces its original (orders are restricted through the customers
        // they name).
        for (id, table) in std::mem::take(&mut self.replaced) {
            self.ctx
                .deregister_table(id.as_str())
                .map_err(register_error(&id))
                .map_err(boxed)?;
            self.ctx
                .register_table(id.as_str(), table)
                .map_err(register_error(&id))
                .map_err(boxed)?;
        }
        let mut restricted = Vec::new();
        for (id, sql) in &restrictions {
            restricted.push((id, self.collect(sql).map_err(boxed)?));
        }
        for (id, (schema, partitions)) in restricted {
            let loaded = self
                .ctx
                .deregister_table(id.as_str())
                .map_err(register_error(id))
                .map_err(boxed)?;
            if let Some(loaded) = loaded {
                self.replaced.insert(id.clone(), loaded);
            }
            self.register_partitions(id, schema, partitions)
                .map_err(boxed)?;
        }
        Ok(())
    }

    fn set_views(&mut self, views: Vec<(String, String)>) -> vitals_core::Result<()> {
        self.declare_views(views);
        Ok(())
    }
}

/// An engine error as core's error, keeping it as the cause.
fn boxed(e: EngineError) -> vitals_core::Error {
    vitals_core::Error::Engine(Box::new(e))
}

impl QueryEngine for Engine {
    fn query(&self, sql: &str) -> vitals_core::Result<Table> {
        self.run(sql)
            .map_err(|e| vitals_core::Error::QueryFailed(Box::new(e)))
    }
}

/// How a Parquet file is read where it lies: whatever its name ends with.
fn scan_options() -> ParquetReadOptions<'static> {
    ParquetReadOptions {
        file_extension: "",
        ..ParquetReadOptions::default()
    }
}

pub(crate) fn register_error(table: &str) -> impl FnOnce(DataFusionError) -> EngineError + '_ {
    move |source| EngineError::Register {
        table: table.to_string(),
        source,
    }
}

/// Whether `e` (or what it wraps) is DataFusion running out of its memory pool.
fn out_of_memory(e: &DataFusionError) -> bool {
    matches!(e.find_root(), DataFusionError::ResourcesExhausted(_))
        || e.to_string().contains("Resources exhausted")
}

/// `bytes` for people: `512 MiB`, `1.5 GiB`.
pub fn human_bytes(bytes: usize) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    if b >= 1024.0 * MIB {
        format!("{:.1} GiB", b / (1024.0 * MIB))
    } else if b >= MIB {
        format!("{:.0} MiB", b / MIB)
    } else {
        format!("{:.0} KiB", b / 1024.0)
    }
}

impl Drop for Engine {
    /// Does not wait for the workers: a query stopped at its time limit may still hold one
    /// until its operator next yields, and dropping the engine must not wait for that.
    fn drop(&mut self) {
        if let Ok(idle) = tokio::runtime::Builder::new_current_thread().build() {
            std::mem::replace(&mut self.runtime, idle).shutdown_background();
        }
    }
}

/// Runs a query's execution as a task of its own on the engine's workers, so that the
/// time limit, checked on the calling thread, fires even when an operator never yields;
/// the task is aborted when this future is dropped (at a time-out).
async fn off_thread<T: Send + 'static>(
    work: impl std::future::Future<Output = datafusion::error::Result<T>> + Send + 'static,
) -> datafusion::error::Result<T> {
    struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);
    impl<T> Drop for AbortOnDrop<T> {
        fn drop(&mut self) {
            self.0.abort();
        }
    }
    let mut task = AbortOnDrop(tokio::spawn(work));
    match (&mut task.0).await {
        Ok(result) => result,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(DataFusionError::External(Box::new(e))),
    }
}

/// A time limit for people: `90 s`, `5 min`, `1 h 30 min`.
fn human_duration(limit: std::time::Duration) -> String {
    let secs = limit.as_secs();
    if limit.subsec_millis() != 0 || secs == 0 {
        return format!("{} ms", limit.as_millis());
    }
    match (secs / 3600, secs % 3600 / 60, secs % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (h, 0, 0) => format!("{h} h"),
        (h, m, 0) => format!("{h} h {m} min"),
        _ => format!("{secs} s"),
    }
}

/// Why a recursive query is refused.
const RECURSIVE: &str =
    "metric SQL cannot be recursive (WITH RECURSIVE): a recursive query can run without end";

fn sql_error(source: DataFusionError, sql: &str) -> EngineError {
    // Recursion nested in a subquery is refused by DataFusion's planner.
    if source
        .to_string()
        .contains("Recursive CTEs are not enabled")
    {
        return EngineError::Query {
            message: RECURSIVE.to_string(),
        };
    }
    let head: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    let head = if head.chars().count() > 160 {
        format!("{}…", head.chars().take(160).collect::<String>())
    } else {
        head
    };
    EngineError::Sql { sql: head, source }
}
