//! Evaluating metrics: params, event roles, selection, the topological plan and the
//! [`EvalContext`] a metric sees.

use crate::{
    Decimal, Error, Grain, Metric, Period, Periods, QueryEngine, Registry, Result, Series, Table,
    did_you_mean,
};
use std::collections::{BTreeMap, BTreeSet};

/// Resolved parameters: every declared param with its default or override.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    values: BTreeMap<String, String>,
}

impl Params {
    /// Defaults of every param declared in `registry`, then `overrides` (from vitals.toml
    /// and `--param`); an override of an undeclared param is an error.
    pub fn resolve<'a>(
        registry: &Registry,
        overrides: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Params> {
        let declared = registry.params();
        let mut values: BTreeMap<String, String> = declared
            .values()
            .map(|p| (p.name.to_string(), p.default.to_string()))
            .collect();
        for (name, value) in overrides {
            if !declared.contains_key(name) {
                return Err(Error::Unknown {
                    kind: "param",
                    name: name.to_string(),
                    suggestion: did_you_mean(name, declared.keys().copied()),
                });
            }
            values.insert(name.to_string(), value.to_string());
        }
        Ok(Params { values })
    }

    /// The value of `name`, if declared.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// The value of `name` as a decimal.
    pub fn decimal(&self, name: &str) -> Result<Decimal> {
        let raw = self.require(name)?;
        raw.trim().parse().map_err(|_| Error::Param {
            name: name.to_string(),
            value: raw.to_string(),
            expected: "a decimal number",
        })
    }

    /// The value of `name` as a non-negative whole number.
    pub fn int(&self, name: &str) -> Result<u64> {
        let raw = self.require(name)?;
        raw.trim().parse().map_err(|_| Error::Param {
            name: name.to_string(),
            value: raw.to_string(),
            expected: "a non-negative whole number",
        })
    }

    fn require(&self, name: &str) -> Result<&str> {
        self.get(name).ok_or_else(|| Error::Unknown {
            kind: "param",
            name: name.to_string(),
            suggestion: did_you_mean(name, self.values.keys().map(String::as_str)),
        })
    }

    /// Every param and its value, sorted.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Event names for the roles metrics look for (DESIGN.md §4), mapped in `[events]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRoles {
    names: BTreeMap<&'static str, String>,
}

impl EventRoles {
    /// The roles, each defaulting to an event of the same name.
    pub const ROLES: [&'static str; 8] = [
        "page_view",
        "signup",
        "activation",
        "feature_used",
        "onboarding_view",
        "content_view",
        "add_to_cart",
        "purchase",
    ];

    /// The defaults with `overrides` applied; an unknown role is an error.
    pub fn new<'a>(overrides: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self> {
        let mut names: BTreeMap<&'static str, String> =
            Self::ROLES.iter().map(|r| (*r, r.to_string())).collect();
        for (role, name) in overrides {
            let Some(key) = Self::ROLES.iter().find(|r| **r == role) else {
                return Err(Error::Unknown {
                    kind: "event role",
                    name: role.to_string(),
                    suggestion: did_you_mean(role, Self::ROLES),
                });
            };
            names.insert(key, name.to_string());
        }
        Ok(EventRoles { names })
    }

    /// The event name of `role` as a quoted SQL literal (`'purchase'`).
    pub fn literal(&self, role: &str) -> String {
        let name = self.names.get(role).map(String::as_str).unwrap_or(role);
        sql_literal(name)
    }
}

impl Default for EventRoles {
    fn default() -> Self {
        EventRoles::new([]).expect("defaults are valid")
    }
}

/// Quotes `s` as a SQL string literal.
fn sql_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// What a view's SQL builder sees: the run's params, event roles and grain.
pub struct ViewContext<'a> {
    /// Resolved params.
    pub params: &'a Params,
    /// Event role names.
    pub events: &'a EventRoles,
    /// The grain of the run's periods.
    pub grain: Grain,
}

impl ViewContext<'_> {
    /// The event name of a role as a SQL literal, see [`EventRoles`].
    pub fn event(&self, role: &str) -> String {
        self.events.literal(role)
    }

    /// SQL for the start of the period holding the timestamp expression `expr`.
    pub fn bucket(&self, expr: &str) -> String {
        format!("date_trunc('{}', {expr})", self.grain.as_str())
    }
}

/// Which metrics to run: the union of sets, metric ids and families.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Set ids.
    pub sets: Vec<String>,
    /// Metric ids.
    pub metrics: Vec<String>,
    /// Family names.
    pub families: Vec<String>,
}

impl Selection {
    /// True when nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty() && self.metrics.is_empty() && self.families.is_empty()
    }

    /// The selected metric ids, in set order, then metrics, then families; each once.
    pub fn resolve(&self, registry: &Registry) -> Result<Vec<&'static str>> {
        let mut out: Vec<&'static str> = Vec::new();
        let mut push = |id: &'static str| {
            if !out.contains(&id) {
                out.push(id);
            }
        };
        for s in &self.sets {
            let set = registry.set(s)?;
            for m in &set.metrics {
                let metric = registry.metric(m).map_err(|_| Error::UnknownSetMember {
                    set: set.id.clone(),
                    metric: m.clone(),
                    suggestion: did_you_mean(m, registry.metric_ids()),
                })?;
                push(metric.spec().id);
            }
        }
        for m in &self.metrics {
            push(registry.metric(m)?.spec().id);
        }
        for f in &self.families {
            let family = registry.family(f)?;
            registry
                .metrics()
                .filter(|m| m.spec().family == family)
                .for_each(|m| push(m.spec().id));
        }
        Ok(out)
    }
}

/// The metrics to evaluate, in dependency order.
pub struct Plan {
    /// The metrics the user asked for, in selection order.
    pub selected: Vec<&'static str>,
    /// Every metric to evaluate (selected plus dependencies), dependencies first.
    pub order: Vec<&'static dyn Metric>,
}

impl Plan {
    /// Orders `selected` and their dependencies topologically; an unknown dependency or a
    /// cycle is an error naming the chain.
    pub fn new(registry: &Registry, selected: Vec<&'static str>) -> Result<Plan> {
        let mut order = Vec::new();
        let mut done = BTreeSet::new();
        for id in &selected {
            let mut chain = Vec::new();
            visit(
                registry,
                registry.metric(id)?,
                &mut chain,
                &mut done,
                &mut order,
            )?;
        }
        Ok(Plan { selected, order })
    }

    /// Evaluates the plan. A metric whose datasets are not all `available` is skipped with
    /// that reason, and so is every metric that depends on a skipped one.
    ///
    /// Independent metrics run concurrently on up to [`threads`] worker threads; the calling
    /// thread schedules them in plan order as their dependencies finish and calls `on_metric`
    /// as each starts. The outcomes do not depend on the number of threads: each metric
    /// sees only the series of its own dependencies.
    pub fn evaluate(
        &self,
        run: &RunContext<'_>,
        on_metric: &mut dyn FnMut(&'static str),
    ) -> Result<BTreeMap<&'static str, Outcome>> {
        self.evaluate_with(run, on_metric, threads())
    }

    /// [`Plan::evaluate`] on `threads` worker threads (at least one).
    pub fn evaluate_with(
        &self,
        run: &RunContext<'_>,
        on_metric: &mut dyn FnMut(&'static str),
        threads: usize,
    ) -> Result<BTreeMap<&'static str, Outcome>> {
        let n = self.order.len();
        let index: BTreeMap<&'static str, usize> = self
            .order
            .iter()
            .enumerate()
            .map(|(i, m)| (m.spec().id, i))
            .collect();
        // Dependencies outside the plan cannot happen (Plan::new adds them); count the rest.
        let mut waiting: Vec<usize> = self
            .order
            .iter()
            .map(|m| {
                m.spec()
                    .depends_on
                    .iter()
                    .filter(|d| index.contains_key(*d))
                    .count()
            })
            .collect();
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, m) in self.order.iter().enumerate() {
            for d in m.spec().depends_on {
                if let Some(&j) = index.get(d) {
                    dependents[j].push(i);
                }
            }
        }
        let mut ready: BTreeSet<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
        let mut outcomes: BTreeMap<&'static str, Outcome> = BTreeMap::new();
        let workers = threads.clamp(1, n.max(1));
        let (job_tx, job_rx) = std::sync::mpsc::channel::<Job>();
        let job_rx = std::sync::Mutex::new(job_rx);
        let (done_tx, done_rx) = std::sync::mpsc::channel::<(usize, Result<Outcome>)>();
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let done_tx = done_tx.clone();
                let job_rx = &job_rx;
                scope.spawn(move || {
                    loop {
                        let job = match job_rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        let Ok(job) = job else { return };
                        let outcome = evaluate_one(self.order[job.index], run, &job.inputs);
                        if done_tx.send((job.index, outcome)).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(done_tx);
            let mut running = 0;
            let mut first_error = None;
            let mut finished = 0;
            while finished < n {
                // Start what is ready, in plan order. After a failure only metrics before
                // it in plan order still run: one of them failing too is the error a
                // sequential run would report, so the error does not depend on timing.
                while running < workers {
                    let limit = first_error.as_ref().map_or(n, |(j, _)| *j);
                    let Some(&i) = ready.first() else { break };
                    if i >= limit {
                        break;
                    }
                    ready.remove(&i);
                    let metric = self.order[i];
                    let spec = metric.spec();
                    on_metric(spec.id);
                    let skipped_dep = spec.depends_on.iter().find_map(|d| match outcomes.get(d) {
                        Some(Outcome::Skipped(reason)) => Some((*d, reason.clone())),
                        _ => None,
                    });
                    let missing: Vec<_> = spec
                        .requires
                        .iter()
                        .filter(|d| !(run.available)(d))
                        .collect();
                    let skip = if !missing.is_empty() {
                        let names: Vec<_> = missing.iter().map(|d| format!("`{d}`")).collect();
                        let plural = if names.len() > 1 {
                            "datasets"
                        } else {
                            "dataset"
                        };
                        Some(format!("{plural} {} not configured", names.join(", ")))
                    } else {
                        skipped_dep.map(|(dep, reason)| {
                            format!("needs `{dep}`, which was skipped: {reason}")
                        })
                    };
                    if let Some(reason) = skip {
                        outcomes.insert(spec.id, Outcome::Skipped(reason));
                        finished += 1;
                        for &k in &dependents[i] {
                            waiting[k] -= 1;
                            if waiting[k] == 0 {
                                ready.insert(k);
                            }
                        }
                        continue;
                    }
                    let inputs = spec
                        .depends_on
                        .iter()
                        .filter_map(|d| match outcomes.get(d) {
                            Some(Outcome::Evaluated(series)) => Some((*d, series.clone())),
                            _ => None,
                        })
                        .collect();
                    if job_tx.send(Job { index: i, inputs }).is_err() {
                        break;
                    }
                    running += 1;
                }
                if running == 0 {
                    break;
                }
                let Ok((i, outcome)) = done_rx.recv() else {
                    break;
                };
                running -= 1;
                finished += 1;
                match outcome {
                    Ok(outcome) => {
                        outcomes.insert(self.order[i].spec().id, outcome);
                        for &k in &dependents[i] {
                            waiting[k] -= 1;
                            if waiting[k] == 0 {
                                ready.insert(k);
                            }
                        }
                    }
                    // Report the failure of the earliest metric in plan order, as a
                    // sequential run would.
                    Err(e) => match &first_error {
                        Some((j, _)) if *j < i => {}
                        _ => first_error = Some((i, e)),
                    },
                }
            }
            drop(job_tx);
            match first_error {
                Some((_, e)) => Err(e),
                None => Ok(outcomes),
            }
        })
    }
}

/// One metric to evaluate on a worker, with the series of its dependencies.
struct Job {
    index: usize,
    inputs: BTreeMap<&'static str, Series>,
}

/// How many metrics evaluate at once: `VITALS_THREADS` when set to a positive number, else
/// the machine's available parallelism.
pub fn threads() -> usize {
    std::env::var("VITALS_THREADS")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn evaluate_one(
    metric: &'static dyn Metric,
    run: &RunContext<'_>,
    inputs: &BTreeMap<&'static str, Series>,
) -> Result<Outcome> {
    let spec = metric.spec();
    let cx = EvalContext {
        metric: spec.id,
        depends_on: spec.depends_on,
        run,
        results: inputs,
    };
    let series = metric.evaluate(&cx).map_err(|e| match e {
        Error::Eval { .. } => e,
        other => Error::eval(spec.id, other.to_string()),
    })?;
    if series.points.len() != run.periods.len() {
        return Err(Error::eval(
            spec.id,
            format!(
                "returned {} points for {} periods",
                series.points.len(),
                run.periods.len()
            ),
        ));
    }
    Ok(Outcome::Evaluated(series))
}

fn visit(
    registry: &Registry,
    metric: &'static dyn Metric,
    chain: &mut Vec<&'static str>,
    done: &mut BTreeSet<&'static str>,
    order: &mut Vec<&'static dyn Metric>,
) -> Result<()> {
    let id = metric.spec().id;
    if done.contains(id) {
        return Ok(());
    }
    if let Some(pos) = chain.iter().position(|c| *c == id) {
        let mut cycle: Vec<String> = chain[pos..].iter().map(|s| s.to_string()).collect();
        cycle.push(id.to_string());
        return Err(Error::Cycle { chain: cycle });
    }
    chain.push(id);
    for dep in metric.spec().depends_on {
        let dep_metric = registry.metric(dep).map_err(|_| Error::UnknownDependency {
            metric: id.to_string(),
            dependency: dep.to_string(),
            suggestion: did_you_mean(dep, registry.metric_ids()),
        })?;
        visit(registry, dep_metric, chain, done, order)?;
    }
    chain.pop();
    done.insert(id);
    order.push(metric);
    Ok(())
}

/// What happened to one metric in a run.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Evaluated to a series.
    Evaluated(Series),
    /// Not evaluated, with the reason.
    Skipped(String),
}

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
}

/// What a metric sees while it evaluates.
pub struct EvalContext<'a> {
    metric: &'static str,
    depends_on: &'static [&'static str],
    run: &'a RunContext<'a>,
    results: &'a BTreeMap<&'static str, Series>,
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
        format!("date_trunc('{}', {expr})", self.grain().as_str())
    }

    /// SQL aggregating `table` (aliased `t`) per period by the timestamp column `ts`, for
    /// flow metrics: `SELECT p.idx, {exprs} FROM {table} t JOIN periods p ON … WHERE
    /// {filter} GROUP BY p.idx`. Pass `"TRUE"` for no filter.
    ///
    /// ```ignore
    /// let sql = cx.flow("orders", "ordered_at", "SUM(t.gross_amount)", "TRUE");
    /// ```
    pub fn flow(&self, table: &str, ts: &str, exprs: &str, filter: &str) -> String {
        format!(
            "SELECT p.idx, {exprs} FROM {table} t JOIN periods p ON {bucket} = p.start \
             WHERE {filter} GROUP BY p.idx",
            bucket = self.bucket(&format!("t.{ts}"))
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
            .map_err(|e| Error::eval(self.metric, e.to_string()))
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
    /// gives null with `note_if_zero`, and a null input carries its note over.
    pub fn ratio_of(
        &self,
        numerator: &str,
        denominator: &str,
        note_if_zero: &str,
    ) -> Result<Series> {
        let n = self.metric(numerator)?;
        let d = self.metric(denominator)?;
        Ok(n.zip_with(d, |a, b| {
            a.checked_div(b).ok_or_else(|| note_if_zero.to_string())
        }))
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
        Error::eval(self.metric, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Direction, EvalContext, FnMetric, MetricSpec, Unit};

    struct NoEngine;

    impl QueryEngine for NoEngine {
        fn query(&self, _: &str) -> Result<Table> {
            Err(Error::Query {
                message: "no engine in this test".into(),
            })
        }
    }

    const fn spec(
        id: &'static str,
        requires: &'static [&'static str],
        depends_on: &'static [&'static str],
    ) -> MetricSpec {
        MetricSpec {
            requires,
            depends_on,
            ..MetricSpec::simple(
                id,
                id,
                "test",
                "",
                "",
                Unit::Count,
                Direction::Neutral,
                &[],
                "",
            )
        }
    }

    fn constant(cx: &EvalContext<'_>, value: i64) -> Result<Series> {
        Ok(Series::from_values(
            cx.periods(),
            cx.periods().iter().map(|_| Some(Decimal::from(value))),
            "",
        ))
    }

    static TWO: FnMetric = FnMetric {
        spec: spec("two", &[], &[]),
        evaluate: |cx| constant(cx, 2),
    };
    static THREE: FnMetric = FnMetric {
        spec: spec("three", &[], &[]),
        evaluate: |cx| constant(cx, 3),
    };
    static FIVE: FnMetric = FnMetric {
        spec: spec("five", &[], &["two", "three"]),
        evaluate: |cx| {
            let (a, b) = (cx.metric("two")?, cx.metric("three")?);
            Ok(a.zip_with(b, |x, y| Ok(x + y)))
        },
    };
    static TEN: FnMetric = FnMetric {
        spec: spec("ten", &[], &["five", "two"]),
        evaluate: |cx| {
            let (a, b) = (cx.metric("five")?, cx.metric("two")?);
            Ok(a.zip_with(b, |x, y| Ok(x * y)))
        },
    };
    static NO_DATA: FnMetric = FnMetric {
        spec: spec("no_data", &["missing"], &[]),
        evaluate: |cx| constant(cx, 1),
    };
    static AFTER_NO_DATA: FnMetric = FnMetric {
        spec: spec("after_no_data", &[], &["no_data"]),
        evaluate: |cx| constant(cx, 1),
    };
    static FAILS_FIRST: FnMetric = FnMetric {
        spec: spec("fails_first", &[], &["ten"]),
        evaluate: |cx| cx.query("SELECT 1").map(|_| Series { points: Vec::new() }),
    };
    static FAILS_LATER: FnMetric = FnMetric {
        spec: spec("fails_later", &[], &[]),
        evaluate: |_| Err(Error::eval("fails_later", "second failure")),
    };

    fn plan(order: &[&'static FnMetric]) -> Plan {
        Plan {
            selected: order.iter().map(|m| m.spec.id).collect(),
            order: order.iter().map(|m| *m as &'static dyn Metric).collect(),
        }
    }

    fn run_plan(plan: &Plan, threads: usize) -> (Result<BTreeMap<&'static str, Outcome>>, usize) {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let end = chrono::NaiveDate::from_ymd_opt(2026, 4, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let periods = Periods::new(Grain::Month, start, end).unwrap();
        let params = Params::default();
        let events = EventRoles::default();
        let available = |d: &str| d != "missing";
        let run = RunContext {
            periods: &periods,
            params: &params,
            events: &events,
            engine: &NoEngine,
            available: &available,
        };
        let mut started = 0;
        let result = plan.evaluate_with(&run, &mut |_| started += 1, threads);
        (result, started)
    }

    fn values(outcomes: &BTreeMap<&'static str, Outcome>, id: &str) -> Vec<Option<Decimal>> {
        match &outcomes[id] {
            Outcome::Evaluated(s) => s.values(),
            Outcome::Skipped(reason) => panic!("{id} skipped: {reason}"),
        }
    }

    #[test]
    fn concurrent_evaluation_matches_one_thread() {
        let plan = plan(&[&TWO, &THREE, &FIVE, &TEN, &NO_DATA, &AFTER_NO_DATA]);
        for threads in [1, 2, 4, 16] {
            let (result, started) = run_plan(&plan, threads);
            let outcomes = result.unwrap();
            assert_eq!(started, 6, "{threads} threads");
            assert_eq!(values(&outcomes, "ten"), vec![Some(Decimal::from(10)); 3]);
            assert_eq!(values(&outcomes, "five"), vec![Some(Decimal::from(5)); 3]);
            assert!(
                matches!(&outcomes["no_data"], Outcome::Skipped(r) if r == "dataset `missing` not configured")
            );
            assert!(
                matches!(&outcomes["after_no_data"], Outcome::Skipped(r) if r.starts_with("needs `no_data`, which was skipped"))
            );
        }
    }

    #[test]
    fn the_first_failure_in_plan_order_is_reported_whatever_the_threads() {
        let plan = plan(&[&TWO, &THREE, &FIVE, &TEN, &FAILS_FIRST, &FAILS_LATER]);
        for threads in [1, 2, 4] {
            let err = run_plan(&plan, threads).0.unwrap_err().to_string();
            assert!(err.contains("fails_first"), "{threads} threads: {err}");
            assert!(err.contains("no engine in this test"), "{err}");
        }
    }
}
