//! Acme's own `vitals`: every built-in metric plus Acme's private plugin. Naming the plugin
//! crate once makes sure it is linked (a crate only listed in Cargo.toml is dropped, and its
//! metrics with it); then the vitals runner takes over.

use acme_metrics as _;

fn main() -> std::process::ExitCode {
    vitals_runner::main()
}
