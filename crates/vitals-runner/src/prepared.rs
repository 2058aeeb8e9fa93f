//! Prepared data: `vitals prepare` checks every configured dataset as a run does and writes
//! it as typed Parquet with a manifest; `--prepared DIR` runs from those files without
//! checking each value again, once the manifest is found to match the sources.

use crate::UsageError;
use crate::config::Config;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vitals_core::Registry;
use vitals_engine::DatasetSource;

/// The manifest's file name in a prepared folder.
pub(crate) const MANIFEST: &str = "manifest.json";

/// The manifest's format; bump when its meaning changes.
const FORMAT_VERSION: u32 = 2;

/// What `vitals prepare` wrote, and from what.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    /// Always `vitals-prepared`.
    format: String,
    /// [`FORMAT_VERSION`].
    version: u32,
    /// The vitals version that wrote it.
    vitals: String,
    /// A fingerprint of the data contract (every dataset's columns and types): prepared files
    /// of another contract are not read.
    contract: String,
    /// Where the config came from: a config file, a data folder or the demo.
    origin: Origin,
    /// Each dataset: its file here, rows, and the source it was written from.
    datasets: BTreeMap<String, Prepared>,
}

/// Where the datasets were configured.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Origin {
    /// `--config FILE` (or ./vitals.toml).
    Config(PathBuf),
    /// `--data DIR`.
    Data(PathBuf),
    /// `--demo`.
    Demo,
}

/// One prepared dataset.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Prepared {
    /// The Parquet file, relative to the prepared folder.
    file: String,
    /// Rows written.
    rows: usize,
    /// Where the rows were read from.
    source: Source,
    /// The column mapping it was read with.
    columns: BTreeMap<String, String>,
    /// How its values were written (`delimiter`, `decimal_separator`, `timestamp_format`),
    /// when not as the contract writes them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    dialect: BTreeMap<String, String>,
}

/// A dialect as the manifest records it: the settings of vitals.toml that differ from the
/// contract's spellings.
fn dialect_record(dialect: &vitals_core::Dialect) -> BTreeMap<String, String> {
    let mut record = BTreeMap::new();
    if let Some(d) = dialect.delimiter {
        record.insert("delimiter".to_string(), char::from(d).to_string());
    }
    if dialect.decimal_comma {
        record.insert("decimal_separator".to_string(), ",".to_string());
    }
    if let Some(f) = &dialect.time_format {
        record.insert("timestamp_format".to_string(), f.clone());
    }
    record
}

/// What a prepared dataset was read from.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Source {
    /// A file: prepared data is stale once the file changes.
    File {
        /// The file, absolute.
        path: PathBuf,
        /// Its size in bytes when it was read.
        size: u64,
        /// Its modification time when it was read (RFC 3339, nanoseconds).
        modified: String,
    },
    /// A PostgreSQL table or query: the prepared file is a snapshot of it, taken at
    /// `read_at`; it stays in use while the config names the same table or query (the
    /// database is not asked whether its rows changed since).
    Postgres {
        /// The environment variable of the connection string (never the string).
        url_env: String,
        /// The table, if a table was read.
        table: Option<String>,
        /// The query, if a query was read.
        query: Option<String>,
        /// When the reading started (RFC 3339, UTC).
        read_at: String,
    },
}

impl Source {
    /// The source `source` is read from now; a file stamped (an unreadable file is an error).
    fn of(source: &DatasetSource) -> Result<Source> {
        Ok(match &source.origin {
            vitals_core::Origin::File(file) => {
                let (size, modified) = stamp(file)?;
                Source::File {
                    path: std::path::absolute(file).unwrap_or(file.clone()),
                    size,
                    modified,
                }
            }
            vitals_core::Origin::Postgres(pg) => {
                let (table, query) = match &pg.relation {
                    vitals_core::Relation::Table(t) => (Some(t.clone()), None),
                    vitals_core::Relation::Query(q) => (None, Some(q.clone())),
                };
                Source::Postgres {
                    url_env: pg.url_env.clone(),
                    table,
                    query,
                    read_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                }
            }
        })
    }

    /// Why the prepared data of dataset `id`, read from `self`, no longer stands for
    /// `now` (what the config names now), if it does not.
    fn stale(&self, id: &str, now: &DatasetSource) -> Option<String> {
        match (self, &now.origin) {
            (
                Source::File {
                    path,
                    size,
                    modified,
                },
                vitals_core::Origin::File(file),
            ) => {
                let file = std::path::absolute(file).unwrap_or(file.clone());
                if &file != path {
                    return Some(format!(
                        "{id} now reads {}, prepared from {}",
                        file.display(),
                        path.display()
                    ));
                }
                match stamp(&file) {
                    Ok((s, m)) if s == *size && m == *modified => None,
                    Ok((s, m)) => Some(format!(
                        "{} changed since it was prepared ({size} bytes modified {modified} then, {s} bytes modified {m} now)",
                        file.display()
                    )),
                    Err(_) => Some(format!("{} no longer exists", file.display())),
                }
            }
            (
                Source::Postgres {
                    url_env,
                    table,
                    query,
                    ..
                },
                vitals_core::Origin::Postgres(pg),
            ) => {
                let same = match &pg.relation {
                    vitals_core::Relation::Table(t) => table.as_ref() == Some(t),
                    vitals_core::Relation::Query(q) => query.as_ref() == Some(q),
                };
                if !same || *url_env != pg.url_env {
                    Some(format!(
                        "{id} now reads {} through {}, prepared from {} through {url_env}",
                        pg.relation,
                        pg.url_env,
                        self.describe()
                    ))
                } else {
                    None
                }
            }
            _ => Some(format!(
                "{id} now reads {}, prepared from {}",
                now.describe(),
                self.describe()
            )),
        }
    }

    fn describe(&self) -> String {
        match self {
            Source::File { path, .. } => path.display().to_string(),
            Source::Postgres { table: Some(t), .. } => format!("postgres table {t}"),
            Source::Postgres { .. } => "postgres query".to_string(),
        }
    }
}

/// A fingerprint of the contract: FNV-1a (64 bits) over every dataset's id and its columns'
/// names, types and optionality, in contract order.
pub(crate) fn contract_fingerprint(registry: &Registry) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |text: &str| {
        for b in text.bytes().chain([0xff]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for d in registry.datasets() {
        feed(d.id);
        for c in d.columns {
            feed(c.name);
            feed(c.ty.as_str());
            feed(if c.optional { "optional" } else { "required" });
        }
    }
    format!("{hash:016x}")
}

/// The size and modification time of `path`.
fn stamp(path: &Path) -> Result<(u64, String)> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    let modified = meta
        .modified()
        .map(|t| {
            chrono::DateTime::<chrono::Utc>::from(t)
                .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
        })
        .unwrap_or_default();
    Ok((meta.len(), modified))
}

/// `vitals prepare`: checks and writes every configured dataset into `out`, then the
/// manifest; `on_dataset` is told each dataset with its rows as it is written. A folder that
/// holds files but no manifest is refused unless `force`.
pub(crate) fn prepare(
    config: &Config,
    origin: Origin,
    registry: &Registry,
    out: &Path,
    force: bool,
    on_dataset: &mut dyn FnMut(&str, usize, &Path),
) -> Result<usize> {
    if out.exists() {
        let has_files = std::fs::read_dir(out)
            .with_context(|| format!("cannot read {}", out.display()))?
            .next()
            .is_some();
        if has_files && !out.join(MANIFEST).exists() && !force {
            return Err(UsageError::wrap(format!(
                "{} holds files but no {MANIFEST}: pass --force to write into it anyway, or choose another --out",
                out.display()
            )));
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    // A manifest that no longer describes the folder is removed first: a prepare that fails
    // half-way leaves no folder a run would read.
    let manifest_path = out.join(MANIFEST);
    if manifest_path.exists() {
        std::fs::remove_file(&manifest_path)
            .with_context(|| format!("cannot remove {}", manifest_path.display()))?;
    }
    let mut datasets = BTreeMap::new();
    // In contract order, so that the first bad file reported is the one a run reports.
    for spec in registry.datasets() {
        let Some(source) = config.datasets.get(spec.id) else {
            continue;
        };
        // Stamped before it is read: a file that changes while it is read is found stale.
        // A file that cannot be stamped is reported by the loader, as a run reports it.
        let before = Source::of(source);
        let file = format!("{}.parquet", spec.id);
        let target = out.join(&file);
        let scratch = out.join(format!(".{file}.{}.partial", std::process::id()));
        let written = vitals_engine::prepare_parquet(spec, source, &scratch, 20);
        let rows = match written {
            Ok(rows) => rows,
            Err(e) => {
                let _ = std::fs::remove_file(&scratch);
                return Err(e.into());
            }
        };
        let before = before?;
        if let Source::File { path, .. } = &before
            && before.stale(spec.id, source).is_some()
        {
            let _ = std::fs::remove_file(&scratch);
            bail!(
                "{} changed while it was being prepared: run `vitals prepare` again",
                path.display()
            );
        }
        std::fs::rename(&scratch, &target)
            .with_context(|| format!("cannot write {}", target.display()))?;
        on_dataset(spec.id, rows, &target);
        datasets.insert(
            spec.id.to_string(),
            Prepared {
                file,
                rows,
                source: before,
                columns: source.columns.clone(),
                dialect: dialect_record(&source.dialect),
            },
        );
    }
    let manifest = Manifest {
        format: "vitals-prepared".to_string(),
        version: FORMAT_VERSION,
        vitals: env!("CARGO_PKG_VERSION").to_string(),
        contract: contract_fingerprint(registry),
        origin,
        datasets,
    };
    let text = serde_json::to_string_pretty(&manifest)? + "\n";
    std::fs::write(&manifest_path, text)
        .with_context(|| format!("cannot write {}", manifest_path.display()))?;
    Ok(manifest.datasets.len())
}

/// The manifest of the prepared folder `dir`.
pub(crate) fn manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "{} is not a prepared folder: cannot read {} (`vitals prepare --out {}` writes one)",
            dir.display(),
            path.display(),
            dir.display()
        )
    })?;
    let manifest: Manifest = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a manifest vitals can read", path.display()))?;
    if manifest.format != "vitals-prepared" || manifest.version != FORMAT_VERSION {
        bail!(
            "{}: a manifest of format {} version {}, expected vitals-prepared version {FORMAT_VERSION}: run `vitals prepare` again",
            path.display(),
            manifest.format,
            manifest.version
        );
    }
    Ok(manifest)
}

impl Manifest {
    /// Where the prepared datasets were configured.
    pub(crate) fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Points every dataset of `config` at its prepared file in `dir`, once each is found to
    /// be prepared from the same source, unchanged since (size and modification time), with
    /// the same column mapping and contract. Anything else is an error that names what
    /// changed.
    pub(crate) fn apply(&self, dir: &Path, config: &mut Config, registry: &Registry) -> Result<()> {
        let again = format!("run `vitals prepare --out {}` again", dir.display());
        if self.contract != contract_fingerprint(registry) {
            bail!(
                "{}: the data contract changed since the data was prepared (vitals {} then): {again}",
                dir.display(),
                self.vitals
            );
        }
        let mut stale = Vec::new();
        for (id, source) in &config.datasets {
            let Some(p) = self.datasets.get(id) else {
                stale.push(format!("{id} is configured but was not prepared"));
                continue;
            };
            if let Some(why) = p.source.stale(id, source) {
                stale.push(why);
                continue;
            }
            if source.columns != p.columns {
                stale.push(format!("{id}: its column mapping changed"));
            } else if dialect_record(&source.dialect) != p.dialect {
                stale.push(format!(
                    "{id}: its delimiter, decimal separator or timestamp format changed"
                ));
            }
        }
        for id in self.datasets.keys() {
            if !config.datasets.contains_key(id) {
                stale.push(format!("{id} was prepared but is no longer configured"));
            }
        }
        if !stale.is_empty() {
            bail!(
                "the prepared data in {} does not match the sources: {}; {again}",
                dir.display(),
                stale.join("; ")
            );
        }
        for (id, source) in config.datasets.iter_mut() {
            let p = &self.datasets[id];
            let file = dir.join(&p.file);
            if !file.exists() {
                bail!(
                    "{}: the prepared file of {id} is missing: {again}",
                    file.display()
                );
            }
            *source = DatasetSource {
                origin: vitals_core::Origin::File(file),
                columns: BTreeMap::new(),
                prepared: true,
                dialect: vitals_core::Dialect::default(),
            };
        }
        Ok(())
    }
}
