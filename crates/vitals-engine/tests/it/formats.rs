use crate::{engine_with_orders, rows};
use std::sync::Arc;
use vitals_core::{QueryEngine, RunEngine, registry};
use vitals_engine::datafusion::arrow::array::{
    ArrayRef, Float64Array, Int32Array, StringArray, TimestampMillisecondArray,
};
use vitals_engine::datafusion::arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use vitals_engine::datafusion::arrow::record_batch::RecordBatch;
use vitals_engine::datafusion::parquet::arrow::ArrowWriter;
use vitals_engine::{DatasetSource, Engine};

const QUERY: &str = "SELECT order_id, customer_id, ordered_at, gross_amount, discount, quantity, returned_quantity, campaign FROM orders ORDER BY order_id";

// One order at a +02:00 offset (10:30 local = 08:30 UTC), a date-only order (midnight UTC),
// an empty optional cell (discount → 0) and a quoted field with a comma.
const EXPECTED: &str = "o1 | c1 | 2026-01-05 08:30:00 | 12.5 | 0 | 1 | 0 | null\n\
o2 | c2 | 2026-02-01 00:00:00 | 0.1 | 0.05 | 3 | 1 | spring, sale";

#[test]
fn csv_with_bom_crlf_quotes_offsets_and_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.csv");
    let text = "\u{feff}order_id,customer_id,ordered_at,gross_amount,discount,quantity,returned_quantity,campaign\r\n\
o1,c1,2026-01-05T10:30:00+02:00,12.50,,,,\r\n\
o2,c2,2026-02-01,0.1,0.05,3,1,\"spring, sale\"\r\n";
    std::fs::write(&path, text).unwrap();
    let engine = engine_with_orders(&path).unwrap();
    assert_eq!(rows(&engine, QUERY), EXPECTED);
}

#[test]
fn json_lines_load_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.jsonl");
    let text = r#"{"order_id": "o1", "customer_id": "c1", "ordered_at": "2026-01-05T10:30:00+02:00", "gross_amount": 12.50}

{"order_id": "o2", "customer_id": "c2", "ordered_at": "2026-02-01", "gross_amount": "0.1", "discount": 0.05, "quantity": 3, "returned_quantity": 1, "campaign": "spring, sale", "extra": [1]}
"#;
    std::fs::write(&path, text).unwrap();
    let engine = engine_with_orders(&path).unwrap();
    assert_eq!(rows(&engine, QUERY), EXPECTED);
}

#[test]
fn json_lines_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.jsonl");
    let text = "{\"order_id\": \"o1\", \"customer_id\": \"c1\", \"ordered_at\": \"2026-01-05\", \"gross_amount\": 1}\n{\"order_id\": \"o2\", \n";
    std::fs::write(&path, text).unwrap();
    let err = engine_with_orders(&path).err().unwrap();
    assert!(err.contains("orders.jsonl line 2: invalid JSON"), "{err}");
}

fn write_parquet(path: &std::path::Path, amount: ArrayRef) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("order_id", DataType::Utf8, false),
        Field::new("customer_id", DataType::Utf8, false),
        Field::new(
            "ordered_at",
            DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
            false,
        ),
        Field::new("gross_amount", amount.data_type().clone(), true),
        Field::new("quantity", DataType::Int32, true),
        Field::new("campaign", DataType::Utf8, true),
    ]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(StringArray::from(vec!["o1", "o2"])),
            Arc::new(StringArray::from(vec!["c1", "c2"])),
            Arc::new(
                TimestampMillisecondArray::from(vec![1_767_601_800_000, 1_769_904_000_000])
                    .with_timezone("UTC"),
            ),
            amount,
            Arc::new(Int32Array::from(vec![None, Some(3)])),
            Arc::new(StringArray::from(vec![None, Some("spring, sale")])),
        ],
    )
    .unwrap();
    let mut writer =
        ArrowWriter::try_new(std::fs::File::create(path).unwrap(), schema, None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

#[test]
fn parquet_loads_with_the_contract_types() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.parquet");
    write_parquet(&path, Arc::new(Float64Array::from(vec![12.5, 0.1])));
    let engine = engine_with_orders(&path).unwrap();
    // The Parquet file has no discount or returned_quantity columns: their defaults apply.
    let expected = "o1 | c1 | 2026-01-05 08:30:00 | 12.5 | 0 | 1 | 0 | null\n\
o2 | c2 | 2026-02-01 00:00:00 | 0.1 | 0 | 3 | 0 | spring, sale";
    assert_eq!(rows(&engine, QUERY), expected);
}

#[test]
fn parquet_column_of_the_wrong_type_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.parquet");
    write_parquet(&path, Arc::new(StringArray::from(vec!["12.5", "lots"])));
    let err = engine_with_orders(&path).err().unwrap();
    assert!(err.ends_with("orders.parquet line 2, column gross_amount: expected a decimal number such as 12.50, found `lots`"), "{err}");
}

#[test]
fn decimals_sum_exactly() {
    // 0.1 + 0.2 is 0.3 exactly, which a float round-trip would not give.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.csv");
    std::fs::write(
        &path,
        "order_id,customer_id,ordered_at,gross_amount\na,c,2026-01-01,0.1\nb,c,2026-01-01,0.2\n",
    )
    .unwrap();
    let engine = engine_with_orders(&path).unwrap();
    assert_eq!(rows(&engine, "SELECT SUM(gross_amount) FROM orders"), "0.3");
}

#[test]
fn helper_tables_cover_the_range_and_look_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.csv");
    std::fs::write(
        &path,
        "order_id,customer_id,ordered_at,gross_amount\na,c,2026-01-01,1\n",
    )
    .unwrap();
    let engine = engine_with_orders(&path).unwrap();
    assert_eq!(
        rows(
            &engine,
            "SELECT idx, label, start, \"end\" FROM periods ORDER BY idx"
        ),
        "0 | 2026-01 | 2026-01-01 00:00:00 | 2026-02-01 00:00:00\n1 | 2026-02 | 2026-02-01 00:00:00 | 2026-03-01 00:00:00"
    );
    assert_eq!(
        rows(
            &engine,
            "SELECT COUNT(*), MIN(day), MAX(day), COUNT(idx) FROM days"
        ),
        "89 | 2025-12-02 00:00:00 | 2026-02-28 00:00:00 | 59"
    );
    // ISO weeks: DataFusion's date_trunc('week') starts on Monday, as the periods do.
    assert_eq!(
        rows(
            &engine,
            "SELECT date_trunc('week', TIMESTAMP '2026-01-01 12:00:00')"
        ),
        "2025-12-29 00:00:00"
    );
}

/// `orders` loaded from `source`, scanned where it lies from `from` bytes when it can be.
fn engine_with_orders_from(source: &DatasetSource, from: u64) -> Result<(Engine, usize), String> {
    let engine = Engine::new()
        .map_err(|e| e.to_string())?
        .with_scan_in_place_from(from);
    let spec = registry().unwrap().dataset("orders").unwrap();
    let stats = engine
        .load_dataset(spec, source)
        .map_err(|e| e.to_string())?;
    Ok((engine, stats.rows))
}

/// `orders` loaded from the prepared file at `path`.
fn engine_with_prepared_orders(
    path: &std::path::Path,
    from: u64,
) -> Result<(Engine, usize), String> {
    let mut source = DatasetSource::new(path);
    source.prepared = true;
    engine_with_orders_from(&source, from)
}

#[test]
fn prepared_data_is_scanned_where_it_lies_with_the_numbers_of_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("orders.csv");
    std::fs::write(
        &csv,
        "order_id,customer_id,ordered_at,gross_amount,discount,quantity,returned_quantity,campaign\n\
o1,c1,2026-01-05T10:30:00+02:00,12.50,,,,\n\
o2,c2,2026-02-01,0.1,0.05,3,1,\"spring, sale\"\n",
    )
    .unwrap();
    let spec = registry().unwrap().dataset("orders").unwrap();
    let prepared = dir.path().join("prepared-orders.parquet");
    let written =
        vitals_engine::prepare_parquet(spec, &DatasetSource::new(&csv), &prepared, 20).unwrap();
    assert_eq!(written, 2);
    // Below the size from which files are scanned where they lie: held in memory.
    let (held, rows_held) =
        engine_with_prepared_orders(&prepared, vitals_engine::SCAN_IN_PLACE_FROM).unwrap();
    assert_eq!(rows_held, 2);
    let (engine, rows_loaded) = engine_with_prepared_orders(&prepared, 0).unwrap();
    assert_eq!(rows_loaded, 2, "the row count comes from the file's footer");
    assert_eq!(rows(&engine, QUERY), EXPECTED);
    // Not copied into memory: every query reads the file, so once it is gone the query
    // fails, naming it, rather than reading an empty table.
    std::fs::remove_file(&prepared).unwrap();
    let err = vitals_core::error_chain(&engine.query(QUERY).err().unwrap());
    assert!(
        err.contains("prepared-orders.parquet (dataset orders) can no longer be read"),
        "{err}"
    );
    assert_eq!(
        rows(&held, QUERY),
        EXPECTED,
        "the file held in memory still answers"
    );
}

#[test]
fn a_prepared_file_without_the_contract_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.parquet");
    // A raw export, not a file `vitals prepare` wrote: columns missing, types not the run's.
    write_parquet(&path, Arc::new(Float64Array::from(vec![12.5, 0.1])));
    let err = engine_with_prepared_orders(&path, 0).err().unwrap();
    assert!(
        err.contains("not a file `vitals prepare` writes for dataset orders")
            && err.contains("run `vitals prepare` again"),
        "{err}"
    );
}

/// Orders in a raw Parquet file whose columns hold exactly the types the engine computes
/// with, laid out as an export might be: the customer in a column named `client`, the
/// columns in another order, an extra column, and no `product_id` (optional, no default).
fn write_exact_orders(path: &std::path::Path, ids: [&str; 2], campaigns: [Option<&str>; 2]) {
    use vitals_engine::datafusion::arrow::array::{
        Decimal128Array, Int64Array, TimestampMicrosecondArray,
    };
    let dec = |values: [i128; 2]| -> ArrayRef {
        Arc::new(
            Decimal128Array::from(values.map(|v| v * 100_000_000).to_vec())
                .with_precision_and_scale(38, 10)
                .unwrap(),
        )
    };
    let dec_type = DataType::Decimal128(38, 10);
    let schema = Arc::new(Schema::new(vec![
        Field::new("client", DataType::Utf8, true),
        Field::new("order_id", DataType::Utf8, true),
        Field::new(
            "ordered_at",
            DataType::Timestamp(TimeUnit::Microsecond, None),
            true,
        ),
        Field::new("gross_amount", dec_type.clone(), true),
        Field::new("discount", dec_type.clone(), true),
        Field::new("refunded", dec_type.clone(), true),
        Field::new("quantity", DataType::Int64, true),
        Field::new("returned_quantity", DataType::Int64, true),
        Field::new("cost", dec_type, true),
        Field::new("note", DataType::Utf8, true),
        Field::new("campaign", DataType::Utf8, true),
    ]));
    // Amounts in hundredths: 12.50 and 0.10; discount 0 and 0.05.
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(StringArray::from(vec!["c1", "c2"])),
            Arc::new(StringArray::from(ids.to_vec())),
            Arc::new(TimestampMicrosecondArray::from(vec![
                1_767_601_800_000_000,
                1_769_904_000_000_000,
            ])),
            dec([1250, 10]),
            dec([0, 5]),
            dec([0, 0]),
            Arc::new(Int64Array::from(vec![1, 3])),
            Arc::new(Int64Array::from(vec![0, 1])),
            dec([0, 0]),
            Arc::new(StringArray::from(vec!["first", "second"])),
            Arc::new(StringArray::from(campaigns.to_vec())),
        ],
    )
    .unwrap();
    let mut writer =
        ArrowWriter::try_new(std::fs::File::create(path).unwrap(), schema, None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

/// `orders` loaded from the raw Parquet file at `path` (customer in `client`).
fn engine_with_raw_orders(path: &std::path::Path, from: u64) -> Result<(Engine, usize), String> {
    let mut source = DatasetSource::new(path);
    source
        .columns
        .insert("customer_id".to_string(), "client".to_string());
    engine_with_orders_from(&source, from)
}

#[test]
fn raw_parquet_in_the_contract_types_is_checked_then_scanned_where_it_lies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.parquet");
    write_exact_orders(&path, ["o1", "o2"], [None, Some("spring, sale")]);
    let (held, held_rows) =
        engine_with_raw_orders(&path, vitals_engine::SCAN_IN_PLACE_FROM).unwrap();
    let (scanned, scanned_rows) = engine_with_raw_orders(&path, 0).unwrap();
    assert_eq!((held_rows, scanned_rows), (2, 2));
    // The scan reads the mapped column under the contract's name, leaves out the extra
    // column and gives the absent optional column nulls, as loading does.
    let all = "SELECT order_id, customer_id, ordered_at, gross_amount, discount, refunded, quantity, returned_quantity, cost, product_id, campaign FROM orders ORDER BY order_id";
    assert_eq!(rows(&scanned, QUERY), EXPECTED);
    assert_eq!(rows(&scanned, all), rows(&held, all));
    assert_eq!(
        rows(&scanned, "SELECT * FROM orders ORDER BY order_id"),
        rows(&held, "SELECT * FROM orders ORDER BY order_id"),
        "the same columns in the same order"
    );
    // Rewritten during the run: the scan would read rows that were never checked.
    write_exact_orders(&path, ["o1", "o2"], [Some("  "), None]);
    let err = vitals_core::error_chain(&scanned.query(QUERY).err().unwrap());
    assert!(
        err.contains("orders.parquet (dataset orders) changed during the run (")
            && err.contains("run again once the file stays as it is"),
        "{err}"
    );
    std::fs::remove_file(&path).unwrap();
    let err = vitals_core::error_chain(&scanned.query(QUERY).err().unwrap());
    assert!(err.contains("can no longer be read"), "{err}");
    assert_eq!(
        rows(&held, QUERY),
        EXPECTED,
        "the loaded copy still answers"
    );
}

#[test]
fn raw_parquet_with_a_value_to_change_or_a_problem_is_loaded_instead() {
    let dir = tempfile::tempdir().unwrap();
    // A blank campaign is read as no campaign: the file does not hold the value as the
    // contract wants it, so it is loaded (and the copy outlives the file).
    let path = dir.path().join("orders.parquet");
    write_exact_orders(&path, ["o1", "o2"], [Some("  "), Some("spring, sale")]);
    let (engine, n) = engine_with_raw_orders(&path, 0).unwrap();
    assert_eq!(n, 2);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(rows(&engine, QUERY), EXPECTED);
    // Timestamps in milliseconds and 32-bit quantities are not the types the engine
    // computes with: loaded too.
    let path = dir.path().join("typed.parquet");
    write_parquet(&path, Arc::new(Float64Array::from(vec![12.5, 0.1])));
    let (engine, _) = engine_with_orders_from(&DatasetSource::new(&path), 0).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        rows(&engine, "SELECT COUNT(*), SUM(quantity) FROM orders"),
        "2 | 4"
    );
    // A repeated id is named with its row, as when the file is loaded.
    let path = dir.path().join("repeated.parquet");
    write_exact_orders(&path, ["o1", "o1"], [None, None]);
    let err = engine_with_raw_orders(&path, 0).err().unwrap();
    assert!(
        err.contains(
            "repeated.parquet line 2, column order_id: duplicate id `o1` (first seen on line 1)"
        ),
        "{err}"
    );
}

#[test]
fn a_run_with_a_large_file_lowers_the_size_from_which_files_are_scanned_where_they_lie() {
    use vitals_engine::{SCAN_ALONGSIDE_FROM, SCAN_IN_PLACE_FROM, scan_in_place_from};
    let dir = tempfile::tempdir().unwrap();
    // Sparse files: only their length is read.
    let sized = |name: &str, bytes: u64| {
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .set_len(bytes)
            .unwrap();
        DatasetSource::new(&path)
    };
    let small = sized("orders.parquet", 20 << 20);
    let just_below = sized("tickets.parquet", SCAN_IN_PLACE_FROM - 1);
    let large = sized("events.parquet", SCAN_IN_PLACE_FROM);
    let pattern = DatasetSource::new(dir.path().join("*.parquet"));

    assert_eq!(scan_in_place_from([]), SCAN_IN_PLACE_FROM);
    assert_eq!(
        scan_in_place_from([&small, &just_below]),
        SCAN_IN_PLACE_FROM
    );
    // A pattern of several files is not one large file, whatever it matches.
    assert_eq!(scan_in_place_from([&small, &pattern]), SCAN_IN_PLACE_FROM);
    assert_eq!(scan_in_place_from([&small, &large]), SCAN_ALONGSIDE_FROM);
}
