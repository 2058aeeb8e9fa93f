//! Entry point for the config fuzz target in `fuzz/` and for the tests that replay its corpus
//! and the crashes it found. Not a stable API.

use crate::config::Config;
use std::path::Path;
use vitals_core::registry;

/// Parses `text` as a vitals.toml and checks it against the registry the way `vitals run`
/// does: declared metrics (SQL, ratio, formula), sets, dataset names, params, the dimensions
/// of `by` and `where`, every target. Returns
/// the error a user would read. Never panics.
pub fn check_config(text: &str) -> Result<(), String> {
    let config = Config::parse(text, Path::new("vitals.toml")).map_err(|e| format!("{e:#}"))?;
    let mut registry = registry().map_err(|e| e.to_string())?.clone();
    config.apply(&mut registry).map_err(|e| format!("{e:#}"))?;
    vitals_core::Params::resolve(
        &registry,
        config.params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )
    .map_err(|e| e.to_string())?;
    crate::cuts::check_config(&config).map_err(|e| format!("{e:#}"))?;
    for id in config.targets.keys() {
        let spec = registry.metric(id).map_err(|e| e.to_string())?.spec();
        config
            .target(id, spec.direction)
            .map_err(|e| format!("{e:#}"))?;
    }
    Ok(())
}

/// The config fuzz target's input: bytes that must be UTF-8 to be a config at all.
pub fn check_config_bytes(data: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(data).map_err(|e| e.to_string())?;
    check_config(text)
}
