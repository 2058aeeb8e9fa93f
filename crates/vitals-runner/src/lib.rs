//! The `vitals` runner: discovers every linked metric, reads `vitals.toml` or a data folder,
//! and lists, describes, checks and runs metric sets; also writes the demo company.
//!
//! A company can ship its own `vitals` with private metrics: a binary that links this crate
//! and its plugin crates and calls [`main`].

#![deny(unused_crate_dependencies)]

mod cli;
#[cfg(feature = "cluster")]
#[doc(hidden)]
pub mod cluster;
mod config;
mod cuts;
mod declared;
mod demo;
#[doc(hidden)]
pub mod fuzzing;
mod limits;
mod plugins;
mod prepared;
mod run;

use clap::Parser;
use std::ffi::OsString;
use std::fmt;
use std::io::Write;
use std::process::ExitCode;

pub use demo::{DemoOptions, write_demo};

/// An error in how vitals was called (unknown metric, set, family, bad range): exit code 2.
#[derive(Debug)]
pub(crate) struct UsageError(String);

impl UsageError {
    pub(crate) fn wrap(message: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(UsageError(message.into()))
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Exit codes of `vitals`.
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// An error: bad data, bad config, a failed query.
    pub const ERROR: i32 = 1;
    /// A usage error: unknown names, bad arguments.
    pub const USAGE: i32 = 2;
    /// A target was missed and `--fail-on-missed` was given, or a goal is behind and
    /// `--fail-on-behind` was given.
    pub const TARGET_MISSED: i32 = 3;
    /// A signal warned and `--fail-on-signal` was given.
    pub const SIGNAL: i32 = 4;
}

/// Runs `vitals` with the process's arguments and standard streams.
pub fn main() -> ExitCode {
    let code = run_cli(
        std::env::args_os(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// Runs `vitals` with `args` (the first is the program name), writing to `out` and `err`;
/// returns the exit code.
pub fn run_cli<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                write!(err, "{text}")
            } else {
                write!(out, "{text}")
            };
            return code;
        }
    };
    match run::dispatch(cli.command, out, err) {
        Ok(code) => code,
        Err(e) => {
            let code = if e.downcast_ref::<UsageError>().is_some()
                || matches!(
                    e.downcast_ref::<vitals_core::Error>(),
                    Some(vitals_core::Error::Unknown { .. } | vitals_core::Error::Range(_))
                ) {
                exit::USAGE
            } else {
                exit::ERROR
            };
            // The error and its causes, `outer: cause: root cause`.
            let _ = writeln!(err, "error: {}", vitals_core::error_chain(&*e));
            code
        }
    }
}
