//! SQL filters shared by the metrics of this folder.

/// Runs that executed: passed or failed (skipped and blocked runs did not run).
pub(super) const EXECUTED: &str = "t.outcome IN ('passed', 'failed')";
