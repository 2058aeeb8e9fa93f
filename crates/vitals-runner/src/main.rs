//! The `vitals` command.

fn main() -> std::process::ExitCode {
    vitals_runner::main()
}
