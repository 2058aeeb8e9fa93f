//! Any bytes as a CSV file of a contract dataset: the first line names the dataset, the rest
//! is the file. Loading returns rows or problems, and never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = vitals_engine::fuzzing::load_named_csv(data);
});
