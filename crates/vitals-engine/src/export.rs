//! Writes a dataset, loaded and checked against the contract, as Parquet with the contract's
//! Arrow types (`dec` as Decimal128(38,10), `ts` as UTC microseconds). The benchmark uses it
//! to give vitals and DuckDB the same Parquet files; the property tests to check that CSV,
//! JSON Lines and Parquet give the same numbers.

use crate::EngineError;
use crate::load::{self, DatasetSource};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::Compression;
use datafusion::parquet::file::properties::WriterProperties;
use std::path::Path;
use vitals_core::DatasetSpec;

/// Loads `source` against `spec` and writes it to `out` as Parquet (Snappy). Returns the
/// number of rows written.
pub fn write_parquet(
    spec: &'static DatasetSpec,
    source: &DatasetSource,
    out: &Path,
) -> Result<usize, EngineError> {
    let loaded = load::load(spec, source, 50, load::TextStorage::Plain)?;
    write(&loaded, out)
}

/// Loads `source` against `spec` exactly as a run does (the same checks and errors, up to
/// `cap` problems reported in full) and writes it to `out` as Parquet with the types a run
/// holds it in, text columns whose values repeat as dictionaries: the file `vitals prepare`
/// writes, which a run reads back as it is. Returns the number of rows written.
pub fn prepare_parquet(
    spec: &'static DatasetSpec,
    source: &DatasetSource,
    out: &Path,
    cap: usize,
) -> Result<usize, EngineError> {
    let loaded = load::load(spec, source, cap, load::TextStorage::Auto)?;
    write(&loaded, out)
}

/// Writes `loaded` to `out` (Snappy).
fn write(loaded: &load::Loaded, out: &Path) -> Result<usize, EngineError> {
    let write_error = |e: Box<dyn std::error::Error + Send + Sync>| EngineError::Write {
        path: out.to_path_buf(),
        source: e,
    };
    let file = std::fs::File::create(out).map_err(|e| write_error(e.into()))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let parquet = |e: datafusion::parquet::errors::ParquetError| write_error(e.into());
    let mut writer =
        ArrowWriter::try_new(file, loaded.schema.clone(), Some(props)).map_err(parquet)?;
    for batch in &loaded.batches {
        writer.write(batch).map_err(parquet)?;
    }
    writer.close().map_err(parquet)?;
    Ok(loaded.rows)
}
