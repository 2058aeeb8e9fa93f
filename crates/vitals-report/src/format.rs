//! Unit-aware formatting of values and unicode sparklines.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use vitals_core::Unit;

/// The significant digits of a value in CSV and JSON: those of a 64-bit float, which is what a
/// spreadsheet or a JSON parser keeps of a number anyway.
pub const EXPORT_DIGITS: u32 = 15;

/// The decimals of money that CSV and JSON always keep, so that any sum of amounts is exact.
pub const MONEY_DECIMALS: u32 = 4;

/// A value as CSV and JSON write it: rounded half away from zero to [`EXPORT_DIGITS`]
/// significant digits, without trailing zeros, but never rounding the whole part of a number
/// or the first [`MONEY_DECIMALS`] decimals of money (`1/6` is `0.166666666666667`; `12.50` is
/// `12.5`; an amount of 12345678901234567.89 stays as it is).
///
/// ```
/// use vitals_core::{Decimal, Unit};
/// use vitals_report::export_text;
/// let third = Decimal::from(50) / Decimal::from(3);
/// assert_eq!(export_text(third, Unit::Score), "16.6666666666667");
/// assert_eq!(export_text(Decimal::new(1250, 2), Unit::Currency), "12.5");
/// assert_eq!(export_text(Decimal::new(-5, 1), Unit::Ratio), "-0.5");
/// ```
pub fn export_text(v: Decimal, unit: Unit) -> String {
    let whole = v.abs().trunc();
    let rounded = if whole.is_zero() {
        v.round_sf_with_strategy(EXPORT_DIGITS, RoundingStrategy::MidpointAwayFromZero)
            .unwrap_or(v)
    } else {
        let digits = whole.to_string().len() as u32;
        let keep = if unit == Unit::Currency {
            MONEY_DECIMALS
        } else {
            0
        };
        let decimals = EXPORT_DIGITS.saturating_sub(digits).max(keep);
        v.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
    };
    rounded.normalize().to_string()
}

/// Formats a value for people: currency with thousands separators and two decimals,
/// percents with one decimal (`5.0 %`), durations as `3h 12m`, and so on.
///
/// ```
/// use vitals_core::{Decimal, Unit};
/// use vitals_report::format_value;
/// assert_eq!(format_value(Decimal::new(123456789, 2), Unit::Currency), "1,234,567.89");
/// assert_eq!(format_value(Decimal::new(5, 2), Unit::Percent), "5.0 %");
/// assert_eq!(format_value(Decimal::from(11520), Unit::DurationSeconds), "3h 12m");
/// ```
pub fn format_value(v: Decimal, unit: Unit) -> String {
    match unit {
        Unit::Currency => grouped(v, 2),
        Unit::Percent => format!("{} %", fixed(v * Decimal::ONE_HUNDRED, 1)),
        Unit::Ratio => fixed(v, 2),
        Unit::Count => {
            if v.fract().is_zero() {
                grouped(v, 0)
            } else {
                grouped(v, 1)
            }
        }
        Unit::Score => fixed(v, 1),
        Unit::DurationSeconds => duration(v),
        Unit::Days => format!("{} d", fixed(v, 1)),
        Unit::PerDay => format!("{}/day", fixed(v, 2)),
        Unit::Level => level(v),
        Unit::Months => format!("{} mo", fixed(v, 1)),
    }
}

/// A level with its name: `3 high` (1 low, 2 medium, 3 high, 4 elite); another value as a
/// whole number.
fn level(v: Decimal) -> String {
    let name = match v.round() {
        d if d == Decimal::ONE => "low",
        d if d == Decimal::TWO => "medium",
        d if d == Decimal::from(3) => "high",
        d if d == Decimal::from(4) => "elite",
        _ => return fixed(v, 0),
    };
    format!("{} {name}", fixed(v, 0))
}

fn round(v: Decimal, dp: u32) -> Decimal {
    v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

fn fixed(v: Decimal, dp: u32) -> String {
    format!("{:.*}", dp as usize, round(v, dp))
}

fn grouped(v: Decimal, dp: u32) -> String {
    let text = fixed(v.abs(), dp);
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if v.is_sign_negative() && !round(v, dp).is_zero() {
        out.insert(0, '-');
    }
    out
}

fn duration(v: Decimal) -> String {
    let secs = round(v, 0);
    let total: i64 = secs.try_into().unwrap_or(i64::MAX);
    let sign = if total < 0 { "-" } else { "" };
    let total = total.unsigned_abs();
    let (d, h, m, s) = (
        total / 86_400,
        total / 3600 % 24,
        total / 60 % 60,
        total % 60,
    );
    let body = if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m}m")
    } else if m > 0 {
        format!("{m}m {s}s")
    } else {
        format!("{s}s")
    };
    format!("{sign}{body}")
}

/// A unicode sparkline of the values (`▁▂▃▄▅▆▇█`), a space for a missing value.
///
/// ```
/// use vitals_core::Decimal;
/// let v = [Some(Decimal::from(1)), None, Some(Decimal::from(3))];
/// assert_eq!(vitals_report::sparkline(&v), "▁ █");
/// ```
pub fn sparkline(values: &[Option<Decimal>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let present: Vec<Decimal> = values.iter().flatten().copied().collect();
    let (Some(min), Some(max)) = (present.iter().min(), present.iter().max()) else {
        return " ".repeat(values.len());
    };
    let span = max - min;
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(_) if span.is_zero() => BARS[3],
            Some(v) => {
                let step = ((v - min) / span * Decimal::from(7)).round();
                BARS[step.to_usize().unwrap_or(0).min(7)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(format_value(d("-1234.5"), Unit::Currency), "-1,234.50");
        assert_eq!(format_value(d("0.123456"), Unit::Percent), "12.3 %");
        assert_eq!(format_value(d("1234"), Unit::Count), "1,234");
        assert_eq!(format_value(d("96.774"), Unit::Count), "96.8");
        assert_eq!(format_value(d("-45.4545"), Unit::Score), "-45.5");
        assert_eq!(format_value(d("90061"), Unit::DurationSeconds), "1d 1h");
        assert_eq!(format_value(d("59.6"), Unit::DurationSeconds), "1m 0s");
        assert_eq!(format_value(d("2.5"), Unit::PerDay), "2.50/day");
        assert_eq!(format_value(d("3"), Unit::Level), "3 high");
        assert_eq!(format_value(d("1"), Unit::Level), "1 low");
        assert_eq!(format_value(d("7"), Unit::Level), "7");
    }
}
