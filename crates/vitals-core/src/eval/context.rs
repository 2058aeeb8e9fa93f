//! What a metric sees while it evaluates: the run's periods, params, event roles, engine
//! and datasets, the series of its dependencies, and helpers that build and read the SQL of
//! one value per period.

use super::params::{EventRoles, Params};
use crate::{Decimal, Error, Grain, Metric, Period, Periods, QueryEngine, Result, Series, Table};
use std::collections::BTreeMap;

/// Everything shared by the metrics of one run.
pub struct RunContext<'a> {
    /// The periods.
    pub periods: &'a Periods,
    /// Resolved params.
    pub params: &'a Params,
    /// Event role names.
    pub events: &'a EventRoles,
    /// The query engine.
    pub engine: &'a dyn QueryEngine,
    /// Whether a dataset is configured (loaded from a file) in this run.
    pub available: &'a (dyn Fn(&str) -> bool + Sync),
    /// Where each metric's evaluation time is recorded, if anywhere.
    pub timings: Option<&'a Timings>,
}

/// How long each metric of a run took to evaluate (on its worker thread, the views it was
/// the first to read included), in the order they finished.
#[derive(Debug, Default)]
pub struct Timings(std::sync::Mutex<Vec<(&'static str, std::time::Duration)>>);

impl Timings {
    /// Records that `metric` took `took`.
    pub fn record(&self, metric: &'static str, took: std::time::Duration) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((metric, took));
    }

    /// Every metric recorded so far with its time, in the order they finished.
    pub fn all(&self) -> Vec<(&'static str, std::time::Duration)> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// What a metric sees while it evaluates.
pub struct EvalContext<'a> {
    pub(super) metric: &'static str,
    pub(super) depends_on: &'static [&'static str],
    pub(super) run: &'a RunContext<'a>,
    pub(super) results: &'a BTreeMap<&'static str, Series>,
}

impl<'a> EvalContext<'a> {
    /// A context for evaluating one metric alone (tests, custom runners).
    pub fn new(
        metric: &'static dyn Metric,
        run: &'a RunContext<'a>,
        results: &'a BTreeMap<&'static str, Series>,
    ) -> Self {
        EvalContext {
            metric: metric.spec().id,
            depends_on: metric.spec().depends_on,
            run,
            results,
        }
    }

    /// The periods being evaluated.
    pub fn periods(&self) -> &[Period] {
        self.run.periods.as_slice()
    }

    /// The grain of the periods.
    pub fn grain(&self) -> Grain {
        self.run.periods.grain()
    }

    /// The run's params.
    pub fn params(&self) -> &Params {
        self.run.params
    }

    /// Whether dataset `id` is configured in this run (an unconfigured dataset reads as an
    /// empty table).
    pub fn has_dataset(&self, id: &str) -> bool {
        (self.run.available)(id)
    }

    /// The event name of a role as a SQL literal (`'purchase'`), see [`EventRoles`].
    pub fn event(&self, role: &str) -> String {
        self.run.events.literal(role)
    }

    /// SQL for the start of the period holding the timestamp expression `expr`; join it
    /// to `periods.start` to place rows in periods: `JOIN periods p ON {bucket} = p.start`.
    pub fn bucket(&self, expr: &str) -> String {
        self.run.periods.bucket_sql(expr)
    }

    /// As [`EvalContext::bucket`] for a calendar date expression (a `date` column such as
    /// `market_sizes.month`), which is already local and is not shifted by the time zone.
    pub fn bucket_date(&self, expr: &str) -> String {
        self.run.periods.bucket_date_sql(self.grain(), expr)
    }

    /// SQL for the start (a UTC instant) of the local day holding the UTC timestamp
    /// expression `expr`: what `date_trunc('day', expr)` is in UTC.
    pub fn day(&self, expr: &str) -> String {
        self.run.periods.bucket_sql_of(Grain::Day, expr)
    }

    /// The periods of the run, for SQL helpers of other grains
    /// ([`Periods::bucket_sql_of`], [`Periods::local_sql`]).
    pub fn run_periods(&self) -> &Periods {
        self.run.periods
    }

    /// SQL aggregating `table` (aliased `t`) per period by the timestamp column `ts`, for
    /// flow metrics: `SELECT p.idx, {exprs} FROM {table} t JOIN periods p ON … WHERE
    /// {filter} GROUP BY p.idx`. Pass `"TRUE"` for no filter.
    ///
    /// ```ignore
    /// let sql = cx.flow("orders", "ordered_at", "SUM(t.gross_amount)", "TRUE");
    /// ```
    /// A `date` column (such as `capacity.date`) is placed by its calendar date.
    pub fn flow(&self, table: &str, ts: &str, exprs: &str, filter: &str) -> String {
        let column = format!("t.{ts}");
        let is_date = crate::contract()
            .iter()
            .find(|d| d.id == table)
            .and_then(|d| d.column(ts))
            .is_some_and(|c| c.ty == crate::ColumnType::Date);
        format!(
            "SELECT p.idx, {exprs} FROM {table} t JOIN periods p ON {bucket} = p.start \
             WHERE {filter} GROUP BY p.idx",
            bucket = if is_date {
                self.bucket_date(&column)
            } else {
                self.bucket(&column)
            }
        )
    }

    /// A flow ratio: `Σ numerator ÷ Σ denominator` over the rows of `table` (aliased `t`)
    /// whose timestamp `ts` falls in each period and that pass `filter`; a zero denominator
    /// gives null with `note_if_zero`.
    ///
    /// ```ignore
    /// // passed ÷ executed test runs
    /// cx.flow_ratio("test_runs", "executed_at", "CASE WHEN t.outcome = 'passed' THEN 1 ELSE 0 END", "1",
    ///               "t.outcome IN ('passed', 'failed')", "no test runs passed or failed in the period")
    /// ```
    pub fn flow_ratio(
        &self,
        table: &str,
        ts: &str,
        numerator: &str,
        denominator: &str,
        filter: &str,
        note_if_zero: &str,
    ) -> Result<Series> {
        let exprs = format!("SUM({numerator}), SUM({denominator})");
        let cols = self.columns_per_period(&self.flow(table, ts, &exprs, filter), 3)?;
        Ok(Series::ratio(
            self.periods(),
            &cols[0],
            &cols[1],
            note_if_zero,
        ))
    }

    /// Runs a query.
    pub fn query(&self, sql: &str) -> Result<Table> {
        self.run
            .engine
            .query(sql)
            .map_err(|e| Error::in_metric(self.metric, e))
    }

    /// The series of a dependency named in `depends_on`.
    pub fn metric(&self, id: &str) -> Result<&Series> {
        if !self.depends_on.contains(&id) {
            return Err(Error::eval(
                self.metric,
                format!("reads metric `{id}` without naming it in depends_on"),
            ));
        }
        self.results
            .get(id)
            .ok_or_else(|| Error::eval(self.metric, format!("dependency `{id}` has no result")))
    }

    /// `numerator ÷ denominator` of two dependencies, period by period; a zero denominator
    /// gives null with `note_if_zero`, a quotient that does not fit null with the note
    /// `overflow`, and a null input carries its note over.
    pub fn ratio_of(
        &self,
        numerator: &str,
        denominator: &str,
        note_if_zero: &str,
    ) -> Result<Series> {
        let n = self.metric(numerator)?;
        let d = self.metric(denominator)?;
        Ok(n.zip_with(d, |a, b| crate::quotient(a, b, note_if_zero)))
    }

    /// Runs a query returning `(idx, value)` rows, at most one per period, and gives one
    /// value per period (`None` where there is no row or the value is NULL).
    pub fn per_period(&self, sql: &str) -> Result<Vec<Option<Decimal>>> {
        let table = self.query(sql)?;
        let mut out = vec![None; self.periods().len()];
        for (idx, values) in self.rows_by_period(&table, 2)? {
            out[idx] = values[1].as_decimal().map_err(|e| self.wrap(e))?;
        }
        Ok(out)
    }

    /// Like [`EvalContext::per_period`] for counts and sums: a period without a row is 0.
    pub fn per_period_or_zero(&self, sql: &str) -> Result<Vec<Decimal>> {
        Ok(self
            .per_period(sql)?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect())
    }

    /// A count or sum series: a period without rows is 0.
    pub fn series_or_zero(&self, sql: &str) -> Result<Series> {
        let values = self.per_period_or_zero(sql)?.into_iter().map(Some);
        Ok(Series::from_values(self.periods(), values, ""))
    }

    /// Runs a query returning `(idx, value)` rows, any number per period, and gives the
    /// non-NULL values of each period (for medians).
    pub fn values_per_period(&self, sql: &str) -> Result<Vec<Vec<Decimal>>> {
        let table = self.query(sql)?;
        let mut out = vec![Vec::new(); self.periods().len()];
        for (idx, values) in self.rows_by_period(&table, 2)? {
            if let Some(v) = values[1].as_decimal().map_err(|e| self.wrap(e))? {
                out[idx].push(v);
            }
        }
        Ok(out)
    }

    /// Runs a query returning `(idx, a, b, …)` rows with `width` columns, at most one row
    /// per period; missing periods and NULLs read as 0. For ratios computed from several sums.
    pub fn columns_per_period(&self, sql: &str, width: usize) -> Result<Vec<Vec<Decimal>>> {
        let table = self.query(sql)?;
        let mut out = vec![vec![Decimal::ZERO; self.periods().len()]; width - 1];
        for (idx, values) in self.rows_by_period(&table, width)? {
            for (col, v) in values[1..].iter().enumerate() {
                out[col][idx] = v
                    .as_decimal()
                    .map_err(|e| self.wrap(e))?
                    .unwrap_or_default();
            }
        }
        Ok(out)
    }

    fn rows_by_period<'t>(
        &self,
        table: &'t Table,
        width: usize,
    ) -> Result<impl Iterator<Item = (usize, &'t [crate::Value])>> {
        if table.columns.len() != width {
            return Err(Error::eval(
                self.metric,
                format!(
                    "query returned {} columns ({}), expected {width} (idx first)",
                    table.columns.len(),
                    table.columns.join(", ")
                ),
            ));
        }
        let n = self.periods().len();
        let mut rows = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            match row[0].as_index().map_err(|e| self.wrap(e))? {
                Some(idx) if idx < n => rows.push((idx, row.as_slice())),
                other => {
                    return Err(Error::eval(
                        self.metric,
                        format!("query returned period index {other:?} outside 0..{n}"),
                    ));
                }
            }
        }
        Ok(rows.into_iter())
    }

    fn wrap(&self, e: Error) -> Error {
        Error::in_metric(self.metric, e)
    }
}
