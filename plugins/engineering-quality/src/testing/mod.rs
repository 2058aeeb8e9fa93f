//! Testing: how much is tested, how much is automated, how much passes.

mod test_automation_rate;
mod test_pass_rate;
mod tests_executed;

pub use test_automation_rate::TestAutomationRate;
pub use test_pass_rate::TestPassRate;
pub use tests_executed::TestsExecuted;

/// Runs that executed: passed or failed (skipped and blocked runs did not run).
pub(crate) const EXECUTED: &str = "t.outcome IN ('passed', 'failed')";
