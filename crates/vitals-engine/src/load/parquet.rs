//! Parquet: columns are matched by name and converted to the contract's types through the
//! same checks as text files; row numbers count from 1.

use super::builder::TableBuilder;
use super::{DatasetSource, Problem, Problems, locate_columns};
use datafusion::arrow::array::{Array, StringArray};
use datafusion::arrow::compute::{CastOptions, cast_with_options};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::util::display::FormatOptions;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::fs::File;

pub(super) fn read(
    source: &DatasetSource,
    builder: TableBuilder,
) -> Result<TableBuilder, Problems> {
    read_on(source, builder, vitals_core::threads())
}

/// Reads with up to `threads` threads, one row group at a time each.
fn read_on(
    source: &DatasetSource,
    mut builder: TableBuilder,
    threads: usize,
) -> Result<TableBuilder, Problems> {
    let reader_builder = match open(source) {
        Ok(b) => b,
        Err(problem) => {
            builder.problems.push(problem);
            return Err(builder.problems);
        }
    };
    let file_schema = reader_builder.schema().clone();
    let header: Vec<String> = file_schema
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let mut problems = builder.problems.clone();
    let positions = locate_columns(builder.spec(), source, &header, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    for (i, pos) in positions.iter().enumerate() {
        if let Some(p) = pos {
            let ty = file_schema.field(*p).data_type();
            if !text_convertible(ty) {
                let col = builder.spec().columns[i];
                builder.problems.push(Problem::file(format!(
                    "column {}: expected {}, found Parquet type {ty}",
                    col.name,
                    col.ty.expected()
                )));
            }
        }
    }
    if !builder.problems.is_empty() {
        return Err(builder.problems);
    }
    let groups: Vec<u64> = reader_builder
        .metadata()
        .row_groups()
        .iter()
        .map(|g| u64::try_from(g.num_rows()).unwrap_or(0))
        .collect();
    let threads = threads.min(groups.len());
    if threads <= 1 {
        return read_rows(reader_builder, &positions, builder, 0);
    }
    // Row groups are read on every core, group i by thread i mod threads, each into its
    // own builder; rows are numbered from the group's first row in the file.
    let firsts: Vec<u64> = groups
        .iter()
        .scan(0u64, |row, n| {
            let first = *row;
            *row += n;
            Some(first)
        })
        .collect();
    let spec = builder.spec();
    let cap = builder.problems.cap();
    let text = builder.text_storage();
    let parts: Vec<TableBuilder> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (positions, firsts) = (&positions, &firsts);
                scope.spawn(move || {
                    let mut part = TableBuilder::new(spec, Problems::new(cap), text);
                    for g in (t..firsts.len()).step_by(threads) {
                        let read = match open(source) {
                            Ok(b) => {
                                read_rows(b.with_row_groups(vec![g]), positions, part, firsts[g])
                            }
                            Err(problem) => {
                                part.problems.push(problem);
                                Err(part.problems)
                            }
                        };
                        part = match read {
                            Ok(p) if !p.problems.full() => p,
                            Ok(p) => return p,
                            // Unreadable data ends this part: its problems are the answer.
                            Err(problems) => return TableBuilder::new(spec, problems, text),
                        };
                    }
                    part
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a Parquet reading thread panicked"))
            .collect()
    });
    Ok(builder.merge(parts))
}

/// Opens the file and reads its footer.
fn open(source: &DatasetSource) -> Result<ParquetRecordBatchReaderBuilder<File>, Problem> {
    File::open(&source.path)
        .map_err(|e| e.to_string())
        .and_then(|f| ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| e.to_string()))
        .map_err(|e| Problem::file(format!("unreadable Parquet file: {e}")))
}

/// Reads the rows `reader_builder` selects into `builder`, numbering them from `first + 1`.
fn read_rows(
    reader_builder: ParquetRecordBatchReaderBuilder<File>,
    positions: &[Option<usize>],
    mut builder: TableBuilder,
    first: u64,
) -> Result<TableBuilder, Problems> {
    let reader = match reader_builder.with_batch_size(64 * 1024).build() {
        Ok(r) => r,
        Err(e) => {
            builder
                .problems
                .push(Problem::file(format!("unreadable Parquet file: {e}")));
            return Err(builder.problems);
        }
    };
    let options = CastOptions {
        safe: false,
        format_options: FormatOptions::default().with_null(""),
    };
    let mut row = first;
    for batch in reader {
        let batch = match batch {
            Ok(b) => b,
            Err(e) => {
                builder.problems.push(Problem::file(format!(
                    "unreadable Parquet data after row {row}: {e}"
                )));
                return Err(builder.problems);
            }
        };
        let mut columns: Vec<Option<StringArray>> = Vec::with_capacity(positions.len());
        for pos in positions {
            columns.push(match pos {
                Some(p) => {
                    let text = cast_with_options(batch.column(*p), &DataType::Utf8, &options)
                        .map_err(|e| {
                            let mut p = builder.problems.clone();
                            p.push(Problem::file(format!(
                                "cannot read a Parquet column as text: {e}"
                            )));
                            p
                        })?;
                    Some(
                        text.as_any()
                            .downcast_ref::<StringArray>()
                            .expect("cast to Utf8 gives a StringArray")
                            .clone(),
                    )
                }
                None => None,
            });
        }
        let mut cells: Vec<Option<&str>> = Vec::with_capacity(columns.len());
        for r in 0..batch.num_rows() {
            row += 1;
            cells.clear();
            cells.extend(
                columns
                    .iter()
                    .map(|c| c.as_ref().and_then(|a| (!a.is_null(r)).then(|| a.value(r)))),
            );
            builder.push_row(row, &cells);
        }
    }
    Ok(builder)
}

fn text_convertible(ty: &DataType) -> bool {
    ty.is_numeric()
        || ty.is_temporal()
        || matches!(
            ty,
            DataType::Utf8
                | DataType::LargeUtf8
                | DataType::Utf8View
                | DataType::Boolean
                | DataType::Null
        )
        || matches!(ty, DataType::Dictionary(_, v) if text_convertible(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::TextStorage;
    use datafusion::arrow::array::{ArrayRef, AsArray};
    use datafusion::arrow::datatypes::{Field, Schema};
    use datafusion::arrow::record_batch::RecordBatch;
    use datafusion::parquet::arrow::ArrowWriter;
    use datafusion::parquet::file::properties::WriterProperties;
    use std::sync::Arc;

    /// `orders` as text columns, `n` rows, in row groups of 7 rows; row `bad` (from 1) has a
    /// negative amount.
    fn write(path: &std::path::Path, n: usize, bad: Option<usize>) {
        let col = |f: &dyn Fn(usize) -> String| -> ArrayRef {
            Arc::new(StringArray::from_iter_values((1..=n).map(f)))
        };
        let names = ["order_id", "customer_id", "ordered_at", "gross_amount"];
        let schema = Arc::new(Schema::new(
            names
                .iter()
                .map(|n| Field::new(*n, DataType::Utf8, false))
                .collect::<Vec<_>>(),
        ));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                col(&|i| format!("o{i}")),
                col(&|i| format!("c{}", i % 3)),
                col(&|i| format!("2026-01-{:02}", 1 + i % 28)),
                col(&|i| {
                    if Some(i) == bad {
                        "-5".into()
                    } else {
                        i.to_string()
                    }
                }),
            ],
        )
        .unwrap();
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(7))
            .build();
        let mut w = ArrowWriter::try_new(std::fs::File::create(path).unwrap(), schema, Some(props))
            .unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
    }

    fn orders() -> &'static vitals_core::DatasetSpec {
        vitals_core::contract()
            .iter()
            .find(|d| d.id == "orders")
            .unwrap()
    }

    fn load(path: &std::path::Path, threads: usize) -> Result<Vec<(String, String)>, Vec<Problem>> {
        let builder = TableBuilder::new(orders(), Problems::new(50), TextStorage::Plain);
        let source = DatasetSource::new(path);
        let (_, batches, _) = read_on(&source, builder, threads)
            .and_then(TableBuilder::finish)
            .map_err(|p| p.kept)?;
        let mut rows: Vec<(String, String)> = batches
            .iter()
            .flat_map(|b| {
                let ids = b.column(0).as_string::<i32>().clone();
                let customers = b.column(1).as_string::<i32>().clone();
                (0..b.num_rows())
                    .map(move |r| (ids.value(r).to_string(), customers.value(r).to_string()))
            })
            .collect();
        rows.sort();
        Ok(rows)
    }

    #[test]
    fn row_groups_read_on_several_threads_load_what_one_thread_loads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orders.parquet");
        write(&path, 100, None);
        let one = load(&path, 1).unwrap();
        assert_eq!(one.len(), 100);
        assert_eq!(load(&path, 3).unwrap(), one);
    }

    #[test]
    fn a_problem_in_a_later_row_group_names_its_row_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orders.parquet");
        // Row 57 is in the ninth group of 7 rows, read by the third of three threads.
        write(&path, 100, Some(57));
        for threads in [1, 3] {
            let problems = load(&path, threads).unwrap_err();
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].line, Some(57), "{problems:?}");
            assert_eq!(problems[0].column.as_deref(), Some("gross_amount"));
        }
    }
}
