//! Validation of one row against the data contract: each cell parsed by its column's type
//! and checks (words, ranges, non-negative numbers), defaults for absent optional columns,
//! and the rules across columns of a row (order of instants, bounds, survey scales).

use super::cell::{DEC_SCALE, parse_bool, parse_date, parse_dec, parse_int, parse_ts};
use vitals_core::{Check, ColumnSpec, ColumnType, Default, Dialect, RowCheck};

/// A cell's value once checked against its column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Parsed<'a> {
    Null,
    Str(&'a str),
    Word(&'static str),
    Time(i64),
    Dec(i128),
    Int(i64),
    Bool(bool),
}

impl Parsed<'_> {
    pub(super) fn number(&self) -> Option<i128> {
        match self {
            Parsed::Dec(v) => Some(*v),
            Parsed::Int(v) => Some(i128::from(*v) * 10i128.pow(DEC_SCALE)),
            _ => None,
        }
    }
}

/// Parses one cell of a source that writes values as the contract does.
pub(super) fn parse_cell<'a>(col: &ColumnSpec, text: &'a str) -> Result<Parsed<'a>, String> {
    parse_cell_in(col, text, &Dialect::default())
}

/// Parses one cell written in `dialect`.
pub(super) fn parse_cell_in<'a>(
    col: &ColumnSpec,
    text: &'a str,
    dialect: &Dialect,
) -> Result<Parsed<'a>, String> {
    let bad = || format!("expected {}, found `{}`", col.ty.expected(), shorten(text));
    if let Some(format) = &dialect.time_format
        && matches!(col.ty, ColumnType::Ts | ColumnType::Date)
    {
        let micros = match parse_formatted_time(text, format) {
            Some(t) => t,
            None => {
                let standard = match col.ty {
                    ColumnType::Date => parse_date(text),
                    _ => parse_ts(text),
                };
                standard.ok_or_else(|| {
                    format!(
                        "expected {} in the form `{format}` (timestamp_format), or in the contract's form, found `{}`",
                        if col.ty == ColumnType::Date {
                            "a date"
                        } else {
                            "a timestamp"
                        },
                        shorten(text)
                    )
                })?
            }
        };
        if col.ty == ColumnType::Date && micros.rem_euclid(super::cell::DAY_MICROS) != 0 {
            return Err(bad());
        }
        return check_time(col, micros, || shorten(text));
    }
    if dialect.decimal_comma && col.ty == ColumnType::Dec {
        let t = text.trim();
        let value = if t.contains('.') {
            None
        } else {
            parse_dec(&t.replacen(',', ".", 1))
        };
        let value = value.ok_or_else(|| {
            format!(
                "expected a decimal number with a decimal comma (decimal_separator = \",\") such as 12,50, found `{}`",
                shorten(text)
            )
        })?;
        return check_number(col, Parsed::Dec(value), || text.to_string());
    }
    let value = match col.ty {
        ColumnType::Str => match col.check {
            Some(Check::Words(words)) => {
                let lower = text.trim().to_ascii_lowercase();
                match words.iter().find(|w| **w == lower) {
                    Some(w) => Parsed::Word(w),
                    None => {
                        return Err(format!(
                            "expected one of {}, found `{}`",
                            words.join(", "),
                            shorten(text)
                        ));
                    }
                }
            }
            _ => Parsed::Str(text),
        },
        ColumnType::Ts => check_time(col, parse_ts(text).ok_or_else(bad)?, || shorten(text))?,
        ColumnType::Date => check_time(col, parse_date(text).ok_or_else(bad)?, || shorten(text))?,
        ColumnType::Dec => Parsed::Dec(parse_dec(text).ok_or_else(|| {
            if has_thousands_separator(text) {
                format!(
                    "expected {} without thousands separators, found `{}`",
                    col.ty.expected(),
                    shorten(text)
                )
            } else if is_decimal_comma(text) {
                format!(
                    "expected {}, found `{}`; for numbers written with a decimal comma, set decimal_separator = \",\" for this dataset in vitals.toml",
                    col.ty.expected(),
                    shorten(text)
                )
            } else {
                bad()
            }
        })?),
        ColumnType::Int => Parsed::Int(parse_int(text).ok_or_else(bad)?),
        ColumnType::Bool => Parsed::Bool(parse_bool(text).ok_or_else(bad)?),
    };
    check_number(col, value, || text.to_string())
}

/// The first instant the engine computes with, 1678-01-01, in microseconds since the epoch.
const TIME_MIN: i64 = -9_214_560_000_000_000;
/// The first instant past it, 2262-01-01: the engine's periods work in nanoseconds since the
/// epoch, which reach from 1677-09-21 to 2262-04-11.
const TIME_END: i64 = 9_214_646_400_000_000;

/// Whether `micros` is inside the range the engine computes with.
pub(super) fn time_in_range(micros: i64) -> bool {
    (TIME_MIN..TIME_END).contains(&micros)
}

/// A time inside the range the engine computes with (1678-01-01 up to 2262-01-01), else the
/// error naming the range; `shown` spells the value for the message.
pub(super) fn check_time<'a>(
    col: &ColumnSpec,
    micros: i64,
    shown: impl FnOnce() -> String,
) -> Result<Parsed<'a>, String> {
    if time_in_range(micros) {
        Ok(Parsed::Time(micros))
    } else {
        Err(format!(
            "expected {} from 1678-01-01 to 2261-12-31 (the range vitals computes with), found `{}`",
            col.ty.expected(),
            shown()
        ))
    }
}

/// The checks on a number: non-negative, and inside the column's range if it has one;
/// `shown` spells the value for the message.
pub(super) fn check_number<'a>(
    col: &ColumnSpec,
    value: Parsed<'a>,
    shown: impl Fn() -> String,
) -> Result<Parsed<'a>, String> {
    if let Some(n) = value.number() {
        if n < 0 {
            return Err(format!(
                "expected a non-negative number, found `{}`",
                shorten(&shown())
            ));
        }
        if let Some(Check::Range(min, max)) = col.check {
            let scale = 10i128.pow(DEC_SCALE);
            if n < i128::from(min) * scale || n > i128::from(max) * scale {
                return Err(format!(
                    "expected a value between {min} and {max}, found `{}`",
                    shorten(&shown())
                ));
            }
        }
    }
    Ok(value)
}

/// A `dec` value (with [`DEC_SCALE`] places) as plain decimal text, without trailing zeros.
pub(super) fn fmt_dec(v: i128) -> String {
    let scale = 10i128.pow(DEC_SCALE);
    let (whole, frac) = (v / scale, (v % scale).abs());
    let sign = if v < 0 && whole == 0 { "-" } else { "" };
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{frac:010}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// `1,234.50` or `-12,000`: digits grouped by commas, as spreadsheets export them.
/// A number written with a decimal comma: digits, one comma, one or two digits (`12,50`,
/// `0,5`), which no thousands separator gives.
fn is_decimal_comma(text: &str) -> bool {
    let t = text.trim().trim_start_matches('-');
    match t.split_once(',') {
        Some((whole, fraction)) => {
            !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && (1..=2).contains(&fraction.len())
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// `text` read by the chrono format `format`: with an offset (converted to UTC), else as a
/// UTC time, else as a date at midnight; microseconds since the epoch.
fn parse_formatted_time(text: &str, format: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(t) = chrono::DateTime::parse_from_str(text, format) {
        return Some(t.timestamp_micros());
    }
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(text, format) {
        return Some(t.and_utc().timestamp_micros());
    }
    chrono::NaiveDate::parse_from_str(text, format)
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_micros())
}

pub(super) fn has_thousands_separator(text: &str) -> bool {
    let t = text.trim().trim_start_matches('-');
    let whole = t.split('.').next().unwrap_or("");
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

pub(super) fn default_for<'a>(
    col: &ColumnSpec,
    row: &[Parsed<'a>],
    cols: &[ColumnSpec],
) -> Parsed<'a> {
    match col.default {
        Default::Null => Parsed::Null,
        Default::Value(text) => parse_cell(col, text).expect("contract defaults parse"),
        Default::Column(other) => cols
            .iter()
            .position(|c| c.name == other)
            .map(|i| row[i])
            .unwrap_or(Parsed::Null),
    }
}

pub(super) fn row_check(
    check: &RowCheck,
    cols: &[ColumnSpec],
    row: &[Parsed<'_>],
) -> Option<(&'static str, String)> {
    let get = |name: &str| {
        cols.iter()
            .position(|c| c.name == name)
            .map(|i| row[i])
            .unwrap_or(Parsed::Null)
    };
    match *check {
        RowCheck::NotBefore { later, earlier } => match (get(later), get(earlier)) {
            (Parsed::Time(l), Parsed::Time(e)) if l < e => Some((
                later,
                format!(
                    "expected {later} at or after {earlier} ({}), found {}",
                    fmt_ts(e),
                    fmt_ts(l)
                ),
            )),
            _ => None,
        },
        RowCheck::AtMost { column, limit } => match (get(column).number(), get(limit).number()) {
            (Some(c), Some(l)) if c > l => Some((
                column,
                format!("{column} is greater than {limit}; expected {column} <= {limit}"),
            )),
            _ => None,
        },
        RowCheck::OnScale {
            kind,
            value,
            scales,
        } => {
            let (Parsed::Word(word), Parsed::Int(score)) = (get(kind), get(value)) else {
                return None;
            };
            let scale = scales.iter().find(|s| s.word == word)?;
            (score < scale.min || score > scale.max).then(|| {
                (
                    value,
                    format!(
                        "expected {} score between {} and {}, found `{score}`",
                        scale.name, scale.min, scale.max
                    ),
                )
            })
        }
    }
}

pub(super) fn fmt_ts(micros: i64) -> String {
    chrono::DateTime::from_timestamp_micros(micros)
        .map(|t| t.naive_utc().format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|| micros.to_string())
}

pub(super) fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(dataset: &str, name: &str) -> &'static ColumnSpec {
        vitals_core::contract()
            .iter()
            .find(|d| d.id == dataset)
            .and_then(|d| d.column(name))
            .expect("a contract column")
    }

    fn dialect(decimal_comma: bool, time_format: Option<&str>) -> Dialect {
        Dialect {
            delimiter: None,
            decimal_comma,
            time_format: time_format.map(str::to_string),
        }
    }

    #[test]
    fn decimal_commas_are_read_exactly_and_points_refused() {
        let amount = column("orders", "gross_amount");
        let comma = dialect(true, None);
        // 12,50 is 12.5: 125 000 000 000 at 10 places.
        assert_eq!(
            parse_cell_in(amount, "12,50", &comma),
            Ok(Parsed::Dec(125_000_000_000))
        );
        assert_eq!(
            parse_cell_in(amount, " 7 ", &comma),
            Ok(Parsed::Dec(70_000_000_000))
        );
        let point = parse_cell_in(amount, "12.50", &comma).unwrap_err();
        assert!(point.contains("decimal comma"), "{point}");
        // Whole numbers and integers do not care.
        let quantity = column("orders", "quantity");
        assert_eq!(parse_cell_in(quantity, "3", &comma), Ok(Parsed::Int(3)));
        // Without the setting, a decimal comma names it.
        let hint = parse_cell_in(amount, "12,50", &Dialect::default()).unwrap_err();
        assert!(hint.contains("decimal_separator"), "{hint}");
    }

    #[test]
    fn times_in_a_declared_format_and_in_the_contract_form() {
        let at = column("orders", "ordered_at");
        let us = dialect(false, Some("%m/%d/%Y %H:%M"));
        // 2026-01-31 23:05 UTC is 1 769 900 700 s after the epoch.
        assert_eq!(
            parse_cell_in(at, "01/31/2026 23:05", &us),
            Ok(Parsed::Time(1_769_900_700_000_000))
        );
        assert_eq!(
            parse_cell_in(at, "2026-01-31 23:05:00", &us),
            Ok(Parsed::Time(1_769_900_700_000_000))
        );
        let wrong = parse_cell_in(at, "31/01/2026 23:05", &us).unwrap_err();
        assert!(wrong.contains("`%m/%d/%Y %H:%M`"), "{wrong}");
        // A date-only format is midnight; an offset in the format is converted to UTC.
        let compact = dialect(false, Some("%Y%m%d"));
        assert_eq!(
            parse_cell_in(at, "20260131", &compact),
            Ok(Parsed::Time(1_769_817_600_000_000))
        );
        let offset = dialect(false, Some("%d.%m.%Y %H:%M %z"));
        assert_eq!(
            parse_cell_in(at, "01.02.2026 00:05 +0100", &offset),
            Ok(Parsed::Time(1_769_900_700_000_000))
        );
        // A `date` column takes no time of day.
        let month = column("market_sizes", "month");
        let with_time = dialect(false, Some("%m/%d/%Y %H:%M"));
        assert!(parse_cell_in(month, "01/31/2026 23:05", &with_time).is_err());
        assert_eq!(
            parse_cell_in(month, "20260131", &compact),
            Ok(Parsed::Time(1_769_817_600_000_000))
        );
    }
}
