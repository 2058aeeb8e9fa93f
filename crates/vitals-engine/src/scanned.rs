//! Files a run scans where they lie rather than holding their rows: each is checked once when
//! it is registered, so every query first makes sure it is still the file that was checked.
//! Without this a file deleted or rewritten during a run would be read as it is then: as an
//! empty table, or as rows that were never checked.

use crate::EngineError;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One scanned file as it was when it was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    fn of(path: &Path) -> std::io::Result<Stamp> {
        let meta = std::fs::metadata(path)?;
        Ok(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }

    fn describe(&self) -> String {
        let modified = self.modified.map_or_else(
            || "at an unknown time".to_string(),
            |t| {
                chrono::DateTime::<chrono::Utc>::from(t)
                    .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
            },
        );
        format!("{} bytes modified {modified}", self.len)
    }
}

/// The files of the datasets scanned where they lie, by dataset.
#[derive(Debug, Default)]
pub(crate) struct Scanned {
    files: Mutex<Vec<(String, PathBuf, Stamp)>>,
}

impl Scanned {
    /// Remembers `path` as dataset `dataset`'s file, as it is now (replacing what the
    /// dataset had).
    pub(crate) fn add(&self, dataset: &str, path: &Path) -> Result<(), EngineError> {
        let stamp = Stamp::of(path).map_err(|e| EngineError::Query {
            message: format!("cannot read {} (dataset {dataset}): {e}", path.display()),
        })?;
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.retain(|(d, _, _)| d != dataset);
        files.push((dataset.to_string(), path.to_path_buf(), stamp));
        Ok(())
    }

    /// Forgets dataset `dataset`'s file (its table is now held in memory or gone).
    pub(crate) fn remove(&self, dataset: &str) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.retain(|(d, _, _)| d != dataset);
    }

    /// An error naming the first file that is no longer the one checked.
    pub(crate) fn unchanged(&self) -> Result<(), EngineError> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        for (dataset, path, then) in files.iter() {
            let problem = match Stamp::of(path) {
                Ok(now) if now == *then => continue,
                Ok(now) => format!(
                    "changed during the run ({} when it was checked, {} now)",
                    then.describe(),
                    now.describe()
                ),
                Err(e) => format!("can no longer be read ({e})"),
            };
            return Err(EngineError::Query {
                message: format!(
                    "{} (dataset {dataset}) {problem}: it is read where it lies by every query, so its numbers would not be the ones checked; run again once the file stays as it is",
                    path.display()
                ),
            });
        }
        Ok(())
    }
}
