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
    mut builder: TableBuilder,
) -> Result<TableBuilder, Problems> {
    let open = File::open(&source.path)
        .map_err(|e| e.to_string())
        .and_then(|f| ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| e.to_string()));
    let reader_builder = match open {
        Ok(b) => b,
        Err(e) => {
            builder
                .problems
                .push(Problem::file(format!("unreadable Parquet file: {e}")));
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
    let mut row = 0u64;
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
        for pos in &positions {
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
