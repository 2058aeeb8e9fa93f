//! Builds typed Arrow columns from text cells while checking the contract: types, required
//! values, defaults, allowed words, ranges, cross-column rules and unique keys.

use super::cell::{DAY_MICROS, DEC_SCALE};
use super::validate::{
    Parsed, check_number, check_time, default_for, fmt_dec, fmt_ts, parse_cell_in, row_check,
};
use super::{Problem, Problems};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanBuilder, Decimal128Builder, Int64Builder, StringArray,
    StringBuilder, StringDictionaryBuilder, TimestampMicrosecondBuilder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Int32Type, Schema, SchemaRef, TimeUnit};
use datafusion::arrow::record_batch::RecordBatch;
use hashbrown::HashMap;
use std::sync::Arc;
use vitals_core::{ColumnSpec, ColumnType, DatasetSpec, Dialect};

/// Precision of every `dec` column.
pub(crate) const DEC_PRECISION: u8 = 38;

/// The Arrow type of a contract type.
pub(crate) fn arrow_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::Str => DataType::Utf8,
        ColumnType::Ts | ColumnType::Date => DataType::Timestamp(TimeUnit::Microsecond, None),
        ColumnType::Dec => DataType::Decimal128(DEC_PRECISION, DEC_SCALE as i8),
        ColumnType::Int => DataType::Int64,
        ColumnType::Bool => DataType::Boolean,
    }
}

/// The Arrow schema of a dataset: every contract column, nullable.
pub(crate) fn schema(spec: &DatasetSpec) -> SchemaRef {
    let fields: Vec<Field> = spec
        .columns
        .iter()
        .map(|c| Field::new(c.name, arrow_type(c.ty), true))
        .collect();
    Arc::new(Schema::new(fields))
}

/// The type of a text column whose values repeat: each batch holds its distinct values
/// once and a 4-byte key per row.
fn dictionary_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// How loaded text columns are stored in memory. Results never depend on it; tests run
/// metrics under both fixed choices to check that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextStorage {
    /// Dictionary-encoded when the column's values repeat (see `KEEP_DICTIONARY`), else plain.
    #[default]
    Auto,
    /// Every text column but the dataset's id dictionary-encoded.
    Dictionary,
    /// Every text column plain (`Utf8`).
    Plain,
}

/// Whether a column is read into a dictionary while loading: every text column but the
/// dataset's id, whose values never repeat.
fn dictionary_candidate(spec: &DatasetSpec, col: &ColumnSpec, text: TextStorage) -> bool {
    text != TextStorage::Plain && col.ty == ColumnType::Str && spec.key != Some(col.name)
}

/// A text column stays dictionary-encoded when its batches' distinct values add up to at
/// most this fraction of its rows (`1 / KEEP_DICTIONARY`); otherwise it is stored plain.
/// Names, event words, pages and user ids repeat and shrink by half or more; a column of
/// mostly distinct values would only gain the keys.
const KEEP_DICTIONARY: usize = 4;

/// One cell for [`TableBuilder::push_cells`]: text to parse, or a value a typed file column
/// already holds in the contract's representation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell<'a> {
    /// An absent column or a null value.
    Null,
    /// Text, parsed as a CSV cell is.
    Text(&'a str),
    /// UTC microseconds since the epoch.
    Time(i64),
    /// A decimal with [`DEC_SCALE`] places.
    Dec(i128),
    /// A whole number.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A typed value the contract's type cannot hold (out of its range).
    OutOfRange,
    /// A typed value no contract type holds, named (`NaN`, `infinity`).
    Unusable(&'static str),
}

enum ColBuilder {
    Str(StringBuilder),
    Dict(StringDictionaryBuilder<Int32Type>),
    Time(TimestampMicrosecondBuilder),
    Dec(Decimal128Builder),
    Int(Int64Builder),
    Bool(BooleanBuilder),
}

impl ColBuilder {
    fn new(spec: &DatasetSpec, col: &ColumnSpec, text: TextStorage) -> Self {
        match col.ty {
            ColumnType::Str if dictionary_candidate(spec, col, text) => {
                ColBuilder::Dict(StringDictionaryBuilder::new())
            }
            ColumnType::Str => ColBuilder::Str(StringBuilder::new()),
            ColumnType::Ts | ColumnType::Date => {
                ColBuilder::Time(TimestampMicrosecondBuilder::new())
            }
            ColumnType::Dec => ColBuilder::Dec(
                Decimal128Builder::new()
                    .with_precision_and_scale(DEC_PRECISION, DEC_SCALE as i8)
                    .expect("valid decimal type"),
            ),
            ColumnType::Int => ColBuilder::Int(Int64Builder::new()),
            ColumnType::Bool => ColBuilder::Bool(BooleanBuilder::new()),
        }
    }

    fn push(&mut self, v: Parsed<'_>) {
        match (self, v) {
            (ColBuilder::Str(b), Parsed::Str(s)) => b.append_value(s),
            (ColBuilder::Str(b), Parsed::Word(s)) => b.append_value(s),
            (ColBuilder::Dict(b), Parsed::Str(s) | Parsed::Word(s)) => {
                // Keys are Int32 and a batch holds at most BATCH_ROWS values, so the
                // dictionary cannot overflow.
                b.append(s)
                    .expect("a batch's distinct values fit Int32 keys");
            }
            (ColBuilder::Time(b), Parsed::Time(t)) => b.append_value(t),
            (ColBuilder::Dec(b), Parsed::Dec(d)) => b.append_value(d),
            (ColBuilder::Int(b), Parsed::Int(i)) => b.append_value(i),
            (ColBuilder::Bool(b), Parsed::Bool(x)) => b.append_value(x),
            (ColBuilder::Str(b), _) => b.append_null(),
            (ColBuilder::Dict(b), _) => b.append_null(),
            (ColBuilder::Time(b), _) => b.append_null(),
            (ColBuilder::Dec(b), _) => b.append_null(),
            (ColBuilder::Int(b), _) => b.append_null(),
            (ColBuilder::Bool(b), _) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            ColBuilder::Str(b) => Arc::new(b.finish()),
            ColBuilder::Dict(b) => Arc::new(b.finish()),
            ColBuilder::Time(b) => Arc::new(b.finish()),
            ColBuilder::Dec(b) => Arc::new(
                b.finish()
                    .with_precision_and_scale(DEC_PRECISION, DEC_SCALE as i8)
                    .expect("valid decimal type"),
            ),
            ColBuilder::Int(b) => Arc::new(b.finish()),
            ColBuilder::Bool(b) => Arc::new(b.finish()),
        }
    }
}

/// Rows per Arrow batch, of the loaded tables and of the engine's queries.
pub(crate) const BATCH_ROWS: usize = 64 * 1024;

/// Accumulates rows of one dataset into record batches.
pub(crate) struct TableBuilder {
    spec: &'static DatasetSpec,
    schema: SchemaRef,
    builders: Vec<ColBuilder>,
    rows_in_batch: usize,
    batches: Vec<RecordBatch>,
    text: TextStorage,
    /// Per column, the distinct values summed over the batches' dictionaries.
    distinct: Vec<usize>,
    /// Per column, the last dictionary counted in `distinct` (batches read from one
    /// Parquet row group share its dictionary; it is counted once).
    last_dictionary: Vec<(usize, usize, usize)>,
    /// Batches taken whole that are too small to keep alone, to be joined.
    small: Vec<RecordBatch>,
    keys: HashMap<String, u64>,
    key_index: Option<usize>,
    pub(crate) problems: Problems,
    rows: usize,
    /// Of `rows`, those added in batches checked as whole arrays.
    pub(crate) rows_taken_whole: usize,
    /// How the source writes its values.
    dialect: Arc<Dialect>,
    /// False while checking a file that is to be scanned where it lies: batches are checked
    /// and counted, ids remembered, and nothing else kept.
    keep: bool,
    /// Set while checking without keeping when a batch cannot be taken exactly as the file
    /// holds it (it needs the row-by-row path, which keeps what it changes).
    pub(crate) declined: bool,
}

impl TableBuilder {
    pub(crate) fn spec(&self) -> &'static DatasetSpec {
        self.spec
    }

    /// The Arrow type each contract column is built in (text that may repeat as a
    /// dictionary).
    pub(crate) fn loading_types(&self) -> Vec<DataType> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.data_type().clone())
            .collect()
    }

    /// How this builder stores text columns (for the builders of a file's other parts).
    pub(crate) fn text_storage(&self) -> TextStorage {
        self.text
    }

    pub(crate) fn new(spec: &'static DatasetSpec, problems: Problems, text: TextStorage) -> Self {
        TableBuilder {
            spec,
            schema: loading_schema(spec, text),
            builders: spec
                .columns
                .iter()
                .map(|c| ColBuilder::new(spec, c, text))
                .collect(),
            text,
            distinct: vec![0; spec.columns.len()],
            last_dictionary: vec![(0, 0, 0); spec.columns.len()],
            small: Vec::new(),
            rows_in_batch: 0,
            batches: Vec::new(),
            keys: HashMap::new(),
            key_index: spec
                .key
                .and_then(|k| spec.columns.iter().position(|c| c.name == k)),
            problems,
            rows: 0,
            rows_taken_whole: 0,
            dialect: Arc::new(Dialect::default()),
            keep: true,
            declined: false,
        }
    }

    /// Checks and counts rows without keeping them: for a file that the run scans where it
    /// lies once every batch is found to pass as the file holds it.
    pub(crate) fn counting(mut self) -> Self {
        self.keep = false;
        self
    }

    /// Whether rows are kept (false for [`TableBuilder::counting`]).
    pub(crate) fn keeps_rows(&self) -> bool {
        self.keep
    }

    /// Reads text values as `dialect` writes them.
    pub(crate) fn with_dialect(mut self, dialect: Arc<Dialect>) -> Self {
        self.dialect = dialect;
        self
    }

    /// How the source writes its values (for the builders of a file's other parts).
    pub(crate) fn dialect(&self) -> Arc<Dialect> {
        self.dialect.clone()
    }

    /// Adds one row; `cells[i]` is the text of contract column `i` (`None` when the column
    /// is absent or the value is null). `line` is the row's line in the file (or row number).
    pub(crate) fn push_row(&mut self, line: u64, cells: &[Option<&str>]) {
        if !self.keep {
            self.declined = true;
            return;
        }
        let dialect = self.dialect.clone();
        self.push_with(line, |i, col| {
            cells[i]
                .filter(|s| !s.trim().is_empty())
                .map(|text| parse_cell_in(col, text, &dialect))
        });
    }

    /// Adds one row of cells that may already be typed (Parquet columns whose type holds the
    /// contract's values exactly); typed values get the same checks as parsed text.
    pub(crate) fn push_cells(&mut self, line: u64, cells: &[Cell<'_>]) {
        if !self.keep {
            self.declined = true;
            return;
        }
        let dialect = self.dialect.clone();
        self.push_with(line, |i, col| match cells[i] {
            Cell::Null => None,
            Cell::Text(text) => {
                (!text.trim().is_empty()).then(|| parse_cell_in(col, text, &dialect))
            }
            Cell::Time(t) if col.ty == ColumnType::Date && t.rem_euclid(DAY_MICROS) != 0 => {
                Some(Err(format!(
                    "expected {}, found `{}`",
                    col.ty.expected(),
                    fmt_ts(t)
                )))
            }
            Cell::Time(t) => Some(check_time(col, t, || fmt_ts(t))),
            Cell::Bool(b) => Some(Ok(Parsed::Bool(b))),
            Cell::Int(v) => Some(check_number(col, Parsed::Int(v), || v.to_string())),
            Cell::Dec(v) => Some(check_number(col, Parsed::Dec(v), || fmt_dec(v))),
            Cell::OutOfRange => Some(Err(format!(
                "expected {}, found a value out of its range",
                col.ty.expected()
            ))),
            Cell::Unusable(what) => {
                Some(Err(format!("expected {}, found {what}", col.ty.expected())))
            }
        });
    }

    /// Adds one row; `cell(i, column)` is contract column `i`'s value, `None` when it is
    /// empty (the column's default then applies).
    fn push_with<'a>(
        &mut self,
        line: u64,
        cell: impl Fn(usize, &ColumnSpec) -> Option<Result<Parsed<'a>, String>>,
    ) {
        let cols = self.spec.columns;
        let mut inline = [Parsed::Null; 32];
        let mut spilled;
        let parsed: &mut [Parsed<'_>] = if cols.len() <= inline.len() {
            &mut inline[..cols.len()]
        } else {
            spilled = vec![Parsed::Null; cols.len()];
            &mut spilled
        };
        let mut ok = true;
        for (i, col) in cols.iter().enumerate() {
            let value = match cell(i, col) {
                Some(value) => value,
                None => Ok(default_for(col, parsed, cols)),
            };
            match value {
                Ok(Parsed::Null) if !col.optional => {
                    ok = false;
                    self.problems.push(Problem::at(
                        line,
                        col.name,
                        format!("expected {}, found an empty value", col.ty.expected()),
                    ));
                }
                Ok(v) => parsed[i] = v,
                Err(message) => {
                    ok = false;
                    self.problems.push(Problem::at(line, col.name, message));
                }
            }
        }
        if ok {
            for check in self.spec.row_checks {
                if let Some((column, message)) = row_check(check, cols, parsed) {
                    self.problems.push(Problem::at(line, column, message));
                    ok = false;
                }
            }
        }
        // Ids are checked even when another cell of the row is bad, so that one pass of
        // `vitals check` lists every problem.
        if let Some(k) = self.key_index
            && let Parsed::Str(key) = parsed[k]
        {
            if let Some(first) = self.keys.get(key) {
                self.problems.push(Problem::at(
                    line,
                    cols[k].name,
                    format!(
                        "duplicate id `{key}` (first seen on line {first}); ids must be unique"
                    ),
                ));
                ok = false;
            } else {
                self.keys.insert(key.to_string(), line);
            }
        }
        if !ok || !self.problems.is_empty() {
            return;
        }
        for (b, v) in self.builders.iter_mut().zip(parsed.iter()) {
            b.push(*v);
        }
        self.rows += 1;
        self.rows_in_batch += 1;
        if self.rows_in_batch == BATCH_ROWS {
            self.flush();
        }
    }

    /// Adds a batch whose columns were checked as whole arrays (`columns`, in contract order,
    /// text plain or dictionary-encoded), its first row on line `first_line`. Ids are
    /// checked here. Returns false, having added nothing, when the rows must be pushed one
    /// by one instead: a problem was found earlier, or an id repeats.
    pub(crate) fn push_checked(&mut self, first_line: u64, columns: Vec<ArrayRef>) -> bool {
        if !self.problems.is_empty() {
            return false;
        }
        let n = columns.first().map_or(0, |a| a.len());
        if !self.keep {
            // Only the ids are looked at: as plain text, whatever the file stores them as.
            if let Some(k) = self.key_index {
                let Ok(keys) = cast(&columns[k], &DataType::Utf8) else {
                    return false;
                };
                let Some(keys) = keys.as_string_opt::<i32>() else {
                    return false;
                };
                if !self.remember_keys(keys, first_line) {
                    return false;
                }
            }
            self.rows += n;
            self.rows_taken_whole += n;
            return true;
        }
        let mut arrays = Vec::with_capacity(columns.len());
        for (array, field) in columns.into_iter().zip(self.schema.fields()) {
            if array.data_type() == field.data_type() {
                arrays.push(array);
            } else {
                match cast(&array, field.data_type()) {
                    Ok(a) => arrays.push(a),
                    Err(_) => return false,
                }
            }
        }
        let Ok(batch) = RecordBatch::try_new(self.schema.clone(), arrays) else {
            return false;
        };
        if let Some(k) = self.key_index {
            let Some(keys) = batch.column(k).as_string_opt::<i32>() else {
                return false;
            };
            if !self.remember_keys(keys, first_line) {
                return false;
            }
        }
        // Rows pushed one by one before this batch come before it.
        if self.rows_in_batch > 0 {
            self.flush();
        }
        self.rows += n;
        self.rows_taken_whole += n;
        if n >= BATCH_ROWS / 2 {
            self.emit_small();
            self.emit(batch);
        } else {
            self.small.push(batch);
            if self.small.iter().map(RecordBatch::num_rows).sum::<usize>() >= BATCH_ROWS / 2 {
                self.emit_small();
            }
        }
        true
    }

    /// Remembers the ids of a batch whose first row is on line `first_line`; false, having
    /// remembered none of them, when one was seen before (the rows are then read one by one,
    /// which names the repeat).
    fn remember_keys(&mut self, keys: &StringArray, first_line: u64) -> bool {
        for r in 0..keys.len() {
            if keys.is_null(r) {
                continue;
            }
            let key = keys.value(r);
            if self.keys.contains_key(key) {
                for earlier in 0..r {
                    if keys.is_valid(earlier) {
                        self.keys.remove(keys.value(earlier));
                    }
                }
                return false;
            }
            self.keys.insert(key.to_string(), first_line + r as u64);
        }
        true
    }

    /// Joins the small batches taken whole into one.
    fn emit_small(&mut self) {
        let small = std::mem::take(&mut self.small);
        match small.len() {
            0 => {}
            1 => small.into_iter().for_each(|b| self.emit(b)),
            _ => match datafusion::arrow::compute::concat_batches(&self.schema, &small) {
                Ok(joined) => self.emit(joined),
                Err(_) => small.into_iter().for_each(|b| self.emit(b)),
            },
        }
    }

    /// Keeps a finished batch, counting its dictionaries' values.
    fn emit(&mut self, batch: RecordBatch) {
        for (i, a) in batch.columns().iter().enumerate() {
            if let Some(dict) = a.as_any_dictionary_opt() {
                let values = dict.values();
                // The values' buffers, which batches of one row group share.
                let data = values.to_data();
                let id = (
                    data.buffers().first().map_or(0, |b| b.as_ptr() as usize),
                    data.offset(),
                    data.len(),
                );
                if id != self.last_dictionary[i] {
                    self.distinct[i] += values.len();
                    self.last_dictionary[i] = id;
                }
            }
        }
        self.batches.push(batch);
    }

    fn flush(&mut self) {
        self.emit_small();
        if self.rows_in_batch == 0 {
            return;
        }
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(ColBuilder::finish).collect();
        let batch =
            RecordBatch::try_new(self.schema.clone(), arrays).expect("builders follow the schema");
        self.emit(batch);
        self.rows_in_batch = 0;
    }

    /// Joins builders that read consecutive parts of one file (`self` the first): their
    /// batches, their problems in line order, and ids repeated across parts.
    pub(crate) fn merge(mut self, others: Vec<TableBuilder>) -> TableBuilder {
        self.flush();
        let mut problems = vec![std::mem::replace(&mut self.problems, Problems::new(1))];
        for mut other in others {
            other.flush();
            self.batches.append(&mut other.batches);
            self.rows += other.rows;
            self.rows_taken_whole += other.rows_taken_whole;
            self.declined |= other.declined;
            for (d, o) in self.distinct.iter_mut().zip(&other.distinct) {
                *d += o;
            }
            let mut part = other.problems;
            if let Some(k) = self.key_index {
                self.keys.reserve(other.keys.len());
                let name = self.spec.columns[k].name;
                let mut repeated: Vec<(u64, String, u64)> = Vec::new();
                for (key, line) in other.keys {
                    match self.keys.get_mut(&key) {
                        Some(first) => {
                            let (first_line, later) = ((*first).min(line), (*first).max(line));
                            *first = first_line;
                            repeated.push((later, key, first_line));
                        }
                        None => {
                            self.keys.insert(key, line);
                        }
                    }
                }
                repeated.sort();
                for (line, key, first) in repeated {
                    part.push(Problem::at(
                        line,
                        name,
                        format!(
                            "duplicate id `{key}` (first seen on line {first}); ids must be unique"
                        ),
                    ));
                }
            }
            problems.push(part);
        }
        self.problems = Problems::merge(problems);
        self
    }

    /// The rows counted by a [`TableBuilder::counting`] builder, or the problems found.
    pub(crate) fn count(self) -> Result<usize, Problems> {
        if self.problems.is_empty() {
            Ok(self.rows)
        } else {
            Err(self.problems)
        }
    }

    /// The batches, or the problems found.
    pub(crate) fn finish(mut self) -> Result<(SchemaRef, Vec<RecordBatch>, usize), Problems> {
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        self.flush();
        let plain: Vec<usize> = (0..self.spec.columns.len())
            .filter(|&i| {
                self.text == TextStorage::Auto
                    && matches!(self.builders[i], ColBuilder::Dict(_))
                    && self.distinct[i] * KEEP_DICTIONARY > self.rows
            })
            .collect();
        if plain.is_empty() {
            return Ok((self.schema, self.batches, self.rows));
        }
        let mut fields: Vec<Field> = self.schema.fields().iter().map(|f| (**f).clone()).collect();
        for &i in &plain {
            fields[i] = Field::new(self.spec.columns[i].name, DataType::Utf8, true);
        }
        let schema = Arc::new(Schema::new(fields));
        let batches = self
            .batches
            .into_iter()
            .map(|batch| {
                let mut columns = batch.columns().to_vec();
                for &i in &plain {
                    columns[i] = cast(&columns[i], &DataType::Utf8)
                        .expect("a dictionary of text casts to text");
                }
                RecordBatch::try_new(schema.clone(), columns).expect("columns follow the schema")
            })
            .collect();
        Ok((schema, batches, self.rows))
    }
}

/// The schema batches are built with: [`schema`], with the text columns that may repeat as
/// dictionaries; [`TableBuilder::finish`] stores a column plain when its values do not repeat.
fn loading_schema(spec: &DatasetSpec, text: TextStorage) -> SchemaRef {
    let fields: Vec<Field> = spec
        .columns
        .iter()
        .map(|c| {
            let ty = if dictionary_candidate(spec, c, text) {
                dictionary_type()
            } else {
                arrow_type(c.ty)
            };
            Field::new(c.name, ty, true)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orders() -> &'static DatasetSpec {
        vitals_core::contract()
            .iter()
            .find(|d| d.id == "orders")
            .expect("orders in the contract")
    }

    /// 400 orders from 4 customers, each with its own campaign name.
    fn load(text: TextStorage) -> (SchemaRef, Vec<RecordBatch>) {
        let mut b = TableBuilder::new(orders(), Problems::new(5), text);
        for i in 0..400u64 {
            let (id, customer, campaign) =
                (format!("o{i}"), format!("c{}", i % 4), format!("k{i}"));
            let cells = [
                Some(id.as_str()),
                Some(customer.as_str()),
                Some("2026-01-05"),
                Some("10"),
                None,
                None,
                None,
                None,
                None,
                None,
                Some(campaign.as_str()),
            ];
            b.push_row(i + 2, &cells);
        }
        let (schema, batches, rows) = b.finish().expect("valid rows");
        assert_eq!(rows, 400);
        (schema, batches)
    }

    fn type_of<'a>(schema: &'a SchemaRef, name: &str) -> &'a DataType {
        schema.field_with_name(name).expect("column").data_type()
    }

    #[test]
    fn repeated_text_is_a_dictionary_and_ids_and_distinct_text_stay_plain() {
        let (schema, batches) = load(TextStorage::Auto);
        assert_eq!(type_of(&schema, "customer_id"), &dictionary_type());
        assert_eq!(type_of(&schema, "order_id"), &DataType::Utf8);
        assert_eq!(type_of(&schema, "campaign"), &DataType::Utf8);
        // An empty optional column has no distinct values: a dictionary costs only its keys.
        assert_eq!(type_of(&schema, "product_id"), &dictionary_type());
        let customers = batches[0].column_by_name("customer_id").expect("column");
        let dict = customers.as_any_dictionary();
        assert_eq!(dict.values().len(), 4, "each customer stored once");
        let text = cast(customers, &DataType::Utf8).expect("casts");
        assert_eq!(text.as_string::<i32>().value(5), "c1");
        assert_eq!(batches[0].schema(), schema);
    }

    #[test]
    fn fixed_storage_is_followed() {
        let (schema, _) = load(TextStorage::Plain);
        assert!(
            schema
                .fields()
                .iter()
                .all(|f| !matches!(f.data_type(), DataType::Dictionary(..)))
        );
        assert_eq!(type_of(&schema, "customer_id"), &DataType::Utf8);
        let (schema, _) = load(TextStorage::Dictionary);
        assert_eq!(type_of(&schema, "campaign"), &dictionary_type());
        assert_eq!(type_of(&schema, "order_id"), &DataType::Utf8);
    }

    #[test]
    fn decimals_are_spelled_plainly_in_messages() {
        assert_eq!(fmt_dec(-5_000_000_000), "-0.5");
        assert_eq!(fmt_dec(-15_000_000_000), "-1.5");
        assert_eq!(fmt_dec(120_000_000_000), "12");
        assert_eq!(fmt_dec(1), "0.0000000001");
    }
}
