//! Serving a run from a remote Apache DataFusion Ballista cluster.
//!
//! A cluster cannot be sent in-memory tables, so every table the run makes (the helper
//! tables of its periods, the shared views, the tables restricted to a filter or a group, the
//! empty tables of datasets not configured) is written as Parquet to a scratch folder under
//! the prepared data, which the executors must see at the same path, and registered by that
//! path. Datasets are read only from prepared files, and each one's row count on the cluster
//! is checked against the file's own before any metric runs: a file the executors cannot see
//! is an error, never an empty table. Every query is bounded in time.

use crate::{EngineError, LoadStats, register_error};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
use datafusion::prelude::ParquetReadOptions;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use vitals_core::{DatasetSource, DatasetSpec, Value};

/// How long one query may take on a cluster before the run fails, unless
/// `VITALS_CLUSTER_TIMEOUT` (seconds) says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// Where a remote run's tables are written, and how long a query may take.
pub(crate) struct Remote {
    /// `df://host:port`, for messages.
    pub(crate) url: String,
    scratch: PathBuf,
    next: AtomicUsize,
    timeout: Duration,
}

impl Remote {
    /// A scratch folder of this run under `under` (created; removed when the run ends).
    pub(crate) fn new(
        url: &str,
        under: &Path,
        timeout: Option<Duration>,
    ) -> Result<Remote, EngineError> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let scratch = under.join(format!("run-{}-{stamp}", std::process::id()));
        std::fs::create_dir_all(&scratch).map_err(|e| EngineError::Write {
            path: scratch.clone(),
            source: e.into(),
        })?;
        // The executors read the tables by this path: it must be absolute.
        let scratch = std::path::absolute(&scratch).unwrap_or(scratch);
        let timeout = timeout.unwrap_or_else(|| {
            std::env::var("VITALS_CLUSTER_TIMEOUT")
                .ok()
                .and_then(|s| s.trim().parse::<u64>().ok())
                .filter(|s| *s > 0)
                .map_or(DEFAULT_TIMEOUT, Duration::from_secs)
        });
        Ok(Remote {
            url: url.to_string(),
            scratch,
            next: AtomicUsize::new(0),
            timeout,
        })
    }

    /// `error` as an error of this cluster.
    pub(crate) fn wrap(&self, error: EngineError) -> EngineError {
        match error {
            e @ EngineError::Remote { .. } => e,
            e => EngineError::Remote {
                url: self.url.clone(),
                source: Box::new(e),
            },
        }
    }

    /// `work`, failed when it takes longer than the timeout; its errors name the cluster.
    pub(crate) async fn bounded<T>(
        &self,
        work: impl std::future::Future<Output = Result<T, EngineError>>,
    ) -> Result<T, EngineError> {
        match tokio::time::timeout(self.timeout, work).await {
            Ok(result) => result.map_err(|e| self.wrap(e)),
            Err(_) => Err(self.wrap(EngineError::Query {
                message: format!(
                    "no answer within {} s (--cluster-timeout or VITALS_CLUSTER_TIMEOUT sets the limit in seconds)",
                    self.timeout.as_secs()
                ),
            })),
        }
    }

    /// Registers the prepared file of `spec` by its path and checks that the cluster sees
    /// every row of it.
    pub(crate) fn register_dataset(
        &self,
        engine: &crate::Engine,
        spec: &'static DatasetSpec,
        source: &DatasetSource,
    ) -> Result<LoadStats, EngineError> {
        let file = match source.file() {
            Some(file) if source.prepared => file,
            _ => {
                return Err(self.wrap(EngineError::Query {
                    message: format!(
                        "dataset {} comes from {}: a cluster reads only prepared data (run `vitals prepare`, then pass --prepared DIR)",
                        spec.id,
                        source.describe()
                    ),
                }));
            }
        };
        let path = std::path::absolute(file).unwrap_or(file.to_path_buf());
        let rows = footer_rows(&path)?;
        self.register_file(engine, spec.id, &path, None)?;
        // Not `run`: a dataset loaded on first use is being loaded now, and `run` would wait
        // for that load.
        let counted = engine.execute(&format!("SELECT COUNT(*) AS n FROM \"{}\"", spec.id))?;
        let counted = match counted.rows.first().and_then(|r| r.first()) {
            Some(Value::Int(n)) => usize::try_from(*n).unwrap_or(0),
            _ => 0,
        };
        if counted != rows {
            return Err(self.wrap(EngineError::Query {
                message: format!(
                    "the executors see {counted} rows of {} in {}, the file holds {rows}: the prepared folder must be at the same path on every executor",
                    spec.id,
                    path.display()
                ),
            }));
        }
        Ok(LoadStats { rows })
    }

    /// Writes `partitions` to a new Parquet file in the scratch folder and registers it as
    /// table `name`.
    pub(crate) fn register_batches(
        &self,
        engine: &crate::Engine,
        name: &str,
        schema: SchemaRef,
        partitions: Vec<Vec<RecordBatch>>,
    ) -> Result<(), EngineError> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let path = self.scratch.join(format!("{name}-{n}.parquet"));
        let write_error = |e: Box<dyn std::error::Error + Send + Sync>| EngineError::Write {
            path: path.clone(),
            source: e,
        };
        let file = std::fs::File::create(&path).map_err(|e| write_error(e.into()))?;
        let mut writer =
            ArrowWriter::try_new(file, schema.clone(), None).map_err(|e| write_error(e.into()))?;
        for batch in partitions.iter().flatten() {
            writer.write(batch).map_err(|e| write_error(e.into()))?;
        }
        writer.close().map_err(|e| write_error(e.into()))?;
        self.register_file(engine, name, &path, Some(schema))
    }

    /// Registers the Parquet file `path` as table `name` (with `schema`, else the file's).
    fn register_file(
        &self,
        engine: &crate::Engine,
        name: &str,
        path: &Path,
        schema: Option<SchemaRef>,
    ) -> Result<(), EngineError> {
        let location = path.display().to_string();
        engine
            .ctx
            .deregister_table(name)
            .map_err(register_error(name))?;
        let options = ParquetReadOptions::default();
        let options = match &schema {
            Some(s) => options.schema(s.as_ref()),
            None => options,
        };
        engine.runtime.block_on(self.bounded(async {
            engine
                .ctx
                .register_parquet(name, &location, options)
                .await
                .map_err(register_error(name))
        }))
    }
}

impl Drop for Remote {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// The row count in the footer of the Parquet file `path`.
fn footer_rows(path: &Path) -> Result<usize, EngineError> {
    let unreadable = |e: String| EngineError::Query {
        message: format!("cannot read the prepared file {}: {e}", path.display()),
    };
    let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let reader = SerializedFileReader::new(file).map_err(|e| unreadable(e.to_string()))?;
    Ok(usize::try_from(reader.metadata().file_metadata().num_rows()).unwrap_or(0))
}

impl crate::Engine {
    /// The engine with every table it makes written as Parquet under `scratch` and read back
    /// by path, as on a cluster, while the queries run here: how the tests check that a run
    /// through files gives a run's numbers without starting a cluster.
    #[doc(hidden)]
    pub fn with_scratch(mut self, scratch: &Path) -> Result<Self, EngineError> {
        self.remote = Some(Remote::new("local scratch (test)", scratch, None)?);
        Ok(self)
    }

    /// An engine whose queries run on the Ballista cluster at `url` (`df://host:port`), its
    /// tables written under `scratch`, a folder every executor sees at the same path, each
    /// query bounded by `timeout` (default `VITALS_CLUSTER_TIMEOUT` seconds, else 600). Fails
    /// within seconds when the scheduler cannot be reached.
    #[cfg(feature = "cluster")]
    pub fn remote(
        url: &str,
        scratch: &Path,
        timeout: Option<Duration>,
    ) -> Result<Self, EngineError> {
        use ballista::prelude::SessionContextExt;
        use datafusion::execution::SessionStateBuilder;
        use datafusion::prelude::SessionContext;
        let mut engine = crate::Engine::new()?;
        let remote = Remote::new(url, scratch, timeout)?;
        let state = SessionStateBuilder::new()
            .with_config(engine.ctx.copied_config())
            .with_default_features()
            .build();
        let connect = async {
            SessionContext::remote_with_state(url, state)
                .await
                .map_err(|source| EngineError::Sql {
                    sql: String::new(),
                    source,
                })
        };
        engine.ctx = engine
            .runtime
            .block_on(remote.bounded(connect))
            .map_err(|e| remote.wrap(e))?;
        // The first query is the first connection: bounded by a short timeout.
        let probe = async {
            let df =
                engine
                    .ctx
                    .sql("SELECT 1 AS one")
                    .await
                    .map_err(|source| EngineError::Sql {
                        sql: "SELECT 1".into(),
                        source,
                    })?;
            df.collect().await.map_err(|source| EngineError::Sql {
                sql: "SELECT 1".into(),
                source,
            })
        };
        let bounded = async { tokio::time::timeout(Duration::from_secs(15), probe).await };
        match engine.runtime.block_on(bounded) {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                return Err(remote.wrap(EngineError::Query {
                    message: format!(
                        "cannot reach the scheduler: {}",
                        vitals_core::error_chain(&e)
                    ),
                }));
            }
            Err(_) => {
                return Err(remote.wrap(EngineError::Query {
                    message: "the scheduler did not answer within 15 s".to_string(),
                }));
            }
        }
        engine.remote = Some(remote);
        Ok(engine)
    }
}
