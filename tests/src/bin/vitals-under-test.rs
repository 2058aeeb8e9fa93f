//! The `vitals` command, built with the tests so that they can run it as a process of its
//! own: with environment variables of its own (a PostgreSQL connection string) and a
//! deadline.

fn main() -> std::process::ExitCode {
    vitals_runner::main()
}
