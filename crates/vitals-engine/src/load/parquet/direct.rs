//! Typed Parquet batches taken whole. When every contract column of a file is stored in a
//! type that holds the contract's values exactly (text, timestamps and dates, whole numbers,
//! decimals with at most 10 places, booleans), each batch is checked with whole-array
//! operations and its arrays are kept as the reader gives them, instead of being copied cell
//! by cell. The checks are the ones a text cell gets: required values present, blank text
//! read as empty, allowed words, non-negative numbers and ranges, times inside the range the
//! engine computes with, dates at midnight, the rules across columns of a row.
//!
//! Taking a batch whole is only a shortcut: a batch that fails any check, or that needs
//! something only the row-by-row path does (a default per row, a word spelt in another case
//! in plain text), is declined, and the caller reads it row by row, which names every
//! problem exactly as it does for text files.

use super::columns::holds_whole_numbers;
use crate::load::cell::{DAY_MICROS, DEC_SCALE};
use crate::load::validate::{Parsed, parse_cell, time_in_range};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Decimal128Array, DictionaryArray, Int32Array,
    Int64Array, StringArray, TimestampMicrosecondArray, UInt32Array, new_null_array,
};
use datafusion::arrow::compute::{cast, nullif, take as take_values};
use datafusion::arrow::datatypes::{
    DataType, Date32Type, Decimal128Type, Int32Type, Int64Type, Schema, TimeUnit,
    TimestampMicrosecondType,
};
use datafusion::arrow::record_batch::RecordBatch;
use std::sync::Arc;
use vitals_core::{Check, ColumnSpec, ColumnType, DatasetSpec, Default, RowCheck};

/// The largest `dec` magnitude text can spell (27 whole digits, 10 places).
const DEC_LIMIT: i128 = 10i128.pow(37);

/// How each contract column of a file is taken from its batches.
pub(super) struct Plan {
    columns: Vec<Take>,
    /// Batches are taken only when every value stays as the file holds it (no blank text
    /// made null, no word brought to the contract's spelling): the file is then scanned
    /// where it lies instead of copied.
    as_is: bool,
}

/// Where one contract column comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Take {
    /// Not in the file: its default.
    Absent,
    /// Text, plain or dictionary-encoded, at this position of the batch.
    Text(usize),
    /// Timestamps in this unit (any time zone: the values are UTC instants).
    Time(usize, TimeUnit),
    /// Days since the epoch.
    Days(usize),
    /// Whole numbers of an integer type that `Int64` holds.
    Whole(usize),
    /// Decimals with this many places (at most 10).
    Dec(usize, u32),
    /// Booleans.
    Bool(usize),
}

/// The plan for a file whose columns (by contract column, `positions`, in `schema`) all hold
/// the contract's values exactly; `None` when some column must be read through its text.
pub(super) fn plan(
    spec: &DatasetSpec,
    schema: &Schema,
    positions: &[Option<usize>],
) -> Option<Plan> {
    let mut columns = Vec::with_capacity(spec.columns.len());
    for (col, pos) in spec.columns.iter().zip(positions) {
        let Some(p) = *pos else {
            columns.push(Take::Absent);
            continue;
        };
        let ty = schema.field(p).data_type();
        columns.push(match (col.ty, ty) {
            (ColumnType::Str, DataType::Utf8) => Take::Text(p),
            (ColumnType::Str, DataType::Dictionary(k, v))
                if k.is_dictionary_key_type() && **v == DataType::Utf8 =>
            {
                Take::Text(p)
            }
            (ColumnType::Ts | ColumnType::Date, DataType::Timestamp(unit, _)) => {
                Take::Time(p, *unit)
            }
            (ColumnType::Ts | ColumnType::Date, DataType::Date32) => Take::Days(p),
            (ColumnType::Int | ColumnType::Dec, t) if holds_whole_numbers(t) => Take::Whole(p),
            (ColumnType::Dec, DataType::Decimal128(_, scale))
                if (0..=DEC_SCALE as i8).contains(scale) =>
            {
                Take::Dec(p, u32::from(scale.unsigned_abs()))
            }
            (ColumnType::Bool, DataType::Boolean) => Take::Bool(p),
            _ => return None,
        });
    }
    Some(Plan {
        columns,
        as_is: false,
    })
}

/// The plan for a file that can be scanned where it lies once its batches pass: every
/// contract column is stored in exactly the type the engine computes with (text plain or as
/// a dictionary with 32-bit keys, timestamps in microseconds without a time zone, decimals
/// of precision 38 with 10 places, 64-bit whole numbers, booleans), and every absent column
/// is optional with no default. `None` for any other file.
pub(super) fn plan_as_is(
    spec: &DatasetSpec,
    schema: &Schema,
    positions: &[Option<usize>],
) -> Option<Plan> {
    let exact = |col: &ColumnSpec, ty: &DataType| match (col.ty, ty) {
        (ColumnType::Str, DataType::Dictionary(k, v)) => {
            **k == DataType::Int32 && **v == DataType::Utf8
        }
        (_, ty) => *ty == crate::load::builder::arrow_type(col.ty),
    };
    let fits = spec
        .columns
        .iter()
        .zip(positions)
        .all(|(col, pos)| match *pos {
            Some(p) => exact(col, schema.field(p).data_type()),
            None => col.optional && col.default == Default::Null,
        });
    if !fits {
        return None;
    }
    let plan = plan(spec, schema, positions)?;
    Some(Plan {
        as_is: true,
        ..plan
    })
}

/// The contract's columns of `batch`, checked, in contract order (text as the file holds it,
/// plain or dictionary-encoded); `None` when the batch must be read row by row.
pub(super) fn take(plan: &Plan, spec: &DatasetSpec, batch: &RecordBatch) -> Option<Vec<ArrayRef>> {
    let n = batch.num_rows();
    let mut out: Vec<ArrayRef> = Vec::with_capacity(plan.columns.len());
    for (i, (col, take)) in spec.columns.iter().zip(&plan.columns).enumerate() {
        let array = match *take {
            Take::Absent => match col.default {
                Default::Null => new_null_array(&crate::load::builder::arrow_type(col.ty), n),
                Default::Value(text) => constant(col, parse_cell(col, text).ok()?, n)?,
                // The row-by-row path reads the other column's value of the same row, which it
                // has only when that column comes first.
                Default::Column(other) => {
                    let j = spec.columns.iter().position(|c| c.name == other)?;
                    if j >= i || spec.columns[j].ty != col.ty {
                        return None;
                    }
                    out[j].clone()
                }
            },
            Take::Text(p) => text(col, batch.column(p), plan.as_is)?,
            Take::Time(p, unit) => time(col, batch.column(p), unit)?,
            Take::Days(p) => days(col, batch.column(p))?,
            Take::Whole(p) => whole(col, batch.column(p))?,
            Take::Dec(p, scale) => decimal(col, batch.column(p), scale)?,
            Take::Bool(p) => Arc::new(batch.column(p).as_boolean_opt()?.clone()),
        };
        // A null stays null only in an optional column without a default (or one whose
        // default is itself null); anything else is a problem or a default per row.
        if array.null_count() > 0
            && (!col.optional || (*take != Take::Absent && col.default != Default::Null))
        {
            return None;
        }
        out.push(array);
    }
    rows_pass(spec, &out).then_some(out)
}

/// Text: blank values (empty or spaces) become null in an optional column and decline the
/// batch in a required one; a column of allowed words must hold them (a dictionary's values
/// are brought to the contract's lower-case spelling, plain text must already have it).
/// `as_is`: any value that would change declines the batch, and the array is returned as it
/// is.
fn text(col: &ColumnSpec, array: &ArrayRef, as_is: bool) -> Option<ArrayRef> {
    let words = match col.check {
        Some(Check::Words(words)) => Some(words),
        _ => None,
    };
    let blank_ok = col.optional && col.default == Default::Null;
    // What a value becomes: None declines the batch.
    let verdict = |s: &str| -> Option<Verdict> {
        if s.trim().is_empty() {
            return blank_ok.then_some(Verdict::Blank);
        }
        let Some(words) = words else {
            return Some(Verdict::Keep);
        };
        if words.contains(&s) {
            return Some(Verdict::Keep);
        }
        let lower = s.trim().to_ascii_lowercase();
        words
            .iter()
            .find(|w| **w == lower)
            .map(|w| Verdict::Word(w))
    };
    match array.data_type() {
        DataType::Utf8 => {
            let strings = array.as_string::<i32>();
            let mut blank: Option<Vec<bool>> = None;
            for (r, s) in strings.iter().enumerate() {
                let Some(s) = s else { continue };
                match verdict(s)? {
                    Verdict::Keep => {}
                    Verdict::Blank if as_is => return None,
                    Verdict::Blank => {
                        blank.get_or_insert_with(|| vec![false; strings.len()])[r] = true
                    }
                    Verdict::Word(_) => return None,
                }
            }
            match blank {
                None => Some(array.clone()),
                Some(mask) => nullif(array, &BooleanArray::from(mask)).ok(),
            }
        }
        DataType::Dictionary(..) => {
            let dict: ArrayRef = if matches!(array.data_type(), DataType::Dictionary(k, _) if **k == DataType::Int32)
            {
                array.clone()
            } else {
                cast(
                    array,
                    &DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
                )
                .ok()?
            };
            let dict = dict.as_dictionary::<Int32Type>();
            let values = dict.values().as_string_opt::<i32>()?;
            // Judged per distinct value; a value no row refers to is left as it is.
            let verdicts: Vec<Option<Verdict>> = values
                .iter()
                .map(|v| v.map_or(blank_ok.then_some(Verdict::Blank), verdict))
                .collect();
            if verdicts.iter().all(|v| *v == Some(Verdict::Keep)) {
                if as_is {
                    return Some(array.clone());
                }
                return compact(dict).map(|d| Arc::new(d) as ArrayRef);
            }
            let keys = dict.keys();
            let mut blank = vec![false; keys.len()];
            let mut any_blank = false;
            for (r, k) in keys.iter().enumerate() {
                let Some(k) = k else { continue };
                match verdicts.get(usize::try_from(k).ok()?)? {
                    None => return None,
                    Some(Verdict::Blank | Verdict::Word(_)) if as_is => return None,
                    Some(Verdict::Blank) => {
                        blank[r] = true;
                        any_blank = true;
                    }
                    Some(_) => {}
                }
            }
            if as_is {
                // Only values no row refers to would change.
                return Some(array.clone());
            }
            let new_values: StringArray = values
                .iter()
                .zip(&verdicts)
                .map(|(v, verdict)| match verdict {
                    Some(Verdict::Word(w)) => Some(*w),
                    _ => v,
                })
                .collect();
            let keys = if any_blank {
                nullif(keys, &BooleanArray::from(blank)).ok()?
            } else {
                Arc::new(keys.clone())
            };
            let keys = keys.as_primitive_opt::<Int32Type>()?.clone();
            let dict = DictionaryArray::<Int32Type>::try_new(keys, Arc::new(new_values)).ok()?;
            compact(&dict).map(|d| Arc::new(d) as ArrayRef)
        }
        _ => None,
    }
}

/// The dictionary with only the values its rows use, in order of first use. A Parquet
/// reader hands every batch of a row group the whole group's dictionary; the engine's
/// grouping and sorting convert a batch's dictionary values on every batch, so a dictionary
/// much larger than its batch (session ids: about 150,000 values for 65,536 rows) would
/// cost many times the batch (grouping 76 million events by user and session took 277 s
/// instead of 7 s), and counting distinct values per batch is what decides whether a column
/// stays a dictionary at all.
fn compact(dict: &DictionaryArray<Int32Type>) -> Option<DictionaryArray<Int32Type>> {
    let values = dict.values();
    let mut slot = vec![u32::MAX; values.len()];
    let mut used: Vec<u32> = Vec::new();
    let keys = dict.keys();
    let mut new_keys: Vec<i32> = Vec::with_capacity(keys.len());
    for (r, &k) in keys.values().iter().enumerate() {
        if keys.is_null(r) {
            new_keys.push(0);
            continue;
        }
        let k = usize::try_from(k).ok()?;
        let s = slot.get_mut(k)?;
        if *s == u32::MAX {
            *s = u32::try_from(used.len()).ok()?;
            used.push(u32::try_from(k).ok()?);
        }
        new_keys.push(i32::try_from(*s).ok()?);
    }
    if used.len() == values.len() {
        return Some(dict.clone());
    }
    let values = take_values(values.as_ref(), &UInt32Array::from(used), None).ok()?;
    let keys = Int32Array::new(new_keys.into(), keys.nulls().cloned());
    DictionaryArray::try_new(keys, values).ok()
}

/// What a text value becomes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Verdict {
    /// As it is.
    Keep,
    /// Empty: null.
    Blank,
    /// The contract's spelling of an allowed word.
    Word(&'static str),
}

/// Timestamps brought to UTC microseconds (nanoseconds round down, as their text does).
fn time(col: &ColumnSpec, array: &ArrayRef, unit: TimeUnit) -> Option<ArrayRef> {
    let raw = cast(array, &DataType::Int64).ok()?;
    let raw = raw.as_primitive::<Int64Type>();
    let micros: Int64Array = match unit {
        TimeUnit::Second => raw.try_unary(|v| v.checked_mul(1_000_000).ok_or(())).ok()?,
        TimeUnit::Millisecond => raw.try_unary(|v| v.checked_mul(1_000).ok_or(())).ok()?,
        TimeUnit::Microsecond => raw.clone(),
        TimeUnit::Nanosecond => raw.unary(|v| v.div_euclid(1_000)),
    };
    instants(col, micros)
}

/// Dates as midnights in microseconds.
fn days(col: &ColumnSpec, array: &ArrayRef) -> Option<ArrayRef> {
    let days = array.as_primitive_opt::<Date32Type>()?;
    let micros: Int64Array = days
        .try_unary(|d| i64::from(d).checked_mul(DAY_MICROS).ok_or(()))
        .ok()?;
    instants(col, micros)
}

/// Instants inside the range the engine computes with, midnights in a date column.
fn instants(col: &ColumnSpec, micros: Int64Array) -> Option<ArrayRef> {
    let date = col.ty == ColumnType::Date;
    let fine = micros
        .iter()
        .flatten()
        .all(|t| time_in_range(t) && (!date || t.rem_euclid(DAY_MICROS) == 0));
    fine.then(|| Arc::new(micros.reinterpret_cast::<TimestampMicrosecondType>()) as ArrayRef)
}

/// Whole numbers, as `Int64` in an `int` column or with 10 places in a `dec` column.
fn whole(col: &ColumnSpec, array: &ArrayRef) -> Option<ArrayRef> {
    let ints = cast(array, &DataType::Int64).ok()?;
    let ints = ints.as_primitive::<Int64Type>();
    let scale = 10i128.pow(DEC_SCALE);
    if !ints
        .iter()
        .flatten()
        .all(|v| number_fine(col, i128::from(v) * scale))
    {
        return None;
    }
    Some(match col.ty {
        ColumnType::Dec => Arc::new(dec_array(ints.unary(|v| i128::from(v) * scale))?),
        _ => Arc::new(ints.clone()),
    })
}

/// Decimals with `scale` places brought to 10.
fn decimal(col: &ColumnSpec, array: &ArrayRef, scale: u32) -> Option<ArrayRef> {
    let factor = 10i128.pow(DEC_SCALE - scale);
    let values = array.as_primitive_opt::<Decimal128Type>()?;
    let scaled: Decimal128Array = values
        .try_unary(|v| {
            v.checked_mul(factor)
                .filter(|v| v.abs() < DEC_LIMIT)
                .ok_or(())
        })
        .ok()?;
    if !scaled.iter().flatten().all(|v| number_fine(col, v)) {
        return None;
    }
    Some(Arc::new(dec_array(scaled)?))
}

fn dec_array(values: Decimal128Array) -> Option<Decimal128Array> {
    values
        .with_precision_and_scale(crate::load::builder::DEC_PRECISION, DEC_SCALE as i8)
        .ok()
}

/// A number (with 10 places) that a text cell of `col` may hold: non-negative, inside the
/// column's range if it has one.
fn number_fine(col: &ColumnSpec, v: i128) -> bool {
    let scale = 10i128.pow(DEC_SCALE);
    v >= 0
        && match col.check {
            Some(Check::Range(min, max)) => {
                v >= i128::from(min) * scale && v <= i128::from(max) * scale
            }
            _ => true,
        }
}

/// `n` copies of a column's default.
fn constant(col: &ColumnSpec, value: Parsed<'_>, n: usize) -> Option<ArrayRef> {
    Some(match value {
        Parsed::Null => new_null_array(&crate::load::builder::arrow_type(col.ty), n),
        Parsed::Str(s) => Arc::new(StringArray::from(vec![s; n])),
        Parsed::Word(s) => Arc::new(StringArray::from(vec![s; n])),
        Parsed::Time(t) => Arc::new(TimestampMicrosecondArray::from_value(t, n)),
        Parsed::Dec(v) => Arc::new(dec_array(Decimal128Array::from_value(v, n))?),
        Parsed::Int(v) => Arc::new(Int64Array::from_value(v, n)),
        Parsed::Bool(b) => Arc::new(BooleanArray::from(vec![b; n])),
    })
}

/// Whether every row passes the dataset's rules across columns.
fn rows_pass(spec: &DatasetSpec, out: &[ArrayRef]) -> bool {
    let index = |name: &str| spec.columns.iter().position(|c| c.name == name);
    let n = out.first().map_or(0, |a| a.len());
    spec.row_checks.iter().all(|check| match *check {
        RowCheck::NotBefore { later, earlier } => {
            let (Some(l), Some(e)) = (index(later), index(earlier)) else {
                return true;
            };
            let (Some(l), Some(e)) = (
                out[l].as_primitive_opt::<TimestampMicrosecondType>(),
                out[e].as_primitive_opt::<TimestampMicrosecondType>(),
            ) else {
                return false;
            };
            l.iter()
                .zip(e.iter())
                .all(|pair| !matches!(pair, (Some(l), Some(e)) if l < e))
        }
        RowCheck::AtMost { column, limit } => {
            let (Some(c), Some(l)) = (index(column), index(limit)) else {
                return true;
            };
            (0..n).all(|r| match (number_at(&out[c], r), number_at(&out[l], r)) {
                (Ok(Some(c)), Ok(Some(l))) => c <= l,
                (Ok(_), Ok(_)) => true,
                _ => false,
            })
        }
        RowCheck::OnScale {
            kind,
            value,
            scales,
        } => {
            let (Some(k), Some(v)) = (index(kind), index(value)) else {
                return true;
            };
            let Some(scores) = out[v].as_primitive_opt::<Int64Type>() else {
                return false;
            };
            (0..n).all(|r| {
                let Ok(word) = text_at(&out[k], r) else {
                    return false;
                };
                let (Some(word), true) = (word, scores.is_valid(r)) else {
                    return true;
                };
                let score = scores.value(r);
                scales
                    .iter()
                    .find(|s| s.word == word)
                    .is_none_or(|s| (s.min..=s.max).contains(&score))
            })
        }
    })
}

/// Row `r` of a number column with 10 places; `Err` for a column of another type.
fn number_at(array: &ArrayRef, r: usize) -> Result<Option<i128>, ()> {
    if array.is_null(r) {
        return Ok(None);
    }
    if let Some(ints) = array.as_primitive_opt::<Int64Type>() {
        return Ok(Some(i128::from(ints.value(r)) * 10i128.pow(DEC_SCALE)));
    }
    if let Some(decs) = array.as_primitive_opt::<Decimal128Type>() {
        return Ok(Some(decs.value(r)));
    }
    Err(())
}

/// Row `r` of a text column, plain or a dictionary with `Int32` keys.
fn text_at(array: &ArrayRef, r: usize) -> Result<Option<&str>, ()> {
    if array.is_null(r) {
        return Ok(None);
    }
    if let Some(s) = array.as_string_opt::<i32>() {
        return Ok(Some(s.value(r)));
    }
    let dict = array.as_dictionary_opt::<Int32Type>().ok_or(())?;
    let values = dict.values().as_string_opt::<i32>().ok_or(())?;
    let k = usize::try_from(dict.keys().value(r)).map_err(|_| ())?;
    Ok(values.is_valid(k).then(|| values.value(k)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compacted_dictionary_keeps_only_the_values_its_rows_use_in_order_of_use() {
        let values = StringArray::from(vec!["a", "b", "c", "d", "e"]);
        let keys = Int32Array::from(vec![Some(3), None, Some(1), Some(3), Some(4)]);
        let dict = DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values)).unwrap();
        let compacted = compact(&dict).unwrap();
        let kept = compacted.values().as_string::<i32>();
        assert_eq!(
            kept.iter().collect::<Vec<_>>(),
            vec![Some("d"), Some("b"), Some("e")]
        );
        assert_eq!(
            compacted.keys().iter().collect::<Vec<_>>(),
            vec![Some(0), None, Some(1), Some(0), Some(2)]
        );
        let as_text = |d: &DictionaryArray<Int32Type>| {
            cast(d, &DataType::Utf8)
                .unwrap()
                .as_string::<i32>()
                .iter()
                .map(|s| s.map(str::to_string))
                .collect::<Vec<_>>()
        };
        assert_eq!(as_text(&compacted), as_text(&dict));
        // A dictionary every value of which is used is kept as it is.
        let full = compact(&compacted).unwrap();
        assert_eq!(full, compacted);
    }
}
