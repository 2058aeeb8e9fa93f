//! SQL filters shared by the metrics of this folder.

/// Production deployments (the loader defaults a blank environment to production).
pub(super) const PRODUCTION: &str = "lower(t.environment) = 'production'";
