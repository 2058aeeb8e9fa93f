//! Parquet: columns are matched by name and converted to the contract's types through the
//! same checks as text files (typed columns whose values the contract's types hold exactly
//! are taken as they are, the others through their text); row numbers count from 1.

mod columns;

use super::builder::{Cell, TableBuilder};
use super::{DatasetSource, Problem, Problems, locate_columns};
use columns::{Column, text_convertible};
use datafusion::arrow::compute::CastOptions;
use datafusion::arrow::util::display::FormatOptions;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::fs::File;
use std::path::Path;

pub(super) fn read(
    source: &DatasetSource,
    path: &Path,
    builder: TableBuilder,
) -> Result<TableBuilder, Problems> {
    read_on(source, path, builder, vitals_core::threads())
}

/// Reads with up to `threads` threads, one row group at a time each.
fn read_on(
    source: &DatasetSource,
    path: &Path,
    mut builder: TableBuilder,
    threads: usize,
) -> Result<TableBuilder, Problems> {
    let reader_builder = match open(path) {
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
    let dialect = builder.dialect();
    let parts: Vec<TableBuilder> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (positions, firsts) = (&positions, &firsts);
                let dialect = &dialect;
                scope.spawn(move || {
                    let mut part = TableBuilder::new(spec, Problems::new(cap), text)
                        .with_dialect(dialect.clone());
                    for g in (t..firsts.len()).step_by(threads) {
                        let read = match open(path) {
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
                            Err(problems) => {
                                return TableBuilder::new(spec, problems, text)
                                    .with_dialect(dialect.clone());
                            }
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
/// The earliest and latest value of contract column `column` (through the source's column
/// mapping) in the Parquet file at `path`, from the row groups' statistics, without reading
/// a row; `None` when they cannot tell: the column is not a typed timestamp or date, or a row
/// group has no statistics for it.
pub(crate) fn time_bounds(
    source: &DatasetSource,
    path: &Path,
    column: &str,
) -> Option<(chrono::NaiveDateTime, chrono::NaiveDateTime)> {
    use datafusion::arrow::datatypes::{DataType, TimeUnit};
    use datafusion::parquet::file::statistics::Statistics;
    let reader = open(path).ok()?;
    let name = source.columns.get(column).map_or(column, String::as_str);
    let (index, field) = reader.schema().column_with_name(name)?;
    let time = |v: i64, unit: &TimeUnit| {
        let micros = match unit {
            TimeUnit::Second => v.checked_mul(1_000_000)?,
            TimeUnit::Millisecond => v.checked_mul(1_000)?,
            TimeUnit::Microsecond => v,
            TimeUnit::Nanosecond => v.div_euclid(1_000),
        };
        chrono::DateTime::from_timestamp_micros(micros).map(|t| t.naive_utc())
    };
    let day = |d: i32| {
        chrono::NaiveDate::from_num_days_from_ce_opt(d.checked_add(719_163)?)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    };
    let mut bounds: Option<(chrono::NaiveDateTime, chrono::NaiveDateTime)> = None;
    for group in reader.metadata().row_groups() {
        if group.num_rows() == 0 {
            continue;
        }
        let stats = group.column(index).statistics()?;
        let (lo, hi) = match (field.data_type(), stats) {
            (DataType::Timestamp(unit, _), Statistics::Int64(s)) => {
                (time(*s.min_opt()?, unit)?, time(*s.max_opt()?, unit)?)
            }
            (DataType::Date32, Statistics::Int32(s)) => (day(*s.min_opt()?)?, day(*s.max_opt()?)?),
            _ => return None,
        };
        bounds = Some(match bounds {
            Some((a, b)) => (a.min(lo), b.max(hi)),
            None => (lo, hi),
        });
    }
    bounds
}

fn open(path: &Path) -> Result<ParquetRecordBatchReaderBuilder<File>, Problem> {
    File::open(path)
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
        let mut columns: Vec<Column> = Vec::with_capacity(positions.len());
        for (col, pos) in builder.spec().columns.iter().zip(positions) {
            columns.push(match pos {
                Some(p) => Column::new(col.ty, batch.column(*p), &options).map_err(|e| {
                    let mut p = builder.problems.clone();
                    p.push(Problem::file(format!(
                        "cannot read Parquet column {}: {e}",
                        col.name
                    )));
                    p
                })?,
                None => Column::Absent,
            });
        }
        let mut cells: Vec<Cell<'_>> = Vec::with_capacity(columns.len());
        for r in 0..batch.num_rows() {
            row += 1;
            cells.clear();
            cells.extend(columns.iter().map(|c| c.cell(r)));
            builder.push_cells(row, &cells);
        }
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::TextStorage;
    use datafusion::arrow::array::{
        ArrayRef, AsArray, Date32Array, Decimal128Array, Int32Array, Int64Array, StringArray,
        TimestampMicrosecondArray, TimestampMillisecondArray, TimestampNanosecondArray,
    };
    use datafusion::arrow::datatypes::{Decimal128Type, Int64Type, TimestampMicrosecondType};
    use datafusion::arrow::record_batch::RecordBatch;
    use datafusion::parquet::arrow::ArrowWriter;
    use datafusion::parquet::file::properties::WriterProperties;
    use std::sync::Arc;

    /// `orders` as text columns, `n` rows, in row groups of 7 rows; row `bad` (from 1) has a
    /// negative amount.
    fn write(path: &std::path::Path, n: usize, bad: Option<usize>) {
        let col = |f: &dyn Fn(usize) -> String| text((1..=n).map(f).collect());
        write_columns(
            path,
            vec![
                ("order_id", col(&|i| format!("o{i}"))),
                ("customer_id", col(&|i| format!("c{}", i % 3))),
                ("ordered_at", col(&|i| format!("2026-01-{:02}", 1 + i % 28))),
                (
                    "gross_amount",
                    col(&|i| {
                        if Some(i) == bad {
                            "-5".into()
                        } else {
                            i.to_string()
                        }
                    }),
                ),
            ],
        );
    }

    /// Writes the named columns in row groups of 7 rows.
    fn write_columns(path: &std::path::Path, columns: Vec<(&str, ArrayRef)>) {
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(7))
            .build();
        let mut w = ArrowWriter::try_new(
            std::fs::File::create(path).unwrap(),
            batch.schema(),
            Some(props),
        )
        .unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
    }

    fn dataset(id: &str) -> &'static vitals_core::DatasetSpec {
        vitals_core::contract().iter().find(|d| d.id == id).unwrap()
    }

    fn orders() -> &'static vitals_core::DatasetSpec {
        dataset("orders")
    }

    /// The loaded batches of `spec` from `path`, or the problems.
    fn load_batches(
        spec: &'static vitals_core::DatasetSpec,
        path: &std::path::Path,
        threads: usize,
    ) -> Result<Vec<RecordBatch>, Vec<Problem>> {
        let builder = TableBuilder::new(spec, Problems::new(50), TextStorage::Plain);
        let (_, batches, _) = read_on(&DatasetSource::new(path), path, builder, threads)
            .and_then(TableBuilder::finish)
            .map_err(|p| p.kept)?;
        Ok(batches)
    }

    fn load(path: &std::path::Path, threads: usize) -> Result<Vec<(String, String)>, Vec<Problem>> {
        let batches = load_batches(orders(), path, threads)?;
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
    fn the_footer_gives_the_first_and_last_time_without_reading_a_row() {
        let dir = tempfile::tempdir().unwrap();
        let t = |s: &str| vitals_core::parse_date_arg(s).unwrap();
        // 20 orders, 7 to a row group, out of order: the extremes are in the second group.
        let micros: Vec<i64> = (0..20)
            .map(|i| {
                let day = if i == 9 {
                    2
                } else if i == 10 {
                    27
                } else {
                    10 + i % 5
                };
                t(&format!("2026-03-{day:02}")).and_utc().timestamp_micros() + 3_600_000_000
            })
            .collect();
        let typed = dir.path().join("typed.parquet");
        write_columns(
            &typed,
            vec![
                ("order_id", text((0..20).map(|i| format!("o{i}")).collect())),
                ("customer_id", text(vec!["c1".into(); 20])),
                (
                    "ordered_at",
                    Arc::new(TimestampMicrosecondArray::from(micros)),
                ),
                ("gross_amount", text(vec!["1".into(); 20])),
            ],
        );
        let source = DatasetSource::new(&typed);
        let hour = chrono::Duration::hours(1);
        assert_eq!(
            time_bounds(&source, &typed, "ordered_at"),
            Some((t("2026-03-02") + hour, t("2026-03-27") + hour))
        );
        // Dates count from their midnight.
        let dates = dir.path().join("dates.parquet");
        write_columns(
            &dates,
            vec![("month", Arc::new(Date32Array::from(vec![20_454, 20_513])))],
        );
        assert_eq!(
            time_bounds(&DatasetSource::new(&dates), &dates, "month"),
            Some((t("2026-01-01"), t("2026-03-01")))
        );
        // Timestamps written as text: the file must be read to know.
        let texts = dir.path().join("text.parquet");
        write(&texts, 10, None);
        assert_eq!(
            time_bounds(&DatasetSource::new(&texts), &texts, "ordered_at"),
            None
        );
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

    fn text(values: Vec<String>) -> ArrayRef {
        Arc::new(StringArray::from(values))
    }

    #[test]
    fn typed_columns_load_exactly_as_their_text_does() {
        // 20 orders: a millisecond timestamp at +01:00, cents as Decimal128(10, 2), an Int32
        // quantity; and the same orders spelled as text.
        let n = 20i64;
        let base_ms = 1_767_225_600_000i64; // 2026-01-01T00:00:00Z
        let ms: Vec<i64> = (1..=n).map(|i| base_ms + i * 3_600_123).collect();
        let cents: Vec<i128> = (1..=n).map(|i| i128::from(1_234 + i * 101)).collect();
        let ids = text((1..=n).map(|i| format!("o{i}")).collect());
        let customers = text((1..=n).map(|i| format!("c{}", i % 3)).collect());
        let dir = tempfile::tempdir().unwrap();
        let typed = dir.path().join("typed.parquet");
        write_columns(
            &typed,
            vec![
                ("order_id", ids.clone()),
                ("customer_id", customers.clone()),
                (
                    "ordered_at",
                    Arc::new(TimestampMillisecondArray::from(ms.clone()).with_timezone("+01:00")),
                ),
                (
                    "gross_amount",
                    Arc::new(
                        Decimal128Array::from(cents.clone())
                            .with_precision_and_scale(10, 2)
                            .unwrap(),
                    ),
                ),
                ("quantity", Arc::new(Int32Array::from_iter_values(1..=20))),
            ],
        );
        let spelled = dir.path().join("text.parquet");
        write_columns(
            &spelled,
            vec![
                ("order_id", ids),
                ("customer_id", customers),
                (
                    "ordered_at",
                    text(
                        ms.iter()
                            .map(|m| {
                                chrono::DateTime::from_timestamp_millis(*m)
                                    .unwrap()
                                    .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                                    .to_string()
                            })
                            .collect(),
                    ),
                ),
                (
                    "gross_amount",
                    text(
                        cents
                            .iter()
                            .map(|c| format!("{}.{:02}", c / 100, c % 100))
                            .collect(),
                    ),
                ),
                (
                    "quantity",
                    text((1..=20).map(|q: i32| q.to_string()).collect()),
                ),
            ],
        );
        for threads in [1, 3] {
            let from_types = load_batches(orders(), &typed, threads).unwrap();
            let from_text = load_batches(orders(), &spelled, threads).unwrap();
            assert_eq!(from_types, from_text);
        }
        // And the values are the instants and amounts written: 13:00:00.123 on 1 January
        // (+01:00 is only how the file displays them), 13.35 as 10 decimal places, quantity 1.
        let batch = &load_batches(orders(), &typed, 1).unwrap()[0];
        let at = batch.column(2).as_primitive::<TimestampMicrosecondType>();
        assert_eq!(at.value(0), (base_ms + 3_600_123) * 1_000);
        let gross = batch.column(3).as_primitive::<Decimal128Type>();
        assert_eq!(gross.value(0), 133_500_000_000);
        let quantity = batch
            .column(batch.schema().index_of("quantity").unwrap())
            .as_primitive::<Int64Type>();
        assert_eq!(quantity.value(0), 1);
    }

    #[test]
    fn typed_nanoseconds_round_down_to_microseconds_as_their_text_does() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orders.parquet");
        let nanos = [1_999i64, -1, 2_000];
        write_columns(
            &path,
            vec![
                ("order_id", text(vec!["a".into(), "b".into(), "c".into()])),
                ("customer_id", text(vec!["c".into(); 3])),
                (
                    "ordered_at",
                    Arc::new(TimestampNanosecondArray::from(nanos.to_vec())),
                ),
                ("gross_amount", Arc::new(Int64Array::from(vec![1, 2, 3]))),
            ],
        );
        let batch = &load_batches(orders(), &path, 1).unwrap()[0];
        let at = batch.column(2).as_primitive::<TimestampMicrosecondType>();
        assert_eq!(at.values().to_vec(), vec![1, -1, 2]);
        // A whole-number column read into a decimal column.
        let gross = batch.column(3).as_primitive::<Decimal128Type>();
        assert_eq!(gross.value(2), 30_000_000_000);
    }

    #[test]
    fn typed_values_get_the_checks_text_gets() {
        let dir = tempfile::tempdir().unwrap();
        // A negative amount on row 4 and an amount too large for the contract on row 9.
        let path = dir.path().join("orders.parquet");
        let mut amounts: Vec<i128> = (1..=10).map(|i| i * 100).collect();
        amounts[3] = -500;
        amounts[8] = 10i128.pow(37);
        write_columns(
            &path,
            vec![
                (
                    "order_id",
                    text((1..=10).map(|i| format!("o{i}")).collect()),
                ),
                ("customer_id", text(vec!["c".into(); 10])),
                ("ordered_at", Arc::new(Date32Array::from(vec![20_454; 10]))),
                (
                    "gross_amount",
                    Arc::new(
                        Decimal128Array::from(amounts)
                            .with_precision_and_scale(38, 2)
                            .unwrap(),
                    ),
                ),
            ],
        );
        let problems = load_batches(orders(), &path, 1).unwrap_err();
        let shown: Vec<(Option<u64>, String)> = problems
            .iter()
            .map(|p| {
                (
                    p.line,
                    format!("{}: {}", p.column.as_deref().unwrap_or(""), p.message),
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                (
                    Some(4),
                    "gross_amount: expected a non-negative number, found `-5`".to_string()
                ),
                (
                    Some(9),
                    "gross_amount: expected a decimal number such as 12.50, found a value out of its range"
                        .to_string()
                ),
            ]
        );
        // A date column holds midnights only, whatever the file's type.
        let path = dir.path().join("capacity.parquet");
        let ten_am = 1_767_571_200_000_000i64 + 10 * 3_600_000_000; // 2026-01-05 10:00
        write_columns(
            &path,
            vec![
                ("person", text(vec!["ann".into()])),
                (
                    "date",
                    Arc::new(TimestampMicrosecondArray::from(vec![ten_am])),
                ),
                ("scheduled_hours", Arc::new(Int64Array::from(vec![8]))),
                ("available_hours", Arc::new(Int64Array::from(vec![6]))),
            ],
        );
        let problems = load_batches(dataset("capacity"), &path, 1).unwrap_err();
        assert_eq!(
            problems[0].message,
            "expected a date (YYYY-MM-DD), found `2026-01-05 10:00:00`"
        );
    }
}
