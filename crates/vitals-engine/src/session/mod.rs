//! One run, owned in one place: where the datasets come from, which are loaded up front and
//! which on first use, the helper tables and views, the range and grain, the evaluation of a
//! [`Plan`] into outcomes, and the "no data" blanking of metrics whose datasets are empty.
//!
//! The runner, the test fixture and any custom runner set a run up through
//! [`SessionBuilder`]; none of them registers a table or touches DataFusion itself. The
//! engine is any [`RunEngine`]: by default the local DataFusion [`Engine`].
//!
//! ```no_run
//! use vitals_core::{Grain, Plan, registry};
//! use vitals_engine::{DatasetSource, Session};
//!
//! let registry = registry()?;
//! let plan = Plan::new(registry, vec!["gross_revenue"])?;
//! let session = Session::builder(registry)
//!     .dataset("orders", DatasetSource::new("exports/orders.csv"))
//!     .grain(Grain::Month)
//!     .build(&plan)?;
//! let outcomes = session.evaluate(&plan, &mut |_| {})?;
//! # Ok::<(), vitals_core::Error>(())
//! ```

mod breakdown;
mod cohort;
mod coverage;
mod explain;
mod restrict;

pub use breakdown::{Breakdown, DimensionValues};
pub use coverage::{Declared, Span};
pub use explain::{ExplainedQuery, Explanation};

use crate::{Engine, TextStorage};
use breakdown::{By, needed, rank};
use chrono::NaiveDateTime;
use restrict::{cuts, restriction_sql, unmatched};
use std::collections::{BTreeMap, BTreeSet};
use vitals_core::{
    Calendar, DatasetSource, DatasetSpec, DimensionSpec, Error, EventRoles, Grain, LoadStats,
    Outcome, Params, Period, Periods, Plan, Point, Registry, Result, RunContext, RunEngine, Series,
    Table, Timings, Value, ViewContext,
};

/// A filter of a run: a dimension and the values whose rows are kept.
pub type Filter = (&'static DimensionSpec, Vec<String>);

/// How many complete periods the default range covers.
const DEFAULT_PERIODS: usize = 12;

/// Sets up a [`Session`]: the datasets, params, event roles, grain and range of a run.
pub struct SessionBuilder<'r> {
    registry: &'r Registry,
    datasets: BTreeMap<String, DatasetSource>,
    params: Option<Params>,
    events: EventRoles,
    grain: Grain,
    calendar: Calendar,
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
    problem_cap: usize,
    text_storage: TextStorage,
    engine: Option<Box<dyn RunEngine>>,
    filters: Vec<Filter>,
    by: Option<(&'static DimensionSpec, usize)>,
    memory_limit: Option<usize>,
    query_timeout: Option<std::time::Duration>,
    reads: BTreeSet<&'static str>,
    compare_year: bool,
    declared: BTreeMap<String, Declared>,
}

/// One run: its engine with every table registered, its periods, params and event roles.
pub struct Session<'r> {
    registry: &'r Registry,
    engine: Box<dyn RunEngine>,
    /// The periods evaluated: the range, and with a year comparison the year before it.
    evaluated: Periods,
    /// The range's periods, as reported.
    periods: Periods,
    params: Params,
    events: EventRoles,
    configured: BTreeSet<String>,
    empty: BTreeSet<&'static str>,
    filters: Vec<Filter>,
    /// The datasets the filters restrict.
    restricted: BTreeSet<&'static str>,
    views: Vec<(String, String)>,
    by: Option<By>,
    warnings: Vec<String>,
    /// The span each loaded dataset with rows covers.
    spans: BTreeMap<&'static str, Span>,
    /// How long setting the run up took, step by step.
    setup: Vec<(String, std::time::Duration)>,
    /// How long each metric took.
    timings: Timings,
}

impl Session<'_> {
    /// A builder for a run over the metrics and datasets of `registry`.
    pub fn builder(registry: &Registry) -> SessionBuilder<'_> {
        SessionBuilder {
            registry,
            datasets: BTreeMap::new(),
            params: None,
            events: EventRoles::default(),
            grain: Grain::Month,
            calendar: Calendar::default(),
            from: None,
            to: None,
            problem_cap: 20,
            text_storage: TextStorage::Auto,
            engine: None,
            filters: Vec::new(),
            by: None,
            memory_limit: None,
            query_timeout: None,
            reads: BTreeSet::new(),
            compare_year: false,
            declared: BTreeMap::new(),
        }
    }
}

impl<'r> SessionBuilder<'r> {
    /// Adds dataset `id` from `source` (a later source for the same id replaces it).
    pub fn dataset(mut self, id: impl Into<String>, source: DatasetSource) -> Self {
        self.datasets.insert(id.into(), source);
        self
    }

    /// Declares the span dataset `id` covers, `[from, to)`, instead of the one its rows give
    /// (the day of the first row to the day of the last): for data whose rows are sparse, so
    /// that its last row says little about how far it reaches. Either side may be left to
    /// the rows.
    pub fn covers(
        mut self,
        id: impl Into<String>,
        from: Option<NaiveDateTime>,
        to: Option<NaiveDateTime>,
    ) -> Self {
        self.declared.insert(id.into(), (from, to));
        self
    }

    /// Adds every `(id, source)` of `datasets`.
    pub fn datasets(mut self, datasets: impl IntoIterator<Item = (String, DatasetSource)>) -> Self {
        self.datasets.extend(datasets);
        self
    }

    /// The resolved params (by default every param's default).
    pub fn params(mut self, params: Params) -> Self {
        self.params = Some(params);
        self
    }

    /// The event names of the event roles (by default the contract's names).
    pub fn events(mut self, events: EventRoles) -> Self {
        self.events = events;
        self
    }

    /// The grain of the periods (by default months).
    pub fn grain(mut self, grain: Grain) -> Self {
        self.grain = grain;
        self
    }

    /// The calendar periods are cut in: the day weeks start on, the month fiscal years start
    /// in (by default ISO weeks and calendar years).
    pub fn calendar(mut self, calendar: Calendar) -> Self {
        self.calendar = calendar;
        self
    }

    /// Also evaluates the year before the range, so that each period can be compared with the
    /// same period a year earlier ([`Session::split`]); the range itself does not move.
    pub fn compare_year(mut self, on: bool) -> Self {
        self.compare_year = on;
        self
    }

    /// The start of the range, inclusive; without it the range ends `to`, or is the last 12
    /// complete periods the data covers.
    pub fn from(mut self, from: Option<NaiveDateTime>) -> Self {
        self.from = from;
        self
    }

    /// The end of the range, exclusive; without it the range runs to the end of the last
    /// complete period the data covers.
    pub fn to(mut self, to: Option<NaiveDateTime>) -> Self {
        self.to = to;
        self
    }

    /// How many problems per file are reported in full before the rest are only counted
    /// (local engine only).
    pub fn problem_cap(mut self, cap: usize) -> Self {
        self.problem_cap = cap;
        self
    }

    /// How loaded text columns are stored (local engine only).
    pub fn text_storage(mut self, text: TextStorage) -> Self {
        self.text_storage = text;
        self
    }

    /// Restricts the whole run to the rows whose `dimension` is one of `values`: every
    /// dataset that carries the dimension keeps only those rows. Several filters combine
    /// with AND. A metric to which the dimension does not apply is skipped with the reason.
    pub fn restrict(mut self, dimension: &'static DimensionSpec, values: Vec<String>) -> Self {
        self.filters.push((dimension, values));
        self
    }

    /// Breaks the run down by `dimension`: the `top` values with the most rows are named
    /// groups, the rest one `(other)` group, and rows with no value the `(none)` group
    /// ([`Session::breakdown`]).
    pub fn by(mut self, dimension: &'static DimensionSpec, top: usize) -> Self {
        self.by = Some((dimension, top));
        self
    }

    /// The working memory every query may use (local engine only; by default no limit).
    pub fn memory_limit(mut self, bytes: Option<usize>) -> Self {
        self.memory_limit = bytes;
        self
    }

    /// How long any one query may run (local engine only; by default no limit).
    pub fn query_timeout(mut self, limit: Option<std::time::Duration>) -> Self {
        self.query_timeout = limit;
        self
    }

    /// Loads `dataset` up front and restricts it by the filters, as a dataset that a metric
    /// of the plan requires (for work over the data that is not a metric: cohort tables).
    pub fn reading(mut self, dataset: &'static str) -> Self {
        self.reads.insert(dataset);
        self
    }

    /// Serves the run with `engine` instead of the local DataFusion engine.
    pub fn engine(mut self, engine: Box<dyn RunEngine>) -> Self {
        self.engine = Some(engine);
        self
    }

    fn take_engine(&mut self) -> Result<Box<dyn RunEngine>> {
        match self.engine.take() {
            Some(engine) => Ok(engine),
            None => {
                let boxed = |e| Error::Engine(Box::new(e));
                let mut engine = Engine::new()
                    .map_err(boxed)?
                    .with_problem_cap(self.problem_cap)
                    .with_text_storage(self.text_storage)
                    .with_scan_in_place_from(crate::scan_in_place_from(self.datasets.values()));
                if let Some(bytes) = self.memory_limit {
                    engine = engine.with_memory_limit(bytes).map_err(boxed)?;
                }
                if let Some(limit) = self.query_timeout {
                    engine = engine.with_query_timeout(limit);
                }
                Ok(Box::new(engine))
            }
        }
    }

    /// The contract spec of every configured dataset, in the order of `self.datasets`.
    fn specs(&self) -> Result<Vec<(&'static DatasetSpec, &DatasetSource)>> {
        self.datasets
            .iter()
            .map(|(id, source)| Ok((self.registry.dataset(id)?, source)))
            .collect()
    }

    /// Loads every configured dataset, one after the other, and returns each one's
    /// statistics or problems, without computing anything (`vitals check`).
    pub fn check(mut self) -> Result<Vec<(String, Result<LoadStats>)>> {
        let engine = self.take_engine()?;
        Ok(self
            .specs()?
            .into_iter()
            .map(|(spec, source)| (spec.id.to_string(), engine.load_dataset(spec, source)))
            .collect())
    }

    /// Sets up the run of `plan`: the datasets its metrics require are loaded (and
    /// validated) now, so that bad data fails before any work; any other configured dataset
    /// is loaded the first time a query names it; a dataset that is not configured is an
    /// empty table. Then the range is placed, and the helper tables and views registered.
    pub fn build(mut self, plan: &Plan) -> Result<Session<'r>> {
        let mut engine = self.take_engine()?;
        let specs = self.specs()?;
        let mut needed = needed(plan);
        needed.extend(self.reads.iter().copied());
        let mut eager = Vec::new();
        for spec in self.registry.datasets() {
            match specs.iter().find(|(s, _)| s.id == spec.id) {
                Some((_, source)) if needed.contains(spec.id) => eager.push((*spec, *source)),
                Some((_, source)) => engine.defer_dataset(spec, (*source).clone())?,
                None => engine.register_empty(spec)?,
            }
        }
        // Datasets whose file holds a header and no rows: no data is not zero revenue.
        let mut setup = Vec::new();
        let empty = load_all(engine.as_ref(), &eager, &mut setup)?;
        let started = std::time::Instant::now();
        let loaded: Vec<&'static DatasetSpec> = eager.iter().map(|(s, _)| *s).collect();
        let with_rows: Vec<&'static DatasetSpec> = loaded
            .iter()
            .copied()
            .filter(|d| !empty.contains(d.id))
            .collect();
        let now = chrono::Utc::now().naive_utc();
        let spans = coverage::spans(
            engine.as_ref(),
            &with_rows,
            self.calendar,
            &self.declared,
            now,
        )?;
        let periods = match (self.from, self.to) {
            (Some(from), Some(to)) => Periods::in_calendar(self.grain, self.calendar, from, to)?,
            (from, to) => {
                // Within the data every configured dataset covers, whatever the metrics: a
                // dataset this run does not read counts by its declared end, else by its
                // Parquet footers' statistics, else it is read (once, on first use, as a
                // metric would read it). One that cannot be read does not count: no metric
                // of this run needs it. By the rows' times when no span has both ends.
                let mut all = spans.clone();
                for (spec, source) in &specs {
                    if loaded.iter().any(|l| l.id == spec.id) || empty.contains(spec.id) {
                        continue;
                    }
                    let declared = self.declared.get(spec.id).copied().unwrap_or((None, None));
                    let rows = match declared {
                        _ if spec.coverage == vitals_core::Coverage::Catalogue => None,
                        (_, Some(_)) => None,
                        _ => crate::load::footer_time_bounds(spec, source)
                            .or_else(|| coverage::read_bounds(engine.as_ref(), spec)),
                    };
                    if let Some(span) = coverage::span_of(spec, rows, declared, self.calendar, now)
                    {
                        all.insert(spec.id, span);
                    }
                }
                let bounds = match coverage::range_bounds(&all) {
                    Some(bounds) => Some(bounds),
                    None => time_bounds(engine.as_ref(), &loaded)?,
                };
                default_range(self.grain, self.calendar, from, to, bounds)?
            }
        };
        setup.push(("coverage and range".to_string(), started.elapsed()));
        let shown = periods.clone();
        let periods = if self.compare_year {
            let earliest = self.calendar.year_earlier(self.grain, shown.start());
            Periods::in_calendar(self.grain, self.calendar, earliest, shown.end())?
        } else {
            periods
        };
        engine.set_periods(&periods)?;
        // Restricted after the range is placed and "no data" is judged: both follow the
        // unrestricted data.
        let restricted: Vec<(String, String)> = needed
            .iter()
            .filter(|d| self.datasets.contains_key(**d))
            .filter_map(|d| {
                restriction_sql(d, &cuts(&self.filters)).map(|sql| (d.to_string(), sql))
            })
            .collect();
        let warnings = if restricted.is_empty() {
            Vec::new()
        } else {
            // A dataset with no rows at all is "no data", not a value that matches nothing.
            let ids: Vec<String> = restricted
                .iter()
                .map(|(id, _)| id.clone())
                .filter(|id| !empty.contains(id.as_str()))
                .collect();
            engine.restrict(restricted)?;
            unmatched(engine.as_ref(), &ids, &self.filters)?
        };
        let params = match self.params.take() {
            Some(params) => params,
            None => Params::resolve(self.registry, [])?,
        };
        let cx = ViewContext {
            params: &params,
            events: &self.events,
            grain: self.grain,
            periods: &periods,
        };
        let views: Vec<(String, String)> = self
            .registry
            .views()
            .map(|v| (v.id.to_string(), (v.sql)(&cx)))
            .collect();
        engine.set_views(views.clone())?;
        let configured: BTreeSet<String> = self.datasets.into_keys().collect();
        let mut session = Session {
            registry: self.registry,
            engine,
            evaluated: periods,
            periods: shown,
            params,
            events: self.events,
            configured,
            empty,
            filters: self.filters,
            restricted: needed,
            views,
            by: None,
            warnings,
            spans,
            setup,
            timings: Timings::default(),
        };
        if let Some((dimension, top)) = self.by {
            let started = std::time::Instant::now();
            let (selected, _) = session.applicable(plan, Some(dimension))?;
            let read: BTreeSet<&'static str> = needed_of(session.registry, selected)?
                .into_iter()
                .filter(|d| session.configured.contains(*d))
                .collect();
            session.by = Some(rank(
                session.engine.as_ref(),
                dimension,
                &read,
                &session.configured,
                top,
            )?);
            session
                .setup
                .push((format!("ranking {}", dimension.id), started.elapsed()));
        }
        Ok(session)
    }
}

impl Session<'_> {
    /// The periods of the run's range (without the year before it that a year comparison
    /// also evaluates).
    pub fn periods(&self) -> &Periods {
        &self.periods
    }

    /// With a year comparison, the evaluated period a year before the range's last.
    pub fn year_earlier(&self) -> Option<&Period> {
        if self.periods.len() == self.evaluated.len() {
            return None;
        }
        let last = self.periods.as_slice().last()?;
        let start = self
            .evaluated
            .calendar()
            .year_earlier(self.evaluated.grain(), last.start);
        self.evaluated.as_slice().iter().find(|p| p.start == start)
    }

    /// A series evaluated by this session as reported: its points over the range, and with a
    /// year comparison the point a year before the last.
    pub fn split(&self, series: Series) -> (Series, Option<Point>) {
        let skip = self.evaluated.len() - self.periods.len();
        if skip == 0 {
            return (series, None);
        }
        let earlier = self
            .year_earlier()
            .and_then(|p| series.points.get(p.idx).cloned());
        let points = series.points.into_iter().skip(skip).collect();
        (Series { points }, earlier)
    }

    /// The registry the run evaluates metrics from.
    pub fn registry(&self) -> &Registry {
        self.registry
    }

    /// The loaded datasets that have no rows.
    pub fn empty_datasets(&self) -> &BTreeSet<&'static str> {
        &self.empty
    }

    /// The span of time each loaded dataset with rows covers (declared, or from its rows by
    /// its coverage rule); a catalogue without a declared span has none.
    pub fn coverage(&self) -> &BTreeMap<&'static str, Span> {
        &self.spans
    }

    /// The filters the run is restricted by.
    pub fn filters(&self) -> &[Filter] {
        &self.filters
    }

    /// What a person should know about the run that is not an error: a filter value that no
    /// row has.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// How long setting the run up took, step by step: each dataset loaded up front (read,
    /// checked and held in memory), placing the range, ranking a breakdown's groups.
    pub fn setup_times(&self) -> &[(String, std::time::Duration)] {
        &self.setup
    }

    /// How long each metric evaluated so far took (on its worker thread, including the
    /// views it was the first to read), in the order they finished.
    pub fn metric_times(&self) -> Vec<(&'static str, std::time::Duration)> {
        self.timings.all()
    }

    /// Runs one read-only query over the run's tables.
    pub fn query(&self, sql: &str) -> Result<Table> {
        self.engine.query(sql)
    }

    /// Evaluates `plan`: a metric whose datasets are not all configured is skipped with that
    /// reason (and so is every metric that depends on it); so is a selected metric to which a
    /// filter's dimension does not apply; a metric that reads a dataset with no rows,
    /// directly or through a metric it depends on, is null in every period with a note
    /// naming the dataset. `on_metric` is called as each metric starts.
    pub fn evaluate(
        &self,
        plan: &Plan,
        on_metric: &mut dyn FnMut(&'static str),
    ) -> Result<BTreeMap<&'static str, Outcome>> {
        let (applicable, not_applicable) = self.applicable(plan, None)?;
        if not_applicable.is_empty() {
            return self.evaluate_all(plan, on_metric);
        }
        // The metrics a filter applies to depend only on metrics it applies to as well.
        let mut outcomes = self.evaluate_all(&Plan::new(self.registry, applicable)?, on_metric)?;
        outcomes.extend(
            not_applicable
                .into_iter()
                .map(|(id, reason)| (id, Outcome::Skipped(reason))),
        );
        Ok(outcomes)
    }

    /// The selected metrics of `plan` to which every filter (and `extra`, when given)
    /// applies, and the others with the reason.
    fn applicable(
        &self,
        plan: &Plan,
        extra: Option<&'static DimensionSpec>,
    ) -> Result<(Vec<&'static str>, BTreeMap<&'static str, String>)> {
        let mut applicable = Vec::new();
        let mut not_applicable = BTreeMap::new();
        'metric: for id in &plan.selected {
            for dimension in self.filters.iter().map(|(d, _)| *d).chain(extra) {
                if let Err(reason) = self.registry.dimension_applies(id, dimension)? {
                    not_applicable.insert(*id, reason);
                    continue 'metric;
                }
            }
            applicable.push(*id);
        }
        Ok((applicable, not_applicable))
    }

    fn evaluate_all(
        &self,
        plan: &Plan,
        on_metric: &mut dyn FnMut(&'static str),
    ) -> Result<BTreeMap<&'static str, Outcome>> {
        let configured = |d: &str| self.configured.contains(d);
        let run = RunContext {
            periods: &self.evaluated,
            params: &self.params,
            events: &self.events,
            engine: self.engine.as_ref(),
            available: &configured,
            timings: Some(&self.timings),
        };
        let mut outcomes = plan.evaluate(&run, on_metric)?;
        blank_without_data(plan, &self.empty, &mut outcomes);
        coverage::mark(
            plan,
            &self.spans,
            self.evaluated.as_slice(),
            self.evaluated.calendar(),
            &mut outcomes,
        );
        Ok(outcomes)
    }
}

/// The datasets required by `selected` and the metrics they depend on.
fn needed_of(registry: &Registry, selected: Vec<&'static str>) -> Result<BTreeSet<&'static str>> {
    Ok(needed(&Plan::new(registry, selected)?))
}

/// Loads `jobs` on as many threads as metrics evaluate on, largest file first. Returns the
/// datasets with no rows. When several files are bad, the error is the first in contract
/// order, as a one-by-one load would report it.
fn load_all(
    engine: &dyn RunEngine,
    jobs: &[(&'static DatasetSpec, &DatasetSource)],
    times: &mut Vec<(String, std::time::Duration)>,
) -> Result<BTreeSet<&'static str>> {
    let mut queue: Vec<(usize, &'static DatasetSpec, &DatasetSource)> = jobs
        .iter()
        .enumerate()
        .map(|(i, (spec, source))| (i, *spec, *source))
        .collect();
    // Largest first; a database's size is unknown and its reading waits on the server, so
    // it starts before any file.
    queue.sort_by_key(|(_, _, source)| {
        std::cmp::Reverse(match source.file() {
            Some(file) => std::fs::metadata(file).map_or(0, |m| m.len()),
            None => u64::MAX,
        })
    });
    let queue = std::sync::Mutex::new(queue.into_iter());
    let results = std::sync::Mutex::new(Vec::new());
    let workers = vitals_core::threads().min(jobs.len()).max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.next());
                    let Some((i, spec, source)) = next else {
                        return;
                    };
                    let started = std::time::Instant::now();
                    let result = engine.load_dataset(spec, source);
                    if let Ok(mut r) = results.lock() {
                        r.push((i, result, started.elapsed()));
                    }
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _, _)| *i);
    let mut empty = BTreeSet::new();
    for (i, result, took) in results {
        let rows = result?.rows;
        if rows == 0 {
            empty.insert(jobs[i].0.id);
        }
        times.push((format!("loading {} ({rows} rows)", jobs[i].0.id), took));
    }
    Ok(empty)
}

/// The earliest and latest value of the time columns of `specs`, overall.
fn time_bounds(
    engine: &dyn RunEngine,
    specs: &[&'static DatasetSpec],
) -> Result<Option<(NaiveDateTime, NaiveDateTime)>> {
    if specs.is_empty() {
        return Ok(None);
    }
    let parts: Vec<String> = specs
        .iter()
        .map(|s| {
            format!(
                "SELECT MIN({c}) AS lo, MAX({c}) AS hi FROM {t}",
                c = s.time_column,
                t = s.id
            )
        })
        .collect();
    let sql = format!(
        "SELECT MIN(lo), MAX(hi) FROM ({})",
        parts.join(" UNION ALL ")
    );
    let table = engine.query(&sql)?;
    Ok(match table.rows.first().map(|r| (&r[0], &r[1])) {
        Some((Value::Time(lo), Value::Time(hi))) => Some((*lo, *hi)),
        _ => None,
    })
}

/// The range when `from` or `to` (or both) are not given, from the data's `bounds`: from
/// `from` to the end of the last complete period; the 12 periods before `to` (fewer when
/// the data starts later: from its first whole period); or the last 12 periods the data
/// covers whole, first and last.
fn default_range(
    grain: Grain,
    calendar: Calendar,
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
    bounds: Option<(NaiveDateTime, NaiveDateTime)>,
) -> Result<Periods> {
    let floor = |t| calendar.floor(grain, t);
    match (bounds, from, to) {
        (_, Some(from), None) => {
            let (_, last) = bounds.unwrap_or((from, from));
            let end = floor(last + chrono::Duration::days(1));
            Periods::in_calendar(grain, calendar, from, end.max(grain.next(floor(from))))
        }
        (Some((first, _)), None, Some(to)) => {
            let first_start = vitals_core::first_whole_period(grain, calendar, first);
            let mut start = floor(to);
            for _ in 0..DEFAULT_PERIODS {
                if start <= first_start {
                    break;
                }
                start = grain.prev(start);
            }
            Periods::in_calendar(grain, calendar, start, to)
        }
        (Some((first, last)), None, None) => {
            Periods::last_complete_in(grain, calendar, first, last, DEFAULT_PERIODS)
        }
        _ => Err(Error::Range(
            "the selected metrics' datasets hold no rows to place a default range: pass --from and --to"
                .to_string(),
        )),
    }
}

/// Makes every value of a metric that reads an empty dataset, directly or through a metric
/// it depends on, null with a note saying which dataset had no rows.
fn blank_without_data(
    plan: &Plan,
    empty: &BTreeSet<&str>,
    outcomes: &mut BTreeMap<&'static str, Outcome>,
) {
    if empty.is_empty() {
        return;
    }
    let mut why: BTreeMap<&'static str, String> = BTreeMap::new();
    for metric in &plan.order {
        let spec = metric.spec();
        let reason = spec
            .requires
            .iter()
            .find(|d| empty.contains(**d))
            .map(|d| format!("no data: dataset `{d}` has no rows"))
            .or_else(|| spec.depends_on.iter().find_map(|d| why.get(d).cloned()));
        let Some(reason) = reason else { continue };
        if let Some(Outcome::Evaluated(series)) = outcomes.get_mut(spec.id) {
            for point in &mut series.points {
                point.value = None;
                point.note = Some(reason.clone());
            }
        }
        why.insert(spec.id, reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vitals_core::parse_date_arg;

    fn t(s: &str) -> NaiveDateTime {
        parse_date_arg(s).unwrap()
    }

    fn labels(p: &Periods) -> Vec<String> {
        p.as_slice().iter().map(|p| p.label.clone()).collect()
    }

    #[test]
    fn the_default_range_is_the_last_twelve_complete_periods() {
        let p = default_range(
            Grain::Month,
            Calendar::default(),
            None,
            None,
            Some((t("2024-10-03"), t("2026-09-30"))),
        )
        .unwrap();
        assert_eq!(p.len(), 12);
        assert_eq!(p.start(), t("2025-10-01"));
        assert_eq!(p.end(), t("2026-10-01"));
    }

    #[test]
    fn a_range_with_only_to_goes_back_twelve_periods_or_to_the_first_whole_one() {
        // The data starts on 10 January: January is covered in part, so it is left out.
        let bounds = Some((t("2026-01-10"), t("2026-09-30")));
        let p = default_range(
            Grain::Month,
            Calendar::default(),
            None,
            Some(t("2026-05-01")),
            bounds,
        )
        .unwrap();
        assert_eq!(labels(&p), ["2026-02", "2026-03", "2026-04"]);
        // Data from midnight on 1 January covers January whole.
        let bounds = Some((t("2026-01-01"), t("2026-09-30")));
        let p = default_range(
            Grain::Month,
            Calendar::default(),
            None,
            Some(t("2026-05-01")),
            bounds,
        )
        .unwrap();
        assert_eq!(labels(&p), ["2026-01", "2026-02", "2026-03", "2026-04"]);
    }

    #[test]
    fn the_default_range_holds_whole_periods_only_at_both_ends() {
        // Years: 2024 holds only October to December, 2026 ends in September.
        let bounds = Some((t("2024-10-03"), t("2026-09-30")));
        let p = default_range(Grain::Year, Calendar::default(), None, None, bounds).unwrap();
        assert_eq!(labels(&p), ["2025"]);
        // Months: fewer than 12 whole months, the partial first one left out.
        let bounds = Some((t("2026-01-10"), t("2026-04-15")));
        let p = default_range(Grain::Month, Calendar::default(), None, None, bounds).unwrap();
        assert_eq!(labels(&p), ["2026-02", "2026-03"]);
        // Less than one whole period is a range error that says how to go on.
        let bounds = Some((t("2026-01-10"), t("2026-02-20")));
        let e = default_range(Grain::Month, Calendar::default(), None, None, bounds).unwrap_err();
        assert!(
            e.to_string().contains("does not cover one complete month"),
            "{e}"
        );
    }

    #[test]
    fn a_range_with_only_from_runs_to_the_last_complete_period() {
        let bounds = Some((t("2026-01-10"), t("2026-03-15")));
        let p = default_range(
            Grain::Month,
            Calendar::default(),
            Some(t("2026-01-01")),
            None,
            bounds,
        )
        .unwrap();
        assert_eq!(labels(&p), ["2026-01", "2026-02"]);
    }

    #[test]
    fn no_rows_and_no_range_is_a_range_error() {
        let e = default_range(Grain::Month, Calendar::default(), None, None, None).unwrap_err();
        assert!(matches!(e, Error::Range(_)), "{e}");
        assert!(e.to_string().contains("pass --from and --to"), "{e}");
    }
}
