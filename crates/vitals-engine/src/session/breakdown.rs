//! Breakdowns: the value of a metric for one group of a dimension is the metric evaluated on
//! the data restricted to that group. The groups are ranked once per run; each group is one
//! restriction of the loaded tables and one evaluation of the metrics the dimension applies
//! to, with the data loaded once for all of them.

use super::Session;
use super::restrict::{Keep, condition, count, cuts, restriction_sql, value_counts};
use std::collections::{BTreeMap, BTreeSet};
use vitals_core::{
    Carrier, DimensionSpec, Group, GroupKind, Outcome, Plan, Result, RunEngine, Series,
};

/// The breakdown a run was asked for, with its groups ranked.
pub(super) struct By {
    pub(super) dimension: &'static DimensionSpec,
    /// The named values, most rows first.
    pub(super) top: Vec<String>,
    /// The named values, then `(none)` and `(other)` when they hold rows.
    pub(super) groups: Vec<Group>,
}

/// A run's metrics broken down by one dimension.
#[derive(Debug, Clone)]
pub struct Breakdown {
    /// The dimension.
    pub dimension: &'static DimensionSpec,
    /// The groups: the top values by rows, most first, then `(none)` and `(other)` when
    /// they hold rows.
    pub groups: Vec<Group>,
    /// For each metric the dimension applies to, one series per group, in the order of
    /// `groups`.
    pub series: BTreeMap<&'static str, Vec<Series>>,
    /// Each selected metric the dimension does not apply to, with the reason
    /// (`plan does not apply: requires events`).
    pub not_applicable: BTreeMap<&'static str, String>,
}

/// The values of a dimension in one dataset that holds it in a column of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DimensionValues {
    /// The dataset.
    pub dataset: &'static str,
    /// Its column.
    pub column: &'static str,
    /// The dataset's rows.
    pub rows: i64,
    /// How many distinct values its rows hold.
    pub distinct: i64,
    /// The values with the most rows, most first (ties by value), with their rows.
    pub top: Vec<(String, i64)>,
    /// The rows with no value.
    pub blank: i64,
}

/// Ranks the values of `dimension` by the rows carrying each, over the datasets of `read`
/// that hold it in a column of their own (and the datasets that hold it for the others,
/// such as customers for orders), ties by value; keeps the first `top` as named groups and
/// adds `(none)` when a row of `read` has no value and `(other)` when values are left.
pub(super) fn rank(
    engine: &dyn RunEngine,
    dimension: &'static DimensionSpec,
    read: &BTreeSet<&'static str>,
    configured: &BTreeSet<String>,
    top: usize,
) -> Result<By> {
    let mut holders = BTreeSet::new();
    for d in read {
        match dimension.carrier(d) {
            Some(Carrier::Column { dataset, column }) => {
                holders.insert((*dataset, *column));
            }
            Some(Carrier::Through { owner, column, .. }) if configured.contains(*owner) => {
                holders.insert((*owner, *column));
            }
            _ => {}
        }
    }
    let mut rows: BTreeMap<String, i64> = BTreeMap::new();
    for (dataset, column) in &holders {
        for (value, n) in value_counts(engine, dataset, column)? {
            *rows.entry(value).or_default() += n;
        }
    }
    let mut ranked: Vec<(String, i64)> = rows.into_iter().collect();
    ranked.sort_by(|(a, n), (b, m)| m.cmp(n).then_with(|| a.cmp(b)));
    let left = ranked.len() > top;
    let top: Vec<String> = ranked.into_iter().take(top).map(|(v, _)| v).collect();
    let mut groups: Vec<Group> = top.iter().map(Group::value).collect();
    let mut blank = 0;
    for d in read {
        if let Some(sql) = restriction_sql(d, &[(dimension, Keep::Blank)]) {
            blank += count(engine, &format!("SELECT COUNT(*) FROM ({sql})"))?;
        }
    }
    if blank > 0 {
        groups.push(Group::none());
    }
    if left {
        groups.push(Group::other());
    }
    Ok(By {
        dimension,
        top,
        groups,
    })
}

impl Session<'_> {
    /// The values of `dimension` in every configured dataset that holds it in a column of its
    /// own, each with its `top` values by rows (`vitals dimensions` with a config). Reads the
    /// loaded rows, restricted by the run's filters.
    pub fn dimension_values(
        &self,
        dimension: &'static DimensionSpec,
        top: usize,
    ) -> Result<Vec<DimensionValues>> {
        let mut out = Vec::new();
        for carrier in dimension.carriers {
            let Carrier::Column { dataset, column } = *carrier else {
                continue;
            };
            if !self.configured.contains(dataset) {
                continue;
            }
            let engine = self.engine.as_ref();
            let rows = count(engine, &format!("SELECT COUNT(*) FROM {dataset}"))?;
            let blank = count(
                engine,
                &format!(
                    "SELECT COUNT(*) FROM {dataset} WHERE {}",
                    condition(column, Keep::Blank)
                ),
            )?;
            let mut values = value_counts(engine, dataset, column)?;
            let distinct = values.len() as i64;
            values.truncate(top);
            out.push(DimensionValues {
                dataset,
                column,
                rows,
                distinct,
                top: values,
                blank,
            });
        }
        Ok(out)
    }

    /// The dimension the run is broken down by and its groups, when it is.
    pub fn by(&self) -> Option<(&'static DimensionSpec, &[Group])> {
        self.by.as_ref().map(|b| (b.dimension, b.groups.as_slice()))
    }

    /// How many metric evaluations [`Session::evaluate`] and then [`Session::breakdown`] make
    /// for `plan`: for a progress bar.
    pub fn steps(&self, plan: &Plan) -> Result<usize> {
        let (selected, _) = self.applicable(plan, None)?;
        let total = Plan::new(self.registry, selected)?.order.len();
        let Some(by) = &self.by else {
            return Ok(total);
        };
        let (selected, _) = self.applicable(plan, Some(by.dimension))?;
        Ok(total + by.groups.len() * Plan::new(self.registry, selected)?.order.len())
    }

    /// Evaluates `plan` once for each group of the run's breakdown: the datasets that carry
    /// the dimension keep the group's rows (and the run's filters still hold). A metric the
    /// dimension does not apply to is listed with the reason, once. "No data" is judged on
    /// the unrestricted data, so a group with no rows has counts and sums of 0. Afterwards
    /// the tables are the run's again. `None` when the run is not broken down.
    pub fn breakdown(
        &mut self,
        plan: &Plan,
        on_metric: &mut dyn FnMut(&'static str),
    ) -> Result<Option<Breakdown>> {
        let Some(by) = self.by.take() else {
            return Ok(None);
        };
        let result = self.evaluate_groups(plan, &by, on_metric);
        let restored = self.restrict_to(None);
        self.by = Some(by);
        let breakdown = result?;
        restored?;
        Ok(Some(breakdown))
    }

    fn evaluate_groups(
        &mut self,
        plan: &Plan,
        by: &By,
        on_metric: &mut dyn FnMut(&'static str),
    ) -> Result<Breakdown> {
        let (selected, mut not_applicable) = self.applicable(plan, Some(by.dimension))?;
        // A metric a filter does not apply to is skipped already: only the breakdown's own
        // reasons are listed.
        let (_, filtered_out) = self.applicable(plan, None)?;
        not_applicable.retain(|id, _| !filtered_out.contains_key(id));
        let applicable = Plan::new(self.registry, selected)?;
        let mut series: BTreeMap<&'static str, Vec<Series>> = BTreeMap::new();
        for group in &by.groups {
            let keep = match (group.kind, &group.group) {
                (GroupKind::Value, Some(name)) => Keep::Values(std::slice::from_ref(name)),
                (GroupKind::Value | GroupKind::None, _) => Keep::Blank,
                (GroupKind::Other, _) => Keep::Outside(&by.top),
            };
            self.restrict_to(Some((by.dimension, keep, &applicable)))?;
            let outcomes = self.evaluate_all(&applicable, on_metric)?;
            for id in &applicable.selected {
                if let Some(Outcome::Evaluated(s)) = outcomes.get(id) {
                    series.entry(id).or_default().push(s.clone());
                }
            }
        }
        series.retain(|_, s| s.len() == by.groups.len());
        Ok(Breakdown {
            dimension: by.dimension,
            groups: by.groups.clone(),
            series,
            not_applicable,
        })
    }

    /// Restricts the loaded tables by the run's filters and, when given, one group of a
    /// dimension on the datasets `plan` reads; then declares the views again over them.
    fn restrict_to(&mut self, group: Option<(&'static DimensionSpec, Keep, &Plan)>) -> Result<()> {
        let mut cuts = cuts(&self.filters);
        let datasets: BTreeSet<&'static str> = match &group {
            Some((dimension, keep, plan)) => {
                cuts.push((dimension, *keep));
                needed(plan)
            }
            None => self.restricted.clone(),
        };
        let restrictions = datasets
            .iter()
            .filter(|d| self.configured.contains(**d))
            .filter_map(|d| restriction_sql(d, &cuts).map(|sql| (d.to_string(), sql)))
            .collect();
        self.engine.restrict(restrictions)?;
        self.engine.set_views(self.views.clone())
    }
}

/// The datasets the metrics of `plan` require.
pub(super) fn needed(plan: &Plan) -> BTreeSet<&'static str> {
    plan.order
        .iter()
        .flat_map(|m| m.spec().requires.iter().copied())
        .collect()
}
