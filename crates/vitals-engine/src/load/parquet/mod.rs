//! Parquet: columns are matched by name and converted to the contract's types through the
//! same checks as text files (typed columns whose values the contract's types hold exactly
//! are taken as they are, the others through their text); row numbers count from 1.

mod columns;
mod direct;

use super::builder::{Cell, TableBuilder};
use super::{DatasetSource, Problem, Problems, locate_columns};
use columns::{Column, text_convertible};
use datafusion::arrow::compute::CastOptions;
use datafusion::arrow::datatypes::{DataType, Schema, SchemaRef};
use datafusion::arrow::util::display::FormatOptions;
use datafusion::parquet::arrow::arrow_reader::{
    ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

pub(super) fn read(
    source: &DatasetSource,
    path: &Path,
    builder: TableBuilder,
) -> Result<TableBuilder, Problems> {
    read_on(source, path, builder, vitals_core::threads(), true)
}

/// Reads with up to `threads` threads, one row group at a time each; `whole`: batches of a
/// file whose types allow it are checked and taken whole (else every row is read one by one,
/// which tests compare with). A counting builder ([`TableBuilder::counting`]) only checks,
/// and comes back `declined` unless every contract column is stored in exactly the type the
/// engine computes with and every batch passes the whole-array checks as the file holds it
/// (ids unique): the file can then be scanned where it lies.
fn read_on(
    source: &DatasetSource,
    path: &Path,
    mut builder: TableBuilder,
    threads: usize,
    whole: bool,
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
    // Text columns the run keeps as dictionaries are read as dictionaries: Parquet stores
    // repeating text that way, and the reader then hands over its dictionary as it is.
    let hint = dictionary_hint(&builder, &file_schema, &positions);
    let reader_builder = match &hint {
        Some(hint) => match open_as(path, Some(hint)) {
            Ok(b) => b,
            Err(problem) => {
                builder.problems.push(problem);
                return Err(builder.problems);
            }
        },
        None => reader_builder,
    };
    let plan = if builder.keeps_rows() {
        direct::plan(builder.spec(), reader_builder.schema(), &positions).filter(|_| whole)
    } else {
        // Judged on the types the file holds, which a scan reads, not the hint's.
        let as_is = direct::plan_as_is(builder.spec(), &file_schema, &positions)
            .and_then(|_| direct::plan_as_is(builder.spec(), reader_builder.schema(), &positions));
        if as_is.is_none() {
            builder.declined = true;
            return Ok(builder);
        }
        as_is
    };
    let (plan, hint) = (plan.as_ref(), hint.as_ref());
    let groups: Vec<u64> = reader_builder
        .metadata()
        .row_groups()
        .iter()
        .map(|g| u64::try_from(g.num_rows()).unwrap_or(0))
        .collect();
    let threads = threads.min(groups.len());
    if threads <= 1 {
        return read_rows(reader_builder, &positions, plan, builder, 0);
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
    let keep = builder.keeps_rows();
    let parts: Vec<TableBuilder> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (positions, firsts) = (&positions, &firsts);
                let dialect = &dialect;
                scope.spawn(move || {
                    let mut part = TableBuilder::new(spec, Problems::new(cap), text)
                        .with_dialect(dialect.clone());
                    if !keep {
                        part = part.counting();
                    }
                    for g in (t..firsts.len()).step_by(threads) {
                        let read = match open_as(path, hint) {
                            Ok(b) => read_rows(
                                b.with_row_groups(vec![g]),
                                positions,
                                plan,
                                part,
                                firsts[g],
                            ),
                            Err(problem) => {
                                part.problems.push(problem);
                                Err(part.problems)
                            }
                        };
                        part = match read {
                            Ok(p) if p.declined => return p,
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

/// The names of the file's columns, in order, read from its footer.
pub(super) fn column_names(path: &Path) -> Option<Vec<String>> {
    let reader = open(path).ok()?;
    Some(
        reader
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect(),
    )
}

fn open(path: &Path) -> Result<ParquetRecordBatchReaderBuilder<File>, Problem> {
    open_as(path, None)
}

/// Opens the file to be read with the column types of `hint` (the file's own by default).
fn open_as(
    path: &Path,
    hint: Option<&SchemaRef>,
) -> Result<ParquetRecordBatchReaderBuilder<File>, Problem> {
    let mut options = ArrowReaderOptions::new();
    if let Some(hint) = hint {
        options = options.with_schema(hint.clone());
    }
    File::open(path)
        .map_err(|e| e.to_string())
        .and_then(|f| {
            ParquetRecordBatchReaderBuilder::try_new_with_options(f, options)
                .map_err(|e| e.to_string())
        })
        .map_err(|e| Problem::file(format!("unreadable Parquet file: {e}")))
}

/// The file's schema with the text columns the builder keeps as dictionaries read as
/// dictionaries; `None` when there is none to change.
fn dictionary_hint(
    builder: &TableBuilder,
    file_schema: &Schema,
    positions: &[Option<usize>],
) -> Option<SchemaRef> {
    let dictionary = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
    let wanted = builder.loading_types();
    let mut fields: Vec<_> = file_schema.fields().iter().cloned().collect();
    let mut changed = false;
    for (want, pos) in wanted.iter().zip(positions) {
        let Some(p) = *pos else { continue };
        let found = fields[p].data_type();
        let text = matches!(found, DataType::Utf8)
            || matches!(found, DataType::Dictionary(_, v) if **v == DataType::Utf8);
        if *want == dictionary && text && *found != dictionary {
            fields[p] = Arc::new(
                fields[p]
                    .as_ref()
                    .clone()
                    .with_data_type(dictionary.clone()),
            );
            changed = true;
        }
    }
    changed.then(|| {
        Arc::new(Schema::new_with_metadata(
            fields,
            file_schema.metadata().clone(),
        ))
    })
}

/// Reads the rows `reader_builder` selects into `builder`, numbering them from `first + 1`:
/// each batch taken whole when `plan` allows and its checks pass, else row by row.
fn read_rows(
    reader_builder: ParquetRecordBatchReaderBuilder<File>,
    positions: &[Option<usize>],
    plan: Option<&direct::Plan>,
    mut builder: TableBuilder,
    first: u64,
) -> Result<TableBuilder, Problems> {
    let reader = match reader_builder
        .with_batch_size(crate::load::BATCH_ROWS)
        .build()
    {
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
        if let Some(plan) = plan
            && let Some(arrays) = direct::take(plan, builder.spec(), &batch)
            && builder.push_checked(row + 1, arrays)
        {
            row += batch.num_rows() as u64;
            continue;
        }
        if !builder.keeps_rows() {
            builder.declined = true;
            return Ok(builder);
        }
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
        Array, ArrayRef, AsArray, Date32Array, Decimal128Array, Int32Array, Int64Array,
        StringArray, TimestampMicrosecondArray, TimestampMillisecondArray,
        TimestampNanosecondArray,
    };
    use datafusion::arrow::datatypes::{
        Decimal128Type, Int32Type, Int64Type, TimestampMicrosecondType,
    };
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
        let (_, batches, _) = read_on(&DatasetSource::new(path), path, builder, threads, true)
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

    /// What loading gives, comparable across paths: every row in one batch with text plain,
    /// or the problems.
    type Outcome = Result<RecordBatch, Vec<Problem>>;

    /// `spec` loaded from `path` on `threads` threads, with batches taken whole where they can
    /// be and then row by row only; and how many rows were taken whole.
    fn both_ways(
        spec: &'static vitals_core::DatasetSpec,
        path: &std::path::Path,
        threads: usize,
        text: TextStorage,
    ) -> (Outcome, Outcome, usize) {
        let run = |whole: bool| {
            let builder = TableBuilder::new(spec, Problems::new(50), text);
            let read = read_on(&DatasetSource::new(path), path, builder, threads, whole);
            let taken = read.as_ref().map_or(0, |b| b.rows_taken_whole);
            let outcome = read.and_then(TableBuilder::finish).map_err(|p| p.kept).map(
                |(schema, batches, _)| {
                    let plain: Vec<_> = schema
                        .fields()
                        .iter()
                        .map(|f| {
                            let ty = match f.data_type() {
                                DataType::Dictionary(..) => DataType::Utf8,
                                t => t.clone(),
                            };
                            datafusion::arrow::datatypes::Field::new(f.name(), ty, true)
                        })
                        .collect();
                    let plain = Arc::new(Schema::new(plain));
                    let batches: Vec<RecordBatch> = batches
                        .iter()
                        .map(|b| {
                            let columns = b
                                .columns()
                                .iter()
                                .map(|c| match c.data_type() {
                                    DataType::Dictionary(..) => {
                                        datafusion::arrow::compute::cast(c, &DataType::Utf8)
                                    }
                                    _ => Ok(c.clone()),
                                })
                                .collect::<Result<Vec<_>, _>>()
                                .unwrap();
                            RecordBatch::try_new(plain.clone(), columns).unwrap()
                        })
                        .collect();
                    datafusion::arrow::compute::concat_batches(&plain, &batches).unwrap()
                },
            );
            (outcome, taken)
        };
        let (whole, taken) = run(true);
        let (rows, none) = run(false);
        assert_eq!(none, 0);
        (whole, rows, taken)
    }

    /// Writes `columns` and checks that taking batches whole loads exactly what reading row by
    /// row does, on 1 and 3 threads and with every text storage, and the same values with
    /// every storage; returns the outcome and how
    /// many rows were taken whole on 3 threads with storage Auto (each row group its own
    /// batch; one thread reads the file in batches across row groups).
    fn same_both_ways(
        spec: &'static vitals_core::DatasetSpec,
        columns: Vec<(&str, ArrayRef)>,
    ) -> (Outcome, usize) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.parquet");
        write_columns(&path, columns);
        let mut first = None;
        for text in [
            TextStorage::Auto,
            TextStorage::Plain,
            TextStorage::Dictionary,
        ] {
            for threads in [1, 3] {
                let (whole, rows, taken) = both_ways(spec, &path, threads, text);
                assert_eq!(whole, rows, "{text:?} on {threads} threads");
                // Text read as dictionaries (Auto, Dictionary) or plain loads the same values.
                if let Some((first, _)) = &first {
                    assert_eq!(&whole, first, "{text:?} on {threads} threads");
                }
                if threads == 3 {
                    first.get_or_insert((whole, taken));
                }
            }
        }
        first.unwrap()
    }

    fn dict(values: &[&str]) -> ArrayRef {
        Arc::new(
            values
                .iter()
                .map(|v| Some(*v))
                .collect::<datafusion::arrow::array::DictionaryArray<Int32Type>>(),
        )
    }

    fn opt_text(values: &[Option<&str>]) -> ArrayRef {
        Arc::new(StringArray::from(values.to_vec()))
    }

    fn micros(n: usize, from: i64) -> ArrayRef {
        Arc::new(TimestampMicrosecondArray::from(
            (0..n as i64)
                .map(|i| from + i * 3_600_000_000)
                .collect::<Vec<_>>(),
        ))
    }

    const JAN_2026: i64 = 1_767_225_600_000_000;

    fn lines(outcome: &Outcome) -> Vec<(Option<u64>, Option<String>)> {
        outcome
            .as_ref()
            .unwrap_err()
            .iter()
            .map(|p| (p.line, p.column.clone()))
            .collect()
    }

    #[test]
    fn clean_typed_events_are_taken_whole_with_blank_text_read_as_empty() {
        // 20 events: repeating text as dictionaries and plain; the optional page is blank or
        // null on some rows, which reads as empty either way.
        let users: Vec<String> = (0..20).map(|i| format!("u{}", i % 4)).collect();
        let users: Vec<&str> = users.iter().map(String::as_str).collect();
        let pages: Vec<Option<&str>> = (0..20)
            .map(|i| match i % 5 {
                0 => Some(""),
                1 => Some("  "),
                2 => None,
                _ => Some("/home"),
            })
            .collect();
        let (outcome, taken) = same_both_ways(
            dataset("events"),
            vec![
                ("user_id", dict(&users)),
                ("occurred_at", micros(20, JAN_2026)),
                ("event", text(vec!["view".into(); 20])),
                ("page", opt_text(&pages)),
            ],
        );
        assert_eq!(taken, 20);
        let batch = outcome.unwrap();
        assert_eq!(batch.num_rows(), 20);
        let page = batch.column_by_name("page").unwrap();
        assert_eq!(page.null_count(), 12);
        assert_eq!(batch.column_by_name("session_id").unwrap().null_count(), 20);
    }

    #[test]
    fn a_file_with_a_column_to_parse_is_read_row_by_row_whatever_the_storage() {
        // Times written as text: every row is parsed; the repeating text is still read as the
        // file's dictionaries where the run keeps dictionaries.
        let (outcome, taken) = same_both_ways(
            dataset("events"),
            vec![
                (
                    "user_id",
                    dict(&["a", "b", "a", "c", "a", "b", "a", "c", "a"]),
                ),
                (
                    "occurred_at",
                    text((1..=9).map(|d| format!("2026-01-0{d}T10:00:00Z")).collect()),
                ),
                ("event", text(vec!["view".into(); 9])),
            ],
        );
        assert_eq!(taken, 0);
        let batch = outcome.unwrap();
        let at = batch.column(1).as_primitive::<TimestampMicrosecondType>();
        assert_eq!(at.value(0), JAN_2026 + 10 * 3_600_000_000);
    }

    #[test]
    fn a_blank_or_null_required_value_is_named_on_its_row() {
        let mut users = vec![Some("a"); 20];
        users[8] = Some(" ");
        users[15] = None;
        let (outcome, taken) = same_both_ways(
            dataset("events"),
            vec![
                ("user_id", opt_text(&users)),
                ("occurred_at", micros(20, JAN_2026)),
                ("event", dict(&["view"; 20])),
            ],
        );
        assert_eq!(
            lines(&outcome),
            vec![
                (Some(9), Some("user_id".into())),
                (Some(16), Some("user_id".into()))
            ]
        );
        assert_eq!(taken, 7, "the first row group is clean");
    }

    #[test]
    fn allowed_words_are_spelt_as_the_contract_does_and_others_named() {
        let surveys = ["NPS", " csat ", "ces", "nps", "Ces", "csat", "nps", "nps"];
        let scores: ArrayRef = Arc::new(Int64Array::from(vec![9, 4, 2, 10, 7, 5, 0, 3]));
        let respondents = text((0..8).map(|i| format!("r{i}")).collect());
        let at = micros(8, JAN_2026);
        let (outcome, taken) = same_both_ways(
            dataset("survey_responses"),
            vec![
                ("respondent_id", respondents.clone()),
                ("responded_at", at.clone()),
                ("survey", dict(&surveys)),
                ("score", scores.clone()),
            ],
        );
        assert_eq!(taken, 8);
        let batch = outcome.unwrap();
        let words = batch
            .column_by_name("survey")
            .unwrap()
            .as_string::<i32>()
            .clone();
        assert_eq!(words.value(0), "nps");
        assert_eq!(words.value(1), "csat");
        // A word outside the list, and a score off its survey's scale (ces is 1 to 7).
        let mut wrong = surveys;
        wrong[3] = "promoter";
        let scores: ArrayRef = Arc::new(Int64Array::from(vec![9, 4, 2, 10, 9, 5, 0, 3]));
        let (outcome, taken) = same_both_ways(
            dataset("survey_responses"),
            vec![
                ("respondent_id", respondents),
                ("responded_at", at),
                ("survey", dict(&wrong)),
                ("score", scores),
            ],
        );
        assert_eq!(
            lines(&outcome),
            vec![
                (Some(4), Some("survey".into())),
                (Some(5), Some("score".into()))
            ]
        );
        assert_eq!(taken, 1, "the second row group (row 8) is clean");
    }

    #[test]
    fn ids_repeated_across_row_groups_and_threads_are_named_with_their_first_line() {
        let mut ids: Vec<String> = (0..30).map(|i| format!("o{i}")).collect();
        ids[24] = "o3".into();
        ids[10] = "o9".into();
        let (outcome, _) = same_both_ways(
            orders(),
            vec![
                ("order_id", text(ids)),
                ("customer_id", dict(&["c"; 30])),
                ("ordered_at", micros(30, JAN_2026)),
                ("gross_amount", Arc::new(Int64Array::from(vec![5; 30]))),
            ],
        );
        let problems = outcome.unwrap_err();
        let shown: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.message.clone()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (
                    Some(11),
                    "duplicate id `o9` (first seen on line 10); ids must be unique".into()
                ),
                (
                    Some(25),
                    "duplicate id `o3` (first seen on line 4); ids must be unique".into()
                ),
            ]
        );
    }

    #[test]
    fn defaults_rules_across_columns_and_ranges_are_kept_when_batches_are_taken_whole() {
        // Absent discount, refunded and cost read as 0 and quantity as 1; a returned quantity
        // above its quantity is named.
        let n = 14;
        let base = |returned: Vec<i64>| -> Vec<(&str, ArrayRef)> {
            vec![
                ("order_id", text((0..n).map(|i| format!("o{i}")).collect())),
                ("customer_id", dict(&["c"; 14])),
                ("ordered_at", micros(n, JAN_2026)),
                (
                    "gross_amount",
                    Arc::new(
                        Decimal128Array::from(vec![1_250i128; n])
                            .with_precision_and_scale(12, 2)
                            .unwrap(),
                    ),
                ),
                (
                    "returned_quantity",
                    Arc::new(Int32Array::from(
                        returned.iter().map(|r| *r as i32).collect::<Vec<_>>(),
                    )),
                ),
            ]
        };
        let (outcome, taken) = same_both_ways(orders(), base(vec![0; 14]));
        assert_eq!(taken, 14);
        let batch = outcome.unwrap();
        let quantity = batch
            .column_by_name("quantity")
            .unwrap()
            .as_primitive::<Int64Type>()
            .clone();
        assert_eq!(quantity.value(13), 1);
        let mut returned = vec![0; 14];
        returned[9] = 2;
        let (outcome, taken) = same_both_ways(orders(), base(returned));
        assert_eq!(
            lines(&outcome),
            vec![(Some(10), Some("returned_quantity".into()))]
        );
        assert_eq!(taken, 7);
        // A delivered count absent from the file is its row's sent count.
        let (outcome, taken) = same_both_ways(
            dataset("email_campaigns"),
            vec![
                (
                    "campaign_id",
                    text((0..3).map(|i| format!("e{i}")).collect()),
                ),
                ("sent_at", micros(3, JAN_2026)),
                ("sent", Arc::new(Int64Array::from(vec![100, 200, 300]))),
                ("unique_opens", Arc::new(Int64Array::from(vec![10, 20, 30]))),
                ("unique_clicks", Arc::new(Int64Array::from(vec![1, 2, 3]))),
            ],
        );
        assert_eq!(taken, 3);
        let delivered = outcome
            .unwrap()
            .column_by_name("delivered")
            .unwrap()
            .as_primitive::<Int64Type>()
            .clone();
        assert_eq!(delivered.values().to_vec(), vec![100, 200, 300]);
        // A lead converted before it was created is named.
        let created = JAN_2026 + 86_400_000_000;
        let converted = vec![
            None,
            Some(created),
            Some(created - 1),
            None,
            Some(created + 5),
        ];
        let (outcome, _) = same_both_ways(
            dataset("leads"),
            vec![
                ("lead_id", text((0..5).map(|i| format!("l{i}")).collect())),
                (
                    "created_at",
                    Arc::new(TimestampMicrosecondArray::from(vec![created; 5])),
                ),
                (
                    "converted_at",
                    Arc::new(TimestampMicrosecondArray::from(converted)),
                ),
            ],
        );
        assert_eq!(
            lines(&outcome),
            vec![(Some(3), Some("converted_at".into()))]
        );
    }

    #[test]
    fn nulls_that_take_a_default_and_values_out_of_range_are_read_row_by_row() {
        // A null discount reads as 0 (row by row); a time past 2261 and a negative amount
        // are named.
        let mut at: Vec<i64> = (0..10).map(|i| JAN_2026 + i).collect();
        at[6] = 9_300_000_000_000_000;
        let mut gross = vec![Some(7i64); 10];
        gross[2] = Some(-1);
        let (outcome, taken) = same_both_ways(
            orders(),
            vec![
                ("order_id", text((0..10).map(|i| format!("o{i}")).collect())),
                ("customer_id", dict(&["c"; 10])),
                ("ordered_at", Arc::new(TimestampMicrosecondArray::from(at))),
                ("gross_amount", Arc::new(Int64Array::from(gross))),
                (
                    "discount",
                    Arc::new(Int64Array::from(vec![
                        Some(1),
                        None,
                        Some(2),
                        Some(0),
                        None,
                        Some(0),
                        Some(0),
                        Some(0),
                        Some(0),
                        Some(0),
                    ])),
                ),
            ],
        );
        assert_eq!(
            lines(&outcome),
            vec![
                (Some(3), Some("gross_amount".into())),
                (Some(7), Some("ordered_at".into()))
            ]
        );
        assert_eq!(taken, 3, "the second row group (rows 8 to 10) is clean");
        let (outcome, taken) = same_both_ways(
            orders(),
            vec![
                ("order_id", text((0..10).map(|i| format!("o{i}")).collect())),
                ("customer_id", dict(&["c"; 10])),
                ("ordered_at", Arc::new(Date32Array::from(vec![20_454; 10]))),
                ("gross_amount", Arc::new(Int64Array::from(vec![7; 10]))),
                (
                    "discount",
                    Arc::new(Int64Array::from(vec![
                        Some(1),
                        None,
                        Some(2),
                        Some(0),
                        None,
                        Some(0),
                        Some(0),
                        Some(0),
                        Some(0),
                        Some(0),
                    ])),
                ),
            ],
        );
        assert_eq!(taken, 3, "the second row group has no null discount");
        let discount = outcome
            .unwrap()
            .column_by_name("discount")
            .unwrap()
            .as_primitive::<Decimal128Type>()
            .clone();
        assert_eq!(discount.value(1), 0);
        assert_eq!(discount.null_count(), 0);
    }
}
