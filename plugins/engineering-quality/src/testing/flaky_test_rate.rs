//! `flaky_test_rate`: tests that both passed and failed on one day ÷ distinct tests run.

use crate::{FAMILY, Simple};
use vitals_core::{Direction, MetricSpec, Unit};

/// Tests that both passed and failed on one day ÷ distinct tests run.
pub static FLAKY_TEST_RATE: Simple = Simple {
    spec: MetricSpec::simple(
        "flaky_test_rate",
        "Flaky test rate",
        FAMILY,
        "The share of the tests run in the period that both passed and failed on the same day.",
        "distinct tests with a passed and a failed run on one UTC day in P ÷ distinct tests with a passed or failed run in P",
        Unit::Percent,
        Direction::LowerIsBetter,
        &["test_runs"],
        "vitals catalogue (flaky tests)",
    ),
    evaluate: |cx| {
        let sql = format!(
            "WITH daily AS ( \
               SELECT test_id, {day} AS day, \
                      MAX(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END) \
                    + MAX(CASE WHEN outcome = 'failed' THEN 1 ELSE 0 END) AS kinds \
               FROM test_runs WHERE outcome IN ('passed', 'failed') GROUP BY test_id, {day}), \
             per_test AS ( \
               SELECT {bucket} AS bucket, test_id, MAX(kinds) AS kinds FROM daily GROUP BY {bucket}, test_id) \
             SELECT p.idx, SUM(CASE WHEN t.kinds = 2 THEN 1 ELSE 0 END), COUNT(*) \
             FROM per_test t JOIN periods p ON t.bucket = p.start GROUP BY p.idx",
            bucket = cx.bucket("day"),
            day = cx.day("executed_at"),
        );
        let cols = cx.columns_per_period(&sql, 3)?;
        Ok(vitals_core::Series::ratio(
            cx.periods(),
            &cols[0],
            &cols[1],
            "no test runs passed or failed in the period",
        ))
    },
};

vitals_core::register_metric!(FLAKY_TEST_RATE);
