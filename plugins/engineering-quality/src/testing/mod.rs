//! Testing: how much is tested, how much is automated, how much passes.

mod filters;
mod flaky_test_rate;
mod test_automation_rate;
mod test_execution_velocity;
mod test_failure_rate;
mod test_pass_rate;
mod tests_executed;

pub use flaky_test_rate::FLAKY_TEST_RATE;
pub use test_automation_rate::TestAutomationRate;
pub use test_execution_velocity::TEST_EXECUTION_VELOCITY;
pub use test_failure_rate::TEST_FAILURE_RATE;
pub use test_pass_rate::TestPassRate;
pub use tests_executed::TestsExecuted;
