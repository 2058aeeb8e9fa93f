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
const FORMAT_VERSION: u32 = 1;

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
    /// The source file, absolute.
    source: PathBuf,
    /// Its size in bytes when it was read.
    size: u64,
    /// Its modification time when it was read (RFC 3339, nanoseconds).
    modified: String,
    /// The column mapping it was read with.
    columns: BTreeMap<String, String>,
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
        let before = stamp(&source.path);
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
        let (size, modified) = before?;
        if stamp(&source.path).ok() != Some((size, modified.clone())) {
            let _ = std::fs::remove_file(&scratch);
            bail!(
                "{} changed while it was being prepared: run `vitals prepare` again",
                source.path.display()
            );
        }
        std::fs::rename(&scratch, &target)
            .with_context(|| format!("cannot write {}", target.display()))?;
        on_dataset(spec.id, rows, &target);
        let source_path = std::path::absolute(&source.path).unwrap_or(source.path.clone());
        datasets.insert(
            spec.id.to_string(),
            Prepared {
                file,
                rows,
                source: source_path,
                size,
                modified,
                columns: source.columns.clone(),
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
            let path = std::path::absolute(&source.path).unwrap_or(source.path.clone());
            if path != p.source {
                stale.push(format!(
                    "{id} now reads {}, prepared from {}",
                    path.display(),
                    p.source.display()
                ));
                continue;
            }
            if source.columns != p.columns {
                stale.push(format!("{id}: its column mapping changed"));
                continue;
            }
            match stamp(&path) {
                Ok((size, modified)) if size == p.size && modified == p.modified => {}
                Ok((size, modified)) => stale.push(format!(
                    "{} changed since it was prepared ({} bytes modified {} then, {size} bytes modified {modified} now)",
                    path.display(),
                    p.size,
                    p.modified
                )),
                Err(_) => stale.push(format!("{} no longer exists", path.display())),
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
                path: file,
                columns: BTreeMap::new(),
                prepared: true,
            };
        }
        Ok(())
    }
}
