//! End-to-end tests of vitals: the registry with every plugin linked, the runner's commands
//! and errors, and the demo company through `vitals run --format json`.

mod breakdown_properties;
mod breakdowns;
mod calendars;
mod cli;
#[cfg(feature = "cluster")]
mod cluster;
mod cohorts;
mod coverage;
mod declared;
mod demo;
mod docs;
mod empty_periods;
mod errors;
mod filters;
mod fixtures;
mod fuzz_corpus;
mod limits;
mod postgres;
mod prepared;
mod properties;
mod registry;
mod report_json;
mod signals_goals;
mod time_zones;
