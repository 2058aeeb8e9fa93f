//! Acme's own `vitals`: every built-in metric plus Acme's private ones. The binary links the
//! vitals runner library and this crate's metrics, then hands over to the runner.

mod metrics;
mod visits;

fn main() -> std::process::ExitCode {
    vitals_runner::main()
}
