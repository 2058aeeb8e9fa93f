//! How a run is cut: its filters (`--where`, `[run] where`, a set's `where`) and its
//! breakdown (`--by`, `--top`, `[run] by`, `[run] top`), checked against the selected
//! metrics, and the groups of a breakdown placed in the report.

use crate::UsageError;
use crate::cli::RunArgs;
use crate::config::Config;
use anyhow::Result;
use vitals_core::{Calendar, DimensionSpec, Plan, Registry, Selection, parse_month};
use vitals_engine::{Breakdown, Session};
use vitals_report::{GroupResult, Report};

/// How many values of a dimension are named groups when `--top` is not given.
pub(crate) const DEFAULT_TOP: usize = 10;

/// The run's filters: `--where DIM=VALUE[,VALUE…]` when given, else `[run] where`, and the
/// `where` of every selected set of vitals.toml. Two filters on one dimension keep the values
/// both name. An unknown dimension, a filter without values (or two that share none) and a
/// filter that applies to none of the selected metrics are usage errors.
pub(crate) fn filters(
    args: &RunArgs,
    config: &Config,
    selection: &Selection,
    registry: &Registry,
    plan: &Plan,
) -> Result<Vec<(&'static DimensionSpec, Vec<String>)>> {
    let mut raw = given(&args.filters, config)?;
    for set in &selection.sets {
        if let Some(file) = config.sets.get(set) {
            raw.extend(file.filters.iter().map(|(d, v)| (d.clone(), v.to_vec())));
        }
    }
    merge(raw, |dimension| {
        let applies = plan
            .selected
            .iter()
            .map(|id| registry.dimension_applies(id, dimension))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(if applies.iter().any(Result::is_ok) {
            Ok(())
        } else {
            let reason = applies
                .into_iter()
                .find_map(Result::err)
                .unwrap_or_default();
            Err(format!(
                "applies to none of the selected metrics ({reason})"
            ))
        })
    })
}

/// The filters of a cohort table read from `dataset`: `--where` when given, else
/// `[run] where`; a dimension the dataset does not carry is a usage error.
pub(crate) fn cohort_filters(
    given_filters: &[String],
    config: &Config,
    dataset: &'static str,
) -> Result<Vec<(&'static DimensionSpec, Vec<String>)>> {
    merge(given(given_filters, config)?, |dimension| {
        Ok(match dimension.carrier(dataset) {
            Some(_) => Ok(()),
            None => Err(format!(
                "does not apply to this cohort table: the {dataset} dataset does not carry it ({})",
                dimension
                    .carriers
                    .iter()
                    .map(|c| c.describe())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        })
    })
}

/// `--where DIM=VALUE[,VALUE…]` when given, else `[run] where`: each dimension's name and
/// values as written.
fn given(filters: &[String], config: &Config) -> Result<Vec<(String, Vec<String>)>> {
    if filters.is_empty() {
        return Ok(config
            .run
            .filters
            .iter()
            .map(|(d, v)| (d.clone(), v.to_vec()))
            .collect());
    }
    filters
        .iter()
        .map(|f| match f.split_once('=') {
            Some((d, v)) => Ok((d.trim().to_string(), v.split(',').map(String::from).collect())),
            None => Err(UsageError::wrap(format!(
                "--where {f}: expected DIM=VALUE or DIM=VALUE,VALUE (`vitals dimensions` lists the dimensions)"
            ))),
        })
        .collect()
}

/// Resolves each filter's dimension, drops blank values and keeps, for a dimension named
/// twice, the values both name. An unknown dimension, a filter without values (or two that
/// share none) and one whose dimension does not `apply` are usage errors.
fn merge(
    raw: Vec<(String, Vec<String>)>,
    apply: impl Fn(&'static DimensionSpec) -> Result<Result<(), String>>,
) -> Result<Vec<(&'static DimensionSpec, Vec<String>)>> {
    let mut out: Vec<(&'static DimensionSpec, Vec<String>)> = Vec::new();
    for (name, values) in raw {
        let dimension = vitals_core::dimension(&name)?;
        let values: Vec<String> = values
            .iter()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            return Err(UsageError::wrap(format!(
                "--where {name}=: expected at least one value"
            )));
        }
        if let Err(reason) = apply(dimension)? {
            return Err(UsageError::wrap(format!(
                "--where {name}: the dimension {reason}"
            )));
        }
        match out.iter_mut().find(|(d, _)| d.id == dimension.id) {
            Some((_, kept)) => {
                kept.retain(|v| values.contains(v));
                if kept.is_empty() {
                    return Err(UsageError::wrap(format!(
                        "the filters on {name} (from --where, [run] where and the selected sets) share no value"
                    )));
                }
            }
            None => out.push((dimension, values)),
        }
    }
    Ok(out)
}

/// The run's breakdown: `--by DIM` (else `[run] by`) with `--top N` (else `[run] top`, else
/// 10). An unknown dimension, `--top 0`, `--top` without a breakdown and a dimension that
/// applies to none of the selected metrics (that the filters leave) are usage errors.
pub(crate) fn by(
    args: &RunArgs,
    config: &Config,
    registry: &Registry,
    plan: &Plan,
    filters: &[(&'static DimensionSpec, Vec<String>)],
) -> Result<Option<(&'static DimensionSpec, usize)>> {
    let name = args.by.as_deref().or(config.run.by.as_deref());
    let top = args.top.or(config.run.top);
    let Some(name) = name else {
        return match top {
            Some(_) => Err(UsageError::wrap(
                "--top N names the top N groups of a breakdown: pass --by DIM too",
            )),
            None => Ok(None),
        };
    };
    let dimension = vitals_core::dimension(name.trim())?;
    let top = top.unwrap_or(DEFAULT_TOP);
    if top == 0 {
        return Err(UsageError::wrap(
            "--top 0: expected at least 1 (how many values of the dimension are named groups; the rest form (other))",
        ));
    }
    let mut reason = None;
    for id in &plan.selected {
        let mut applies = Ok(());
        for d in filters.iter().map(|(d, _)| *d).chain([dimension]) {
            applies = applies.and(registry.dimension_applies(id, d)?);
        }
        match applies {
            Ok(()) => return Ok(Some((dimension, top))),
            Err(why) => {
                reason.get_or_insert(why);
            }
        }
    }
    Err(UsageError::wrap(format!(
        "--by {}: the dimension applies to none of the selected metrics ({})",
        dimension.id,
        reason.unwrap_or_default()
    )))
}

/// Checks the `[run]` keys of vitals.toml (`grain`, `from`, `to`, `memory_limit`,
/// `query_timeout`, `top` at least 1) and that the dimensions it names (`[run] by`,
/// `[run] where`, each set's `where`) exist (`vitals check`).
pub(crate) fn check_config(config: &Config) -> Result<()> {
    let origin = &config.origin;
    let mut named: Vec<(String, &str)> = config
        .run
        .filters
        .keys()
        .map(|d| ("[run] where".to_string(), d.as_str()))
        .collect();
    named.extend(
        config
            .run
            .by
            .iter()
            .map(|d| ("[run] by".to_string(), d.as_str())),
    );
    for (set, file) in &config.sets {
        named.extend(
            file.filters
                .keys()
                .map(|d| (format!("[sets.{set}] where"), d.as_str())),
        );
    }
    for (place, name) in named {
        vitals_core::dimension(name.trim())
            .map_err(|e| anyhow::anyhow!("{origin}: {place}: {e}"))?;
    }
    if let Some(grain) = &config.run.grain {
        grain
            .parse::<vitals_core::Grain>()
            .map_err(|e| anyhow::anyhow!("{origin}: [run] grain: {e}"))?;
    }
    for (key, value) in [("from", &config.run.from), ("to", &config.run.to)] {
        if let Some(value) = value {
            vitals_core::parse_date_arg(value)
                .map_err(|e| anyhow::anyhow!("{origin}: [run] {key}: {e}"))?;
        }
    }
    if let Some(limit) = &config.run.memory_limit {
        crate::limits::parse_size(limit)
            .map_err(|e| anyhow::anyhow!("{origin}: [run] memory_limit: {e}"))?;
    }
    if let Some(limit) = &config.run.query_timeout {
        crate::limits::query_timeout(None, Some(limit))
            .map_err(|e| anyhow::anyhow!("{origin}: [run] query_timeout: {e}"))?;
    }
    crate::cuts::calendar(&crate::cli::CalendarArgs::default(), config)
        .map_err(|e| anyhow::anyhow!("{origin}: {e}"))?;
    if let Some(compare) = &config.run.compare {
        crate::cuts::compare(None, compare)
            .map_err(|e| anyhow::anyhow!("{origin}: [run] compare: {e}"))?;
    }
    if config.run.top == Some(0) {
        anyhow::bail!("{origin}: [run] top = 0: expected at least 1");
    }
    Ok(())
}

/// Places the groups of `breakdown` under their metrics in `report`, and the reason under
/// each metric the dimension does not apply to.
pub(crate) fn attach(report: &mut Report, breakdown: &Breakdown, session: &Session<'_>) {
    for m in &mut report.metrics {
        if let Some(series) = breakdown.series.get(m.id.as_str()) {
            m.groups = breakdown
                .groups
                .iter()
                .zip(series)
                .map(|(group, s)| {
                    let (s, year_earlier) = session.split(s.clone());
                    GroupResult {
                        group: group.clone(),
                        values: s.points,
                        year_earlier,
                    }
                })
                .collect();
        } else if let Some(reason) = breakdown.not_applicable.get(m.id.as_str()) {
            m.breakdown = Some(reason.clone());
        }
    }
}

/// The calendar of a run: `--week-start` (else `[run] week_start`, else monday) and
/// `--fiscal-year-start` (else `[run] fiscal_year_start`, else january).
pub(crate) fn calendar(args: &crate::cli::CalendarArgs, config: &Config) -> Result<Calendar> {
    let mut calendar = Calendar::default();
    match (&args.week_start, &config.run.week_start) {
        (Some(day), _) => calendar.week_start = day.parse().map_err(usage("--week-start"))?,
        (None, Some(day)) => {
            calendar.week_start = day.parse().map_err(usage("[run] week_start"))?
        }
        (None, None) => {}
    }
    match (&args.fiscal_year_start, &config.run.fiscal_year_start) {
        (Some(month), _) => {
            calendar.fiscal_year_start = parse_month(month).map_err(usage("--fiscal-year-start"))?
        }
        (None, Some(month)) => {
            calendar.fiscal_year_start =
                parse_month(month).map_err(usage("[run] fiscal_year_start"))?
        }
        (None, None) => {}
    }
    match (&args.tz, &config.run.tz) {
        (Some(zone), _) => calendar.zone = zone.parse().map_err(usage("--tz"))?,
        (None, Some(zone)) => calendar.zone = zone.parse().map_err(usage("[run] tz"))?,
        (None, None) => {}
    }
    Ok(calendar)
}

/// The UTC instant of a `--from`/`--to` value: a date or a time without an offset is local
/// to the calendar's zone; an RFC 3339 time with one is that instant.
pub(crate) fn instant(
    value: Option<&str>,
    calendar: &Calendar,
) -> Result<Option<chrono::NaiveDateTime>> {
    let Some(value) = value else { return Ok(None) };
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(value.trim()) {
        return Ok(Some(t.naive_utc()));
    }
    let local = vitals_core::parse_date_arg(value.trim())?;
    Ok(Some(calendar.zone.from_local(local)))
}

/// Whether changes are against the same period a year earlier: `--compare` (else `[run]
/// compare`) is `previous` or `year`.
pub(crate) fn compare(arg: Option<&str>, default: &str) -> Result<bool> {
    match arg.unwrap_or(default).trim().to_ascii_lowercase().as_str() {
        "previous" => Ok(false),
        "year" => Ok(true),
        other => Err(UsageError::wrap(format!(
            "--compare {other}: expected previous (the period before) or year (the same period a year earlier)"
        ))),
    }
}

/// Wraps an error of `option` as a usage error that names it.
fn usage(option: &'static str) -> impl Fn(vitals_core::Error) -> anyhow::Error {
    move |e| UsageError::wrap(format!("{option}: {e}"))
}
