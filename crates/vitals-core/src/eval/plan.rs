//! Which metrics a run evaluates: the selection of sets, metric ids and families, and the
//! plan that orders them and their dependencies.

use crate::{Error, Metric, Registry, Result, Series, did_you_mean};
use std::collections::BTreeSet;

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
