//! Any text as a vitals.toml: parsing and checking it against the registry returns an error
//! or succeeds, and never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = vitals_runner::fuzzing::check_config_bytes(data);
});
