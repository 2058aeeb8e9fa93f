//! Parsing one cell of text into a typed value, with the contract's spellings.

use chrono::NaiveDate;

/// Microseconds in a day.
pub(crate) const DAY_MICROS: i64 = 86_400_000_000;

/// Microseconds since the Unix epoch for a midnight-UTC date.
fn date_micros(y: i32, m: u32, d: u32) -> Option<i64> {
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    let days = i64::from(date.num_days_from_ce()) - 719_163;
    Some(days * DAY_MICROS)
}

use chrono::Datelike;

fn digits(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.fff…]]` with an optional `Z` or
/// `±HH[:MM]` offset, into UTC microseconds since the epoch.
pub(crate) fn parse_ts(s: &str) -> Option<i64> {
    let b = s.trim().as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(&b[0..4])? as i32;
    let mo = digits(&b[5..7])?;
    let d = digits(&b[8..10])?;
    let mut micros = date_micros(y, mo, d)?;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some(micros);
    }
    if rest[0] != b'T' && rest[0] != b' ' && rest[0] != b't' {
        return None;
    }
    let t = &rest[1..];
    if t.len() < 5 || t[2] != b':' {
        return None;
    }
    let h = digits(&t[0..2])?;
    let mi = digits(&t[3..5])?;
    let mut pos = 5;
    let mut sec = 0;
    let mut frac_micros = 0i64;
    if t.len() >= 8 && t[5] == b':' {
        sec = digits(&t[6..8])?;
        pos = 8;
        if t.len() > 8 && (t[8] == b'.' || t[8] == b',') {
            let start = 9;
            let mut end = start;
            while end < t.len() && t[end].is_ascii_digit() {
                end += 1;
            }
            if end == start {
                return None;
            }
            let mut scale = 100_000i64;
            for &c in &t[start..end.min(start + 6)] {
                frac_micros += i64::from(c - b'0') * scale;
                scale /= 10;
            }
            pos = end;
        }
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    micros += (i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(sec)) * 1_000_000 + frac_micros;
    let tz = &t[pos..];
    let tz = if tz.first() == Some(&b' ') {
        &tz[1..]
    } else {
        tz
    };
    match tz {
        [] | [b'Z'] | [b'z'] => Some(micros),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (oh, om) = match rest {
                [a, b] => (digits(&[*a, *b])?, 0),
                [a, b, b':', c, d] => (digits(&[*a, *b])?, digits(&[*c, *d])?),
                [a, b, c, d] => (digits(&[*a, *b])?, digits(&[*c, *d])?),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let offset = i64::from(oh * 3600 + om * 60) * 1_000_000;
            Some(if *sign == b'+' {
                micros - offset
            } else {
                micros + offset
            })
        }
        _ => None,
    }
}

/// Parses a date `YYYY-MM-DD` (a timestamp at midnight is accepted too) into microseconds.
pub(crate) fn parse_date(s: &str) -> Option<i64> {
    let micros = parse_ts(s)?;
    (micros.rem_euclid(DAY_MICROS) == 0).then_some(micros)
}

/// The scale of every `dec` column: 10 decimal places.
pub(crate) const DEC_SCALE: u32 = 10;

/// Parses a plain decimal (`12`, `-3.5`, `.25`, `1e3` is refused) into an `i128` with
/// [`DEC_SCALE`] decimal places; digits beyond the scale are rounded half to even.
pub(crate) fn parse_dec(s: &str) -> Option<i128> {
    let b = s.trim().as_bytes();
    let (neg, b) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    let (int_part, frac_part) = match b.iter().position(|c| *c == b'.') {
        Some(p) => (&b[..p], &b[p + 1..]),
        None => (b, &b[..0]),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if int_part.len() > 27 {
        return None;
    }
    let mut v: i128 = 0;
    for &c in int_part {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i128::from(c - b'0');
    }
    let scale = DEC_SCALE as usize;
    for i in 0..scale {
        let digit = match frac_part.get(i) {
            Some(c) if c.is_ascii_digit() => i128::from(c - b'0'),
            Some(_) => return None,
            None => 0,
        };
        v = v * 10 + digit;
    }
    if frac_part.len() > scale {
        let rest = &frac_part[scale..];
        if !rest.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let first = rest[0] - b'0';
        let tail_nonzero = rest[1..].iter().any(|c| *c != b'0');
        if first > 5 || (first == 5 && (tail_nonzero || v % 2 == 1)) {
            v += 1;
        }
    }
    Some(if neg { -v } else { v })
}

/// Parses a whole number.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    s.trim().parse().ok()
}

/// Parses true/false/1/0/yes/no in any case.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "t" | "y" => Some(true),
        "false" | "0" | "no" | "f" | "n" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_every_contract_spelling() {
        let base = parse_ts("2026-03-01").unwrap();
        assert_eq!(base, 1_772_323_200_000_000);
        assert_eq!(parse_ts("2026-03-01 00:00:00"), Some(base));
        assert_eq!(parse_ts("2026-03-01T01:30:00Z"), Some(base + 5_400_000_000));
        assert_eq!(
            parse_ts("2026-03-01T01:30:00+01:00"),
            Some(base + 1_800_000_000)
        );
        assert_eq!(parse_ts("2026-02-28T23:00:00-01:00"), Some(base));
        assert_eq!(parse_ts("2026-03-01T00:00:00.25"), Some(base + 250_000));
        assert_eq!(parse_ts("2026-03-01 00:00"), Some(base));
        assert_eq!(parse_ts("2026-02-30"), None);
        assert_eq!(parse_ts("01/03/2026"), None);
        assert_eq!(parse_ts("2026-03-01 25:00:00"), None);
    }

    #[test]
    fn dates_are_midnight() {
        assert!(parse_date("2026-03-01").is_some());
        assert!(parse_date("2026-03-01 10:00:00").is_none());
    }

    #[test]
    fn decimals_are_exact_at_ten_places() {
        assert_eq!(parse_dec("12.5"), Some(125_000_000_000));
        assert_eq!(parse_dec("0.1"), Some(1_000_000_000));
        assert_eq!(parse_dec("-3"), Some(-30_000_000_000));
        assert_eq!(parse_dec(".25"), Some(2_500_000_000));
        assert_eq!(parse_dec("0.00000000005"), Some(0));
        assert_eq!(parse_dec("0.00000000015"), Some(2));
        assert_eq!(parse_dec("0.000000000151"), Some(2));
        assert_eq!(parse_dec("0.00000000016"), Some(2));
        assert_eq!(parse_dec("1,234.50"), None);
        assert_eq!(parse_dec("abc"), None);
        assert_eq!(parse_dec("."), None);
        assert_eq!(parse_dec(""), None);
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool("Yes"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
    }
}
