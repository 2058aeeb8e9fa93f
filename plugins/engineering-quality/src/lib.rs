//! The engineering-quality metric family: testing, defects, support, delivery and flow,
//! capacity, DORA and reliability.

pub mod capacity;
pub mod defects;
pub mod delivery;
pub mod dora;
pub mod support;
pub mod testing;

use vitals_core::{Decimal, EvalContext, Result, Series, median};

/// The family name of every metric in this crate.
pub const FAMILY: &str = "engineering-quality";

vitals_core::register_set!(
    "engineering-quality",
    "Every engineering-quality metric",
    vitals_core::SetMembers::Family(FAMILY)
);

vitals_core::register_set!(
    "dora",
    "The four DORA metrics and the DORA performance level",
    &[
        "deployment_frequency",
        "lead_time_for_changes",
        "change_failure_rate",
        "failed_deployment_recovery_time",
        "dora_level",
    ]
);

/// The compact form of this family's one-query metrics.
pub use vitals_core::FnMetric as Simple;

/// The median per period of `(idx, seconds)` rows; no rows gives null with `note`.
pub(crate) fn median_per_period(cx: &EvalContext<'_>, sql: &str, note: &str) -> Result<Series> {
    let medians = cx.values_per_period(sql)?.into_iter().map(median);
    Ok(Series::from_values(cx.periods(), medians, note))
}

/// `(idx, seconds from start to end)` for rows of `table` whose `end` falls in each period.
pub(crate) fn durations(
    cx: &EvalContext<'_>,
    table: &str,
    start: &str,
    end: &str,
    filter: &str,
) -> String {
    format!(
        "SELECT p.idx, to_unixtime(t.{end}) - to_unixtime(t.{start}) FROM {table} t \
         JOIN periods p ON {bucket} = p.start WHERE t.{start} IS NOT NULL AND ({filter})",
        bucket = cx.bucket(&format!("t.{end}"))
    )
}

/// A count series divided by the days of each period.
pub(crate) fn per_day(cx: &EvalContext<'_>, counts: Vec<Decimal>) -> Series {
    let days: Vec<Decimal> = cx
        .periods()
        .iter()
        .map(|p| Decimal::from(p.days()))
        .collect();
    Series::ratio(cx.periods(), &counts, &days, "the period has no days")
}
