//! How one metric is computed in this run: the SQL it runs, in order, and the engine's plan
//! of each query.

use super::Session;
use std::collections::BTreeMap;
use std::sync::Mutex;
use vitals_core::{Outcome, Plan, QueryEngine, Result, RunContext, Table};

/// One query a metric ran.
#[derive(Debug, Clone)]
pub struct ExplainedQuery {
    /// The SQL as the metric wrote it.
    pub sql: String,
    /// The engine's plan of it (with `analyze`, as executed).
    pub plan: String,
}

/// How one metric was computed in a run.
#[derive(Debug)]
pub struct Explanation {
    /// The metric's own queries, in the order it ran them.
    pub queries: Vec<ExplainedQuery>,
    /// The shared views its queries read, with their SQL.
    pub views: Vec<(String, String)>,
    /// The helper tables its queries read (`periods`, `days`).
    pub helpers: Vec<&'static str>,
    /// The metrics it depends on, evaluated first.
    pub dependencies: Vec<&'static str>,
    /// Its outcome in this run.
    pub outcome: Option<Outcome>,
}

/// A query engine that records the queries of the metric being evaluated.
struct Recorder<'a> {
    inner: &'a dyn QueryEngine,
    current: Mutex<&'static str>,
    target: &'static str,
    queries: Mutex<Vec<String>>,
}

impl QueryEngine for Recorder<'_> {
    fn query(&self, sql: &str) -> Result<Table> {
        let current = *self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current == self.target {
            self.queries
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(sql.to_string());
        }
        self.inner.query(sql)
    }
}

impl Session<'_> {
    /// Evaluates `metric` (after its dependencies) as a run would, one metric at a time,
    /// recording the SQL it runs; then asks the engine for the plan of each query, with
    /// `analyze` running it again to measure each operator.
    pub fn explain(&self, metric: &'static str, analyze: bool) -> Result<Explanation> {
        let plan = Plan::new(self.registry, vec![metric])?;
        let recorder = Recorder {
            inner: self.engine.as_ref(),
            current: Mutex::new(""),
            target: metric,
            queries: Mutex::new(Vec::new()),
        };
        let configured = |d: &str| self.configured.contains(d);
        let run = RunContext {
            periods: &self.evaluated,
            params: &self.params,
            events: &self.events,
            engine: &recorder,
            available: &configured,
            timings: None,
        };
        // One worker: a metric starts only when the one before has finished, so every query
        // recorded while `metric` is current is its own.
        let mut outcomes: BTreeMap<&'static str, Outcome> = plan.evaluate_with(
            &run,
            &mut |id| *recorder.current.lock().unwrap_or_else(|e| e.into_inner()) = id,
            1,
        )?;
        let sqls = recorder
            .queries
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let mut queries = Vec::new();
        for sql in sqls {
            let plan = self.engine.explain(&sql, analyze)?;
            queries.push(ExplainedQuery { sql, plan });
        }
        let reads = |name: &str| {
            queries.iter().any(|q| {
                q.sql
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .any(|w| w == name)
            })
        };
        let views = self
            .views
            .iter()
            .filter(|(id, _)| reads(id))
            .cloned()
            .collect();
        let helpers = ["periods", "days"]
            .into_iter()
            .filter(|h| reads(h))
            .collect();
        let dependencies = plan
            .order
            .iter()
            .map(|m| m.spec().id)
            .filter(|id| *id != metric)
            .collect();
        Ok(Explanation {
            queries,
            views,
            helpers,
            dependencies,
            outcome: outcomes.remove(metric),
        })
    }
}
