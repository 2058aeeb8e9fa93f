//! Reads a dataset written by `vitals prepare`: a Parquet file with exactly the contract's
//! columns and types, already checked when it was written, so its batches are taken as they
//! are (row groups read on every core).

use super::{Loaded, Problem};
use datafusion::arrow::datatypes::{DataType, Schema};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::fs::File;
use std::path::Path;
use vitals_core::DatasetSpec;

/// A row group's index and its batches.
type Group = (usize, Vec<RecordBatch>);

/// The row count of the prepared file at `path` for dataset `spec`, once its schema is found
/// to be the contract's; read from the file's footer only, so that the run can scan the file
/// where it lies.
pub(super) fn check(spec: &'static DatasetSpec, path: &Path) -> Result<usize, Problem> {
    let builder = open(path)?;
    check_schema(spec, builder.schema())?;
    let rows = builder.metadata().file_metadata().num_rows();
    Ok(usize::try_from(rows).unwrap_or(0))
}

fn open(path: &Path) -> Result<ParquetRecordBatchReaderBuilder<File>, Problem> {
    File::open(path)
        .map_err(|e| e.to_string())
        .and_then(|f| ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| e.to_string()))
        .map_err(|e| Problem::file(format!("unreadable prepared file: {e}")))
}

fn check_schema(spec: &'static DatasetSpec, schema: &Schema) -> Result<(), Problem> {
    let expected = super::schema(spec);
    let stale = |what: String| {
        Problem::file(format!(
            "not a file `vitals prepare` writes for dataset {} with this version of vitals ({what}): run `vitals prepare` again",
            spec.id
        ))
    };
    if schema.fields().len() != expected.fields().len() {
        return Err(stale(format!(
            "{} columns, expected {}",
            schema.fields().len(),
            expected.fields().len()
        )));
    }
    for (found, want) in schema.fields().iter().zip(expected.fields()) {
        let value_type = |t: &DataType| match t {
            DataType::Dictionary(_, v) => v.as_ref().clone(),
            other => other.clone(),
        };
        if found.name() != want.name()
            || value_type(found.data_type()) != value_type(want.data_type())
        {
            return Err(stale(format!(
                "column {} {}, expected {} {}",
                found.name(),
                found.data_type(),
                want.name(),
                want.data_type()
            )));
        }
    }
    Ok(())
}

/// The batches of the prepared file at `path` for dataset `spec`, once its schema is found
/// to be the contract's.
pub(super) fn read(spec: &'static DatasetSpec, path: &Path) -> Result<Loaded, Problem> {
    let open = || open(path);
    let first = open()?;
    let schema = first.schema().clone();
    check_schema(spec, &schema)?;
    let groups = first.metadata().num_row_groups();
    let threads = vitals_core::threads().min(groups).max(1);
    let read_groups = |t: usize| -> Result<Vec<Group>, Problem> {
        let mut out = Vec::new();
        for g in (t..groups).step_by(threads) {
            let reader = open()?
                .with_row_groups(vec![g])
                .with_batch_size(super::BATCH_ROWS)
                .build()
                .map_err(|e| Problem::file(format!("unreadable prepared file: {e}")))?;
            let batches = reader
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| Problem::file(format!("unreadable prepared file: {e}")))?;
            out.push((g, batches));
        }
        Ok(out)
    };
    let parts: Vec<Result<Vec<Group>, Problem>> = if threads == 1 {
        vec![read_groups(0)]
    } else {
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|t| scope.spawn(move || read_groups(t)))
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("a prepared-file reading thread panicked"))
                .collect()
        })
    };
    let mut groups_read = Vec::new();
    for part in parts {
        groups_read.extend(part?);
    }
    // File order, whatever thread read each group.
    groups_read.sort_by_key(|(g, _)| *g);
    let batches: Vec<RecordBatch> = groups_read.into_iter().flat_map(|(_, b)| b).collect();
    let rows = batches.iter().map(RecordBatch::num_rows).sum();
    Ok(Loaded {
        schema,
        batches,
        rows,
    })
}
