//! The limit a run's queries work within: working memory.

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
}
