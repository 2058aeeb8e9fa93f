//! Evaluating a plan: independent metrics concurrently on worker threads, in plan order as
//! their dependencies finish, with outcomes and errors that do not depend on timing.

use super::context::{EvalContext, RunContext};
use super::plan::{Outcome, Plan};
use crate::{Error, Metric, Result, Series};
use std::collections::{BTreeMap, BTreeSet};

impl Plan {
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

/// How many threads a run uses wherever it chooses (metrics evaluated at once, datasets
/// loaded at once, CSV blocks and Parquet row groups read at once, the query engine's
/// workers and partitions): `VITALS_THREADS` when set to a positive number, else the
/// machine's available parallelism.
pub fn threads() -> usize {
    threads_from(std::env::var("VITALS_THREADS").ok().as_deref())
}

/// [`threads`] for a given value of `VITALS_THREADS`.
fn threads_from(setting: Option<&str>) -> usize {
    setting
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
    let started = std::time::Instant::now();
    let series = metric
        .evaluate(&cx)
        .map_err(|e| Error::in_metric(spec.id, e))?;
    if let Some(timings) = run.timings {
        timings.record(spec.id, started.elapsed());
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        Decimal, Direction, EvalContext, EventRoles, FnMetric, Grain, MetricSpec, Params, Periods,
        QueryEngine, Table, Unit,
    };

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
            Ok(a.zip_with(b, crate::sum))
        },
    };
    static TEN: FnMetric = FnMetric {
        spec: spec("ten", &[], &["five", "two"]),
        evaluate: |cx| {
            let (a, b) = (cx.metric("five")?, cx.metric("two")?);
            Ok(a.zip_with(b, crate::product))
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
            timings: None,
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
    fn vitals_threads_sets_the_thread_count_when_positive() {
        let machine = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(threads_from(Some("3")), 3);
        assert_eq!(threads_from(Some(" 1 ")), 1);
        assert_eq!(threads_from(Some("0")), machine);
        assert_eq!(threads_from(Some("many")), machine);
        assert_eq!(threads_from(None), machine);
    }

    #[test]
    fn the_first_failure_in_plan_order_is_reported_whatever_the_threads() {
        let plan = plan(&[&TWO, &THREE, &FIVE, &TEN, &FAILS_FIRST, &FAILS_LATER]);
        for threads in [1, 2, 4] {
            let err = crate::error_chain(&run_plan(&plan, threads).0.unwrap_err());
            assert!(err.contains("fails_first"), "{threads} threads: {err}");
            assert!(err.contains("no engine in this test"), "{err}");
        }
    }
}
