//! Arrow results to core's engine-free [`Table`], decimals converted exactly.

use datafusion::arrow::array::{
    Array, AsArray, BooleanArray, Decimal128Array, Float32Array, Float64Array, Int8Array,
    Int16Array, Int32Array, Int64Array, UInt8Array, UInt16Array, UInt32Array, UInt64Array,
};
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::arrow::record_batch::RecordBatch;
use rust_decimal::Decimal;
use vitals_core::{Table, Value};

/// Converts batches to rows.
pub(crate) fn to_table(columns: Vec<String>, batches: &[RecordBatch]) -> Result<Table, String> {
    let mut rows = Vec::new();
    for batch in batches {
        let n = batch.num_rows();
        let start = rows.len();
        rows.extend((0..n).map(|_| Vec::with_capacity(batch.num_columns())));
        for col in batch.columns() {
            // Text columns loaded as dictionaries (and results computed from them) are
            // read through their values.
            let col = match col.data_type() {
                DataType::Dictionary(_, value) => datafusion::arrow::compute::cast(col, value)
                    .map_err(|e| format!("cannot read a dictionary result column: {e}"))?,
                _ => col.clone(),
            };
            for r in 0..n {
                rows[start + r].push(cell(col.as_ref(), r)?);
            }
        }
    }
    Ok(Table { columns, rows })
}

macro_rules! int_cell {
    ($arr:expr, $t:ty, $r:expr) => {
        Value::Int(
            i64::try_from(
                $arr.as_any()
                    .downcast_ref::<$t>()
                    .expect("type checked")
                    .value($r),
            )
            .map_err(|_| "integer out of range".to_string())?,
        )
    };
}

fn cell(arr: &dyn Array, r: usize) -> Result<Value, String> {
    if arr.is_null(r) {
        return Ok(Value::Null);
    }
    Ok(match arr.data_type() {
        DataType::Null => Value::Null,
        DataType::Int8 => int_cell!(arr, Int8Array, r),
        DataType::Int16 => int_cell!(arr, Int16Array, r),
        DataType::Int32 => int_cell!(arr, Int32Array, r),
        DataType::Int64 => int_cell!(arr, Int64Array, r),
        DataType::UInt8 => int_cell!(arr, UInt8Array, r),
        DataType::UInt16 => int_cell!(arr, UInt16Array, r),
        DataType::UInt32 => int_cell!(arr, UInt32Array, r),
        DataType::UInt64 => int_cell!(arr, UInt64Array, r),
        DataType::Float32 => Value::Float(f64::from(
            arr.as_any()
                .downcast_ref::<Float32Array>()
                .expect("type checked")
                .value(r),
        )),
        DataType::Float64 => Value::Float(
            arr.as_any()
                .downcast_ref::<Float64Array>()
                .expect("type checked")
                .value(r),
        ),
        DataType::Decimal128(_, scale) => {
            let v = arr
                .as_any()
                .downcast_ref::<Decimal128Array>()
                .expect("type checked")
                .value(r);
            Value::Dec(decimal(v, *scale)?)
        }
        DataType::Boolean => Value::Bool(
            arr.as_any()
                .downcast_ref::<BooleanArray>()
                .expect("type checked")
                .value(r),
        ),
        DataType::Utf8 => Value::Str(arr.as_string::<i32>().value(r).to_string()),
        DataType::LargeUtf8 => Value::Str(arr.as_string::<i64>().value(r).to_string()),
        DataType::Utf8View => Value::Str(arr.as_string_view().value(r).to_string()),
        DataType::Timestamp(unit, _) => {
            use datafusion::arrow::datatypes::{
                TimestampMicrosecondType as Us, TimestampMillisecondType as Ms,
                TimestampNanosecondType as Ns, TimestampSecondType as S,
            };
            let micros = match unit {
                TimeUnit::Second => arr.as_primitive::<S>().value(r) * 1_000_000,
                TimeUnit::Millisecond => arr.as_primitive::<Ms>().value(r) * 1_000,
                TimeUnit::Microsecond => arr.as_primitive::<Us>().value(r),
                TimeUnit::Nanosecond => arr.as_primitive::<Ns>().value(r) / 1_000,
            };
            Value::Time(
                chrono::DateTime::from_timestamp_micros(micros)
                    .ok_or("timestamp out of range")?
                    .naive_utc(),
            )
        }
        DataType::Date32 => {
            let days = arr
                .as_primitive::<datafusion::arrow::datatypes::Date32Type>()
                .value(r);
            Value::Time(
                chrono::DateTime::from_timestamp(i64::from(days) * 86_400, 0)
                    .ok_or("date out of range")?
                    .naive_utc(),
            )
        }
        other => return Err(format!("unsupported result column type {other}")),
    })
}

/// An Arrow decimal (`v × 10^-scale`) as a `Decimal`, exactly when it fits in 28 digits,
/// otherwise rounded to as many decimal places as fit.
pub(crate) fn decimal(mut v: i128, mut scale: i8) -> Result<Decimal, String> {
    while scale < 0 {
        v = v.checked_mul(10).ok_or("decimal out of range")?;
        scale += 1;
    }
    loop {
        if scale <= 28
            && let Ok(d) = Decimal::try_from_i128_with_scale(v, scale as u32)
        {
            return Ok(d.normalize());
        }
        if scale == 0 {
            return Err(format!("decimal {v} out of range"));
        }
        let q = v / 10;
        let rem = v % 10;
        v = if rem.abs() >= 5 { q + rem.signum() } else { q };
        scale -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::decimal;
    use rust_decimal::Decimal;

    #[test]
    fn decimals_convert_exactly() {
        assert_eq!(decimal(125_000_000_000, 10).unwrap(), Decimal::new(125, 1));
        assert_eq!(decimal(-5, 0).unwrap(), Decimal::from(-5));
        // 29 digits that fit in 96 bits stay exact.
        let fits = 12_345_678_901_234_567_890_123_456_789i128;
        assert_eq!(
            decimal(fits, 19).unwrap().to_string(),
            "1234567890.1234567890123456789"
        );
        // 30 digits at scale 20 do not: rounded to the places that fit.
        let big = 987_654_321_098_765_432_109_876_543_216i128;
        assert_eq!(
            decimal(big, 20).unwrap().to_string(),
            "9876543210.987654321098765432"
        );
    }
}
