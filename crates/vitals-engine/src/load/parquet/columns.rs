//! Typed Parquet columns: each contract column read straight from its Arrow values when the
//! file's type holds them exactly, else through its text, as [`Cell`]s for the table builder.

use crate::load::builder::Cell;
use crate::load::cell::{DAY_MICROS, DEC_SCALE};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Date32Array, Decimal128Array, Int64Array, StringArray,
};
use datafusion::arrow::compute::{CastOptions, cast_with_options};
use datafusion::arrow::datatypes::{DataType, Date32Type, Decimal128Type, Int64Type, TimeUnit};
use vitals_core::ColumnType;

/// How one contract column is read from a Parquet batch: straight from its values when the
/// file's type holds the contract's values exactly (timestamps and dates, whole numbers,
/// decimals with at most 10 places, booleans), else through its text, with the checks a CSV
/// cell gets in both cases.
pub(super) enum Column {
    /// Not in the file.
    Absent,
    /// Read as text and parsed.
    Text(StringArray),
    /// Time values in the column's unit, brought to microseconds by [`TimeStep`].
    Time(Int64Array, TimeStep),
    /// Days since the epoch.
    Days(Date32Array),
    /// Whole numbers.
    Int(Int64Array),
    /// Whole numbers in a `dec` column.
    IntAsDec(Int64Array),
    /// Decimals, multiplied by `factor` to get 10 places.
    Dec(Decimal128Array, i128),
    /// Booleans.
    Bool(BooleanArray),
}

/// From a time column's unit to microseconds.
#[derive(Clone, Copy)]
pub(super) enum TimeStep {
    /// Seconds, milliseconds or microseconds: multiply by this.
    Times(i64),
    /// Nanoseconds: divide by 1000, rounding down as the text path does.
    Nanos,
}

/// The largest `dec` magnitude text can spell (27 whole digits, 10 places), kept the same for
/// typed decimals.
const DEC_LIMIT: i128 = 10i128.pow(37);

/// Whether a file column of type `t` holds whole numbers that an `int` or `dec` column takes
/// exactly (every signed width, and unsigned ones that fit in 64 signed bits).
pub(super) fn holds_whole_numbers(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
    )
}

impl Column {
    pub(super) fn new(
        ty: ColumnType,
        array: &ArrayRef,
        options: &CastOptions<'_>,
    ) -> Result<Column, String> {
        let ints = |a: &ArrayRef| -> Result<Int64Array, String> {
            let cast =
                cast_with_options(a, &DataType::Int64, options).map_err(|e| e.to_string())?;
            Ok(cast.as_primitive::<Int64Type>().clone())
        };
        Ok(match (ty, array.data_type()) {
            (ColumnType::Ts | ColumnType::Date, DataType::Timestamp(unit, _)) => {
                let step = match unit {
                    TimeUnit::Second => TimeStep::Times(1_000_000),
                    TimeUnit::Millisecond => TimeStep::Times(1_000),
                    TimeUnit::Microsecond => TimeStep::Times(1),
                    TimeUnit::Nanosecond => TimeStep::Nanos,
                };
                Column::Time(ints(array)?, step)
            }
            (ColumnType::Ts | ColumnType::Date, DataType::Date32) => {
                Column::Days(array.as_primitive::<Date32Type>().clone())
            }
            (ColumnType::Int, t) if holds_whole_numbers(t) => Column::Int(ints(array)?),
            (ColumnType::Dec, t) if holds_whole_numbers(t) => Column::IntAsDec(ints(array)?),
            (ColumnType::Dec, DataType::Decimal128(_, scale))
                if (0..=DEC_SCALE as i8).contains(scale) =>
            {
                let factor = 10i128.pow(DEC_SCALE - u32::from(scale.unsigned_abs()));
                Column::Dec(array.as_primitive::<Decimal128Type>().clone(), factor)
            }
            (ColumnType::Bool, DataType::Boolean) => Column::Bool(array.as_boolean().clone()),
            _ => {
                let text = cast_with_options(array, &DataType::Utf8, options)
                    .map_err(|e| format!("cannot read it as text: {e}"))?;
                Column::Text(text.as_string::<i32>().clone())
            }
        })
    }

    pub(super) fn cell(&self, r: usize) -> Cell<'_> {
        let valid = |a: &dyn Array| a.is_valid(r);
        match self {
            Column::Absent => Cell::Null,
            Column::Text(a) if valid(a) => Cell::Text(a.value(r)),
            Column::Time(a, step) if valid(a) => match step {
                TimeStep::Times(k) => a
                    .value(r)
                    .checked_mul(*k)
                    .map_or(Cell::OutOfRange, Cell::Time),
                TimeStep::Nanos => Cell::Time(a.value(r).div_euclid(1_000)),
            },
            Column::Days(a) if valid(a) => Cell::Time(i64::from(a.value(r)) * DAY_MICROS),
            Column::Int(a) if valid(a) => Cell::Int(a.value(r)),
            Column::IntAsDec(a) if valid(a) => {
                Cell::Dec(i128::from(a.value(r)) * 10i128.pow(DEC_SCALE))
            }
            Column::Dec(a, factor) if valid(a) => match a.value(r).checked_mul(*factor) {
                Some(v) if v.abs() < DEC_LIMIT => Cell::Dec(v),
                _ => Cell::OutOfRange,
            },
            Column::Bool(a) if valid(a) => Cell::Bool(a.value(r)),
            _ => Cell::Null,
        }
    }
}

pub(super) fn text_convertible(ty: &DataType) -> bool {
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
