//! The limits a run's queries work within: working memory and time.

use crate::UsageError;
use anyhow::Result;

/// The share of this machine's memory a query may use when no limit is given.
const DEFAULT_MEMORY_SHARE: f64 = 0.6;

/// This machine's memory in bytes, from `/proc/meminfo`; `None` where it cannot be read.
fn physical_memory() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Parses a memory size: `4GiB`, `4G`, `512MiB`, `512M`, a plain number of bytes, or a share
/// of this machine's memory such as `50%`.
pub(crate) fn parse_size(text: &str) -> Result<usize> {
    let t = text.trim();
    let bad = || {
        UsageError::wrap(format!(
            "memory limit `{text}`: expected a size such as 4GiB, 512MiB or 50% (of this machine's memory)"
        ))
    };
    if let Some(share) = t.strip_suffix('%') {
        let share: f64 = share.trim().parse().map_err(|_| bad())?;
        if !(share > 0.0 && share <= 100.0) {
            return Err(bad());
        }
        let total = physical_memory().ok_or_else(|| {
            UsageError::wrap(format!(
                "memory limit `{text}`: this machine's memory cannot be read; give a size such as 4GiB"
            ))
        })?;
        return Ok((total as f64 * share / 100.0) as usize);
    }
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(digits_end);
    let number: f64 = number.parse().map_err(|_| bad())?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" | "kib" => 1024.0,
        "m" | "mb" | "mib" => 1024.0 * 1024.0,
        "g" | "gb" | "gib" => 1024.0 * 1024.0 * 1024.0,
        "t" | "tb" | "tib" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return Err(bad()),
    };
    let bytes = number * factor;
    if !(bytes >= 1.0 && bytes.is_finite()) {
        return Err(bad());
    }
    Ok(bytes as usize)
}

/// The run's memory limit: `--memory-limit`, else `[run] memory_limit`, else 60% of this
/// machine's memory (none where that cannot be read).
pub(crate) fn memory_limit(flag: Option<&str>, config: Option<&str>) -> Result<Option<usize>> {
    match flag.or(config) {
        Some(text) => parse_size(text).map(Some),
        None => Ok(physical_memory().map(|m| (m as f64 * DEFAULT_MEMORY_SHARE) as usize)),
    }
}

/// How long one query may run when no limit is given: far above what any built-in metric
/// needs at hundreds of millions of rows, and a bound on a declared query that never ends.
pub(crate) const DEFAULT_QUERY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// Parses a time limit: whole seconds (`90`), or a number with a unit: `90s`, `5m`/`5min`,
/// `1h`, `500ms`.
pub(crate) fn parse_duration(text: &str) -> Result<std::time::Duration> {
    let t = text.trim();
    let bad = || {
        UsageError::wrap(format!(
            "query timeout `{text}`: expected a time such as 90 (seconds), 90s, 5min or 1h"
        ))
    };
    let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits_end);
    let number: u64 = number.parse().map_err(|_| bad())?;
    let millis: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "ms" => 1,
        "" | "s" | "sec" | "secs" => 1000,
        "m" | "min" | "mins" => 60_000,
        "h" | "hour" | "hours" => 3_600_000,
        _ => return Err(bad()),
    };
    match number.checked_mul(millis) {
        Some(ms) if ms > 0 => Ok(std::time::Duration::from_millis(ms)),
        _ => Err(bad()),
    }
}

/// `[run] query_timeout` as text: a whole number of seconds or a string with a unit.
pub(crate) fn timeout_text(value: &toml::Value) -> Result<String> {
    match value {
        toml::Value::Integer(n) => Ok(n.to_string()),
        toml::Value::String(s) => Ok(s.clone()),
        other => Err(UsageError::wrap(format!(
            "query timeout: expected seconds (90) or a time with a unit (\"5min\"), found {}",
            other.type_str()
        ))),
    }
}

/// The run's time limit per query: `--query-timeout`, else `[run] query_timeout`, else
/// [`DEFAULT_QUERY_TIMEOUT`].
pub(crate) fn query_timeout(
    flag: Option<&str>,
    config: Option<&toml::Value>,
) -> Result<std::time::Duration> {
    match (flag, config) {
        (Some(text), _) => parse_duration(text),
        (None, Some(value)) => parse_duration(&timeout_text(value)?),
        (None, None) => Ok(DEFAULT_QUERY_TIMEOUT),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_every_spelling() {
        assert_eq!(parse_size("512MiB").unwrap(), 512 << 20);
        assert_eq!(parse_size("4G").unwrap(), 4 << 30);
        assert_eq!(parse_size("1.5 GiB").unwrap(), 3 << 29);
        assert_eq!(parse_size("2048").unwrap(), 2048);
        for bad in ["", "lots", "4XB", "0", "-1G", "150%", "0%"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        if physical_memory().is_some() {
            assert!(parse_size("50%").unwrap() > 0);
        }
    }

    #[test]
    fn times_in_every_spelling() {
        use std::time::Duration;
        assert_eq!(parse_duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("5min").unwrap(), Duration::from_secs(300));
        assert_eq!(parse_duration("5 m").unwrap(), Duration::from_secs(300));
        assert_eq!(parse_duration("1h").unwrap(), Duration::from_secs(3600));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        for bad in [
            "",
            "soon",
            "0",
            "-5",
            "1.5s",
            "5 days",
            "99999999999999999999h",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(
            query_timeout(None, Some(&toml::Value::Integer(45))).unwrap(),
            Duration::from_secs(45)
        );
        assert_eq!(query_timeout(None, None).unwrap(), DEFAULT_QUERY_TIMEOUT);
        assert!(query_timeout(None, Some(&toml::Value::Float(4.5))).is_err());
    }
}
