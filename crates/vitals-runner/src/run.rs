//! The commands.

use crate::cli::{
    CohortArgs, Command, DemoFormat, ExplainArgs, Format, ListFormat, RunArgs, SourceArgs,
};
use crate::config::Config;
use crate::{UsageError, cuts, demo, exit, limits, prepared};
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};
use vitals_core::{
    CohortKind, ColumnType, Default as ColumnDefault, EventRoles, Grain, Outcome, Params, Plan,
    Registry, Selection, parse_date_arg, registry,
};
use vitals_engine::Session;
use vitals_report::{
    CohortReport, Compare, GoalStatus, MetricResult, PeriodInfo, Report, SignalKind, Skipped,
    Status,
};

pub(crate) fn dispatch(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32> {
    match command {
        Command::List {
            sets: true, source, ..
        } => list_sets(&source, out),
        Command::List {
            families: true,
            source,
            ..
        } => list_families(&source, out),
        Command::List {
            family,
            set,
            format,
            source,
            ..
        } => list(family, set, format, &source, out),
        Command::Describe { metric, source } => {
            let config = find_config(&source, registry()?, false)?;
            let registry = registry_with(config.as_ref())?;
            let m = match registry.metric(&metric) {
                Ok(m) => m,
                // A metric declared in a vitals.toml is known only with that config.
                Err(e) if config.is_none() => {
                    return Err(UsageError::wrap(format!(
                        "{e} (a metric declared in a vitals.toml is known only with --config FILE, or in the folder of ./vitals.toml)"
                    )));
                }
                Err(e) => return Err(e.into()),
            };
            let origin = registry.origin(&metric).unwrap_or("");
            let dimensions: Vec<&str> = registry
                .dimensions_of(&metric)?
                .iter()
                .map(|d| d.id)
                .collect();
            write!(out, "{}", vitals_report::describe(m, origin, &dimensions))?;
            Ok(exit::OK)
        }
        Command::Datasets {
            format: crate::cli::DatasetsFormat::Markdown,
        } => {
            write!(out, "{}", vitals_report::contract_markdown(registry()?))?;
            Ok(exit::OK)
        }
        Command::Datasets { .. } => datasets(out),
        Command::Dimensions {
            dimension,
            top,
            source,
        } => dimensions(dimension.as_deref(), top, &source, out),
        Command::Check { source } => check(&source, out),
        Command::Run(args) => run(*args, out, err),
        Command::Cluster(command) => cluster(command),
        Command::Prepare {
            source,
            out: dir,
            force,
        } => prepare_command(&source, &dir, force, out),
        Command::Explain(args) => explain(*args, out),
        Command::Cohorts(args) => cohorts(*args, out, err),
        Command::Demo {
            out: dir,
            scale,
            seed,
            format,
            force,
        } => {
            if !force && dir.join("vitals.toml").exists() {
                return Err(UsageError::wrap(format!(
                    "{} already exists: pass --force to overwrite it and the data files beside it, or choose another --out",
                    dir.join("vitals.toml").display()
                )));
            }
            if !(scale > 0.0 && scale.is_finite()) {
                return Err(UsageError::wrap(format!(
                    "--scale must be a positive number, found {scale}"
                )));
            }
            let stats = demo::write_demo(&dir, &demo::DemoOptions { scale, seed })?;
            if format == DemoFormat::Parquet {
                demo::to_parquet(&dir)?;
            }
            writeln!(
                out,
                "wrote {} datasets ({} rows) and vitals.toml to {}",
                stats.files,
                stats.rows,
                dir.display()
            )?;
            writeln!(
                out,
                "next: vitals run --config {}",
                dir.join("vitals.toml").display()
            )?;
            Ok(exit::OK)
        }
    }
}

/// The config named by the source arguments, or ./vitals.toml, or none; with `--prepared`,
/// the config the folder was prepared from (unless named), its datasets read from the folder.
fn find_config(source: &SourceArgs, registry: &Registry, required: bool) -> Result<Option<Config>> {
    let Some(dir) = &source.prepared else {
        return find_source_config(source, registry, required);
    };
    let manifest = prepared::manifest(dir)?;
    let named = source.demo || source.config.is_some() || source.data.is_some();
    let mut config = if named {
        find_source_config(source, registry, true)?.expect("required")
    } else {
        match manifest.origin() {
            prepared::Origin::Config(path) => Config::load(path)?,
            prepared::Origin::Data(dir) => Config::from_dir(dir, registry)?,
            prepared::Origin::Demo => Config::load(&demo::cached_demo()?.join("vitals.toml"))?,
        }
    };
    manifest.apply(dir, &mut config, registry)?;
    Ok(Some(config))
}

/// Where the source arguments (not `--prepared`) say the datasets are configured.
fn origin_of(source: &SourceArgs) -> Result<prepared::Origin> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or(p.to_path_buf());
    Ok(if source.demo {
        prepared::Origin::Demo
    } else if let Some(path) = &source.config {
        prepared::Origin::Config(absolute(path))
    } else if let Some(dir) = &source.data {
        prepared::Origin::Data(absolute(dir))
    } else if Path::new("vitals.toml").exists() {
        prepared::Origin::Config(absolute(Path::new("vitals.toml")))
    } else {
        return Err(UsageError::wrap(
            "no data: pass --config FILE, --data DIR or --demo (`vitals demo` writes an example)",
        ));
    })
}

/// The engine of `--engine URL`: a Ballista cluster, its scratch tables written under the
/// prepared folder.
fn remote_engine(
    url: &str,
    source: &SourceArgs,
    timeout: Option<u64>,
) -> Result<Box<dyn vitals_core::RunEngine>> {
    let address = url.strip_prefix("df://").unwrap_or_default();
    if address.parse::<std::net::SocketAddr>().is_err()
        && address
            .rsplit_once(':')
            .is_none_or(|(_, p)| p.parse::<u16>().is_err())
    {
        return Err(UsageError::wrap(format!(
            "--engine {url}: expected df://HOST:PORT, the address of a Ballista scheduler"
        )));
    }
    let Some(prepared) = &source.prepared else {
        return Err(UsageError::wrap(
            "--engine reads prepared data: pass --prepared DIR (`vitals prepare` writes it)",
        ));
    };
    #[cfg(feature = "cluster")]
    {
        let scratch = prepared.join(".vitals-scratch");
        let timeout = timeout.map(std::time::Duration::from_secs);
        let engine = vitals_engine::Engine::remote(url, &scratch, timeout)?;
        Ok(Box::new(engine))
    }
    #[cfg(not(feature = "cluster"))]
    {
        let _ = (prepared, timeout);
        Err(UsageError::wrap(
            "--engine: this vitals was built without the cluster feature (cargo build -p vitals-runner --features cluster)",
        ))
    }
}

/// `vitals cluster scheduler|executor`.
fn cluster(command: crate::cli::ClusterCommand) -> Result<i32> {
    #[cfg(feature = "cluster")]
    {
        use crate::cli::ClusterCommand;
        match command {
            ClusterCommand::Scheduler {
                bind,
                executor_timeout,
            } => crate::cluster::scheduler(bind, executor_timeout)?,
            ClusterCommand::Executor {
                scheduler,
                bind,
                grpc_port,
                work_dir,
                cores,
            } => crate::cluster::executor(
                scheduler,
                bind,
                grpc_port.unwrap_or(bind.port().wrapping_add(1)),
                &work_dir,
                cores,
            )?,
        }
        Ok(exit::OK)
    }
    #[cfg(not(feature = "cluster"))]
    {
        let _ = command;
        Err(UsageError::wrap(
            "vitals cluster: this vitals was built without the cluster feature (cargo build -p vitals-runner --features cluster)",
        ))
    }
}

/// `vitals prepare`.
fn prepare_command(
    source: &SourceArgs,
    dir: &Path,
    force: bool,
    out: &mut dyn Write,
) -> Result<i32> {
    if source.prepared.is_some() {
        return Err(UsageError::wrap(
            "vitals prepare reads the sources: pass --config, --data or --demo, not --prepared",
        ));
    }
    let origin = origin_of(source)?;
    let config = find_source_config(source, registry()?, true)?.expect("required");
    let registry = registry_with(Some(&config))?;
    let started = Instant::now();
    let mut total = 0;
    let n = prepared::prepare(
        &config,
        origin,
        &registry,
        dir,
        force,
        &mut |id, rows, path| {
            total += rows;
            let _ = writeln!(out, "ok      {id}: {rows} rows to {}", path.display());
        },
    )?;
    writeln!(
        out,
        "prepared {n} datasets ({total} rows) in {:.1} s; next: vitals run --prepared {}",
        started.elapsed().as_secs_f64(),
        dir.display()
    )?;
    Ok(exit::OK)
}

/// The config named by the source arguments, or ./vitals.toml, or none.
fn find_source_config(
    source: &SourceArgs,
    registry: &Registry,
    required: bool,
) -> Result<Option<Config>> {
    if source.demo {
        let dir = demo::cached_demo()?;
        return Config::load(&dir.join("vitals.toml")).map(Some);
    }
    if let Some(path) = &source.config {
        return Config::load(path).map(Some);
    }
    if let Some(dir) = &source.data {
        return Config::from_dir(dir, registry).map(Some);
    }
    let default = Path::new("vitals.toml");
    if default.exists() {
        return Config::load(default).map(Some);
    }
    if required {
        return Err(UsageError::wrap(
            "no data: pass --config FILE, --data DIR or --demo (`vitals demo` writes an example)",
        ));
    }
    Ok(None)
}

fn registry_with(config: Option<&Config>) -> Result<Registry> {
    let mut registry = registry()?.clone();
    if let Some(c) = config {
        c.apply(&mut registry)?;
    }
    Ok(registry)
}

fn list(
    family: Option<String>,
    set: Option<String>,
    format: ListFormat,
    source: &SourceArgs,
    out: &mut dyn Write,
) -> Result<i32> {
    let config = find_config(source, registry()?, false)?;
    let registry = registry_with(config.as_ref())?;
    if format == ListFormat::Markdown {
        write!(out, "{}", vitals_report::catalogue_markdown(&registry))?;
        return Ok(exit::OK);
    }
    let mut selection = Selection::default();
    selection.families.extend(family);
    selection.sets.extend(set);
    let ids: Vec<&str> = if selection.is_empty() {
        registry.metric_ids().collect()
    } else {
        selection.resolve(&registry)?
    };
    let metrics: Vec<_> = ids
        .iter()
        .map(|id| registry.metric(id).map(|m| m.spec()))
        .collect::<Result<_, _>>()?;
    match format {
        ListFormat::Json => {
            writeln!(out, "{}", serde_json::to_string_pretty(&metrics)?)?;
        }
        _ => {
            let width = metrics.iter().map(|m| m.id.len()).max().unwrap_or(0);
            for m in &metrics {
                writeln!(
                    out,
                    "{:<width$}  {:<20}  {:<16}  {}",
                    m.id,
                    m.family,
                    m.unit.as_str(),
                    m.name
                )?;
            }
            writeln!(out, "{} metrics", metrics.len())?;
        }
    }
    Ok(exit::OK)
}

/// `vitals list --sets`: each set with its metric count and description.
fn list_sets(source: &SourceArgs, out: &mut dyn Write) -> Result<i32> {
    let config = find_config(source, registry()?, false)?;
    let registry = registry_with(config.as_ref())?;
    let sets: Vec<_> = registry.sets().collect();
    let width = sets.iter().map(|s| s.id.len()).max().unwrap_or(0);
    for s in &sets {
        writeln!(
            out,
            "{:<width$}  {:>3} metrics  {}",
            s.id,
            s.metrics.len(),
            s.description
        )?;
    }
    writeln!(
        out,
        "{} sets; `vitals run --set NAME` runs one, `vitals list --set NAME` lists its metrics",
        sets.len()
    )?;
    Ok(exit::OK)
}

/// `vitals list --families`: each family with its metric count.
fn list_families(source: &SourceArgs, out: &mut dyn Write) -> Result<i32> {
    let config = find_config(source, registry()?, false)?;
    let registry = registry_with(config.as_ref())?;
    let families = registry.families();
    for family in &families {
        let n = registry
            .metrics()
            .filter(|m| m.spec().family == *family)
            .count();
        writeln!(out, "{family:<22} {n:>3} metrics")?;
    }
    writeln!(
        out,
        "{} families; `vitals run --family NAME` runs one, `vitals list --family NAME` lists its metrics",
        families.len()
    )?;
    Ok(exit::OK)
}

fn datasets(out: &mut dyn Write) -> Result<i32> {
    let registry = registry()?;
    for d in registry.datasets() {
        let key = d.key.map(|k| format!(", key {k}")).unwrap_or_default();
        writeln!(
            out,
            "{} ({}{key}; placed in time by {})",
            d.id, d.description, d.time_column
        )?;
        for c in d.columns {
            let mut notes = Vec::new();
            if c.optional {
                notes.push(match c.default {
                    ColumnDefault::Null => "optional".to_string(),
                    ColumnDefault::Value(v) => format!("optional, default {v}"),
                    ColumnDefault::Column(other) => format!("optional, default = {other}"),
                });
            }
            match c.check {
                Some(vitals_core::Check::Words(w)) => {
                    notes.push(format!("one of {}", w.join(", ")))
                }
                Some(vitals_core::Check::Range(lo, hi)) => notes.push(format!("{lo}..{hi}")),
                None => {}
            }
            if matches!(c.ty, ColumnType::Dec | ColumnType::Int) {
                notes.push(">= 0".to_string());
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!("  ({})", notes.join("; "))
            };
            writeln!(out, "  {:<20} {:<5}{notes}", c.name, c.ty.as_str())?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "ts and date values run from 1678-01-01 to 2261-12-31 (the range vitals computes with); a value outside it is a load error"
    )?;
    Ok(exit::OK)
}

fn dimensions(
    only: Option<&str>,
    top: usize,
    source: &SourceArgs,
    out: &mut dyn Write,
) -> Result<i32> {
    let all: Vec<&'static vitals_core::DimensionSpec> = match only {
        Some(id) => vec![vitals_core::dimension(id)?],
        None => vitals_core::dimensions().iter().collect(),
    };
    let config = find_config(source, registry()?, false)?;
    let session = match &config {
        Some(config) => {
            // No metric: every configured dataset loads (and is validated) when first read.
            // The range is never used.
            let registry = registry()?;
            let plan = Plan::new(registry, Vec::new())?;
            let session = Session::builder(registry)
                .datasets(config.datasets.clone())
                .from(Some(parse_date_arg("2000-01")?))
                .to(Some(parse_date_arg("2000-02")?))
                .build(&plan)?;
            Some(session)
        }
        None => None,
    };
    for d in &all {
        writeln!(out, "{} ({})", d.id, d.description)?;
        for c in d.carriers {
            writeln!(out, "  {}", c.describe())?;
        }
        if let Some(session) = &session {
            for v in session.dimension_values(d, top)? {
                let values: Vec<String> = v
                    .top
                    .iter()
                    .map(|(value, n)| format!("{value} {n}"))
                    .collect();
                writeln!(
                    out,
                    "    {}.{}: {} values in {} rows{}; {} rows with none",
                    v.dataset,
                    v.column,
                    v.distinct,
                    v.rows,
                    if values.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", values.join(", "))
                    },
                    v.blank
                )?;
            }
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "{} dimensions; one applies to a metric when every dataset the metric reads carries it (`vitals describe METRIC` lists them){}",
        all.len(),
        if session.is_some() {
            ""
        } else {
            "; with data (--config, --data or --demo) each dataset's top values are listed with their rows"
        }
    )?;
    Ok(exit::OK)
}

fn check(source: &SourceArgs, out: &mut dyn Write) -> Result<i32> {
    let config = find_config(source, registry()?, true)?.expect("required");
    let registry = registry_with(Some(&config))?;
    Params::resolve(
        &registry,
        config.params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )?;
    EventRoles::new(config.events.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    registry.check_sets()?;
    for id in config.targets.keys() {
        config.target(id, registry.metric(id)?.spec().direction)?;
    }
    for id in config.goals.keys() {
        config.goal(id)?;
    }
    config.signal_threshold()?;
    cuts::check_config(&config)?;
    let checked = Session::builder(&registry)
        .datasets(config.datasets.clone())
        .problem_cap(50)
        .check()?;
    let mut failed = 0;
    for (name, result) in checked {
        match result {
            Ok(stats) => writeln!(
                out,
                "ok      {name}: {} rows from {}",
                stats.rows,
                config.datasets[&name].describe()
            )?,
            Err(e) => {
                failed += 1;
                writeln!(
                    out,
                    "problem {name}:\n{}",
                    indent(&vitals_core::error_chain(&e))
                )?;
            }
        }
    }
    let missing: Vec<&str> = registry
        .datasets()
        .iter()
        .map(|d| d.id)
        .filter(|d| !config.datasets.contains_key(*d))
        .collect();
    if !missing.is_empty() {
        writeln!(
            out,
            "not configured (metrics that need them are skipped): {}",
            missing.join(", ")
        )?;
    }
    if failed > 0 {
        bail!("{failed} dataset(s) have problems");
    }
    let failed = check_declared(&config, &registry, out)?;
    if failed > 0 {
        bail!("{failed} declared metric(s) have problems");
    }
    writeln!(out, "config and data are valid")?;
    Ok(exit::OK)
}

/// Runs every metric declared in vitals.toml over one period, so that SQL which does not plan
/// or returns the wrong shape is found before a run; returns how many failed.
fn check_declared(config: &Config, registry: &Registry, out: &mut dyn Write) -> Result<usize> {
    let declared: Vec<&str> = registry
        .metric_ids()
        .filter(|id| config.metrics.contains_key(*id))
        .collect();
    if declared.is_empty() {
        return Ok(0);
    }
    let all = Plan::new(registry, declared.clone())?;
    let params = Params::resolve(
        registry,
        config.params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )?;
    let events = EventRoles::new(config.events.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    // One period is enough to plan and run every query; which one does not matter.
    let session = Session::builder(registry)
        .datasets(config.datasets.clone())
        .params(params)
        .events(events)
        .from(Some(parse_date_arg("2000-01")?))
        .to(Some(parse_date_arg("2000-02")?))
        .build(&all)?;
    let mut failed = 0;
    for id in declared {
        match session.evaluate(&Plan::new(registry, vec![id])?, &mut |_| {}) {
            Ok(outcomes) => match outcomes.get(id) {
                Some(Outcome::Skipped(reason)) => writeln!(out, "skipped metric {id}: {reason}")?,
                _ => writeln!(out, "ok      metric {id}: runs")?,
            },
            Err(e) => {
                failed += 1;
                writeln!(
                    out,
                    "problem metric {id}:\n{}",
                    indent(&vitals_core::error_chain(&e))
                )?;
            }
        }
    }
    Ok(failed)
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn run(args: RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32> {
    let config = find_config(&args.source, registry()?, true)?.expect("required");
    let registry = registry_with(Some(&config))?;
    let defaults = &config.run;
    let mut selection = Selection {
        sets: args.sets.clone(),
        metrics: args.metrics.clone(),
        families: args.families.clone(),
    };
    if selection.is_empty() {
        selection = Selection {
            sets: defaults.sets.clone(),
            metrics: defaults.metrics.clone(),
            families: defaults.families.clone(),
        };
    }
    if selection.is_empty() {
        selection.sets.push("all".to_string());
    }
    let selected = selection.resolve(&registry)?;
    let plan = Plan::new(&registry, selected)?;
    for id in config.targets.keys() {
        config.target(id, registry.metric(id)?.spec().direction)?;
    }
    for id in config.goals.keys() {
        config.goal(id)?;
    }
    config.signal_threshold()?;
    let (params, events) = params_and_events(&registry, &config, &args.params)?;
    let (builder, grain, calendar) = frame_builder(&args.frame, &registry, &config)?;
    let filters = cuts::filters(&args, &config, &selection, &registry, &plan)?;
    let by = cuts::by(&args, &config, &registry, &plan, &filters)?;
    let compare_year = cuts::compare(
        args.compare.as_deref(),
        defaults.compare.as_deref().unwrap_or("previous"),
    )?;
    let mut builder = builder
        .params(params)
        .events(events)
        .compare_year(compare_year);
    for (dimension, values) in &filters {
        builder = builder.restrict(dimension, values.clone());
    }
    if let Some((dimension, top)) = by {
        builder = builder.by(dimension, top);
    }
    if let Some(url) = &args.engine {
        builder = builder.engine(remote_engine(url, &args.source, args.cluster_timeout)?);
    }
    let mut session = builder.build(&plan)?;
    for warning in session.warnings() {
        writeln!(err, "warning: {warning}")?;
    }
    let progress = Progress::new(session.steps(&plan)?);
    let mut outcomes = session.evaluate(&plan, &mut |id| progress.step(id))?;
    let breakdown = session.breakdown(&plan, &mut |id| progress.step(id))?;
    progress.finish();
    if args.timings {
        write_timings(err, &session)?;
    }
    let periods = session.periods();
    let widened = widened(&args.frame, &config, &calendar, periods.as_slice())?;
    if let (Some(w), Some(first), Some(last)) = (
        &widened,
        periods.as_slice().first(),
        periods.as_slice().last(),
    ) {
        writeln!(
            err,
            "note: {} fall inside {grain}s: the report covers whole {grain}s, {} … {} ({} up to {})",
            w.asked(),
            first.label,
            last.label,
            calendar.zone.to_local(first.start).date(),
            calendar.zone.to_local(last.end).date()
        )?;
    }

    let signal_threshold = if args.no_signals {
        None
    } else {
        match &args.signal_threshold {
            Some(text) => Some(
                text.trim()
                    .parse::<vitals_core::Decimal>()
                    .ok()
                    .filter(|t| *t > vitals_core::Decimal::ZERO)
                    .ok_or_else(|| {
                        UsageError::wrap(format!(
                            "--signal-threshold: expected a positive number such as 3.5, found `{text}`"
                        ))
                    })?,
            ),
            None => Some(
                config
                    .signal_threshold()?
                    .unwrap_or(vitals_report::DEFAULT_THRESHOLD),
            ),
        }
    };
    let mut report = Report {
        signal_threshold,
        grain: grain.to_string(),
        filters: filters
            .iter()
            .map(|(d, values)| (d.id.to_string(), values.clone()))
            .collect(),
        by: by.map(|(d, _)| d.id.to_string()),
        compare: match session.year_earlier() {
            Some(p) => Compare::Year {
                label: p.label.clone(),
            },
            None => Compare::Previous,
        },
        zone: calendar.zone,
        periods: periods
            .as_slice()
            .iter()
            .map(|p| PeriodInfo::in_zone(p, calendar.zone))
            .collect(),
        widened,
        metrics: Vec::new(),
        skipped: Vec::new(),
    };
    let labels: Vec<&str> = periods
        .as_slice()
        .iter()
        .map(|p| p.label.as_str())
        .collect();
    let days: Vec<(chrono::NaiveDate, chrono::NaiveDate)> = periods
        .as_slice()
        .iter()
        .map(|p| {
            let first = calendar.zone.to_local(p.start).date();
            let end = calendar.zone.to_local(p.end).date();
            (first, end.pred_opt().unwrap_or(end))
        })
        .collect();
    for id in &plan.selected {
        let spec = registry.metric(id)?.spec();
        match outcomes.remove(id) {
            Some(Outcome::Evaluated(series)) => {
                let (series, year_earlier) = session.split(series);
                let mut result =
                    MetricResult::new(spec, series, config.target(id, spec.direction)?);
                result.year_earlier = year_earlier;
                let values: Vec<_> = result.values.iter().map(|p| p.value).collect();
                // A last value that is partial or provisional is neither unusual nor judged
                // against a goal: it can still change.
                let final_value = result.last_point().is_none_or(|p| p.flags.judged());
                if let Some(threshold) = signal_threshold.filter(|_| final_value) {
                    result.signal =
                        vitals_report::detect_signal(&values, &labels, spec.direction, threshold);
                }
                if let Some(goal) = config.goal(id)? {
                    let mut judged = goal.judge(&days, &values, spec.direction);
                    if !final_value && result.last().is_some() {
                        judged.status = vitals_report::GoalStatus::Provisional;
                        judged.note = Some(
                            "the last value is partial or provisional: not judged".to_string(),
                        );
                    }
                    result.goal = Some(judged);
                }
                report.metrics.push(result);
            }
            Some(Outcome::Skipped(reason)) => report.skipped.push(Skipped {
                id: id.to_string(),
                reason,
            }),
            None => {}
        }
    }
    if let Some(breakdown) = &breakdown {
        cuts::attach(&mut report, breakdown, &session);
    }
    let format = args.format.or(defaults.format).unwrap_or(Format::Table);
    let text = match format {
        Format::Table if args.wide => vitals_report::to_wide_table(&report, color(&args.output)),
        Format::Table => vitals_report::to_table(&report, color(&args.output)),
        Format::Json => vitals_report::to_json(&report),
        Format::Csv => vitals_report::to_csv(&report),
        Format::Markdown => vitals_report::to_markdown(&report),
        Format::Html => vitals_report::to_html(&report),
    };
    emit(&args.output, &text, out, err)?;
    let missed = report.metrics.iter().any(|m| m.status == Status::Missed);
    let behind = report.metrics.iter().any(|m| {
        m.goal
            .as_ref()
            .is_some_and(|g| g.status == GoalStatus::Behind)
    });
    let warned = report.metrics.iter().any(|m| {
        m.signal
            .as_ref()
            .is_some_and(|s| s.kind == SignalKind::Warning)
    });
    Ok(
        if (missed && args.fail_on_missed) || (behind && args.fail_on_behind) {
            exit::TARGET_MISSED
        } else if warned && args.fail_on_signal {
            exit::SIGNAL
        } else {
            exit::OK
        },
    )
}

/// `vitals cohorts`: the cohort table of one kind over the range, from the one dataset the
/// kind reads, restricted by `--where` (else `[run] where`).
fn cohorts(args: CohortArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32> {
    let config = find_config(&args.source, registry()?, true)?.expect("required");
    let registry = registry_with(Some(&config))?;
    let defaults = &config.run;
    let kind: CohortKind = args.kind.trim().parse()?;
    let dataset = kind.dataset();
    if !config.datasets.contains_key(dataset) {
        return Err(UsageError::wrap(format!(
            "--kind {kind} reads the {dataset} dataset, which is not configured ({}): add {dataset}.csv (or .jsonl, .parquet) to the data folder, or [datasets.{dataset}] to vitals.toml",
            config.origin
        )));
    }
    let filters = cuts::cohort_filters(&args.filters, &config, dataset)?;
    let (builder, _, calendar) = frame_builder(&args.frame, &registry, &config)?;
    let mut builder = builder.reading(dataset);
    for (dimension, values) in &filters {
        builder = builder.restrict(dimension, values.clone());
    }
    let session = builder.build(&Plan::new(&registry, Vec::new())?)?;
    for warning in session.warnings() {
        writeln!(err, "warning: {warning}")?;
    }
    let report = CohortReport {
        zone: calendar.zone,
        table: session.cohorts(kind)?,
        filters: filters
            .iter()
            .map(|(d, values)| (d.id.to_string(), values.clone()))
            .collect(),
    };
    let text = match args.format.or(defaults.format).unwrap_or(Format::Table) {
        Format::Table => vitals_report::cohorts_to_table(&report, color(&args.output)),
        Format::Json => vitals_report::cohorts_to_json(&report),
        Format::Csv => vitals_report::cohorts_to_csv(&report),
        Format::Markdown => vitals_report::cohorts_to_markdown(&report),
        Format::Html => vitals_report::cohorts_to_html(&report),
    };
    emit(&args.output, &text, out, err)?;
    Ok(exit::OK)
}

/// `vitals explain`: the metric evaluated as a run would, with the SQL it ran and the plan
/// of each query.
fn explain(args: ExplainArgs, out: &mut dyn Write) -> Result<i32> {
    let config = find_config(&args.source, registry()?, true)?.expect("required");
    let registry = registry_with(Some(&config))?;
    let metric = registry.metric(&args.metric)?;
    let id = metric.spec().id;
    let plan = Plan::new(&registry, vec![id])?;
    let (params, events) = params_and_events(&registry, &config, &args.params)?;
    let (builder, grain, calendar) = frame_builder(&args.frame, &registry, &config)?;
    let session = builder.params(params).events(events).build(&plan)?;
    let explained = session.explain(id, args.analyze)?;
    let origin = registry.origin(id).unwrap_or("");
    let dimensions: Vec<&str> = registry.dimensions_of(id)?.iter().map(|d| d.id).collect();
    write!(
        out,
        "{}",
        vitals_report::describe(metric, origin, &dimensions)
    )?;
    let periods = session.periods().as_slice();
    let zone = if calendar.zone.is_utc() {
        String::new()
    } else {
        format!(" in {}", calendar.zone)
    };
    writeln!(
        out,
        "\nperiods     {} by {grain}{zone}: {} … {}",
        periods.len(),
        periods.first().map_or("", |p| p.label.as_str()),
        periods.last().map_or("", |p| p.label.as_str()),
    )?;
    let datasets: Vec<String> = metric
        .spec()
        .requires
        .iter()
        .map(|d| match config.datasets.get(*d) {
            Some(source) => format!("{d} ({})", source.describe()),
            None => format!("{d} (not configured)"),
        })
        .collect();
    writeln!(out, "reads       {}", datasets.join(", "))?;
    if !explained.views.is_empty() {
        let names: Vec<&str> = explained.views.iter().map(|(v, _)| v.as_str()).collect();
        writeln!(
            out,
            "views       {} (shared, computed once per run)",
            names.join(", ")
        )?;
    }
    if !explained.helpers.is_empty() {
        writeln!(
            out,
            "helpers     {} (the run's periods and days)",
            explained.helpers.join(", ")
        )?;
    }
    if !explained.dependencies.is_empty() {
        writeln!(
            out,
            "depends on  {} (evaluated first; their series are its inputs)",
            explained.dependencies.join(", ")
        )?;
    }
    match &explained.outcome {
        Some(Outcome::Skipped(reason)) => writeln!(out, "\nskipped: {reason}")?,
        Some(Outcome::Evaluated(series)) => {
            writeln!(out, "\nvalues")?;
            for p in &series.points {
                let value = p.value.map_or("null".to_string(), |v| {
                    vitals_report::format_value(v, metric.spec().unit)
                });
                let note = p
                    .note
                    .as_ref()
                    .map(|n| format!("  ({n})"))
                    .unwrap_or_default();
                writeln!(out, "  {:<10} {value}{note}", p.period)?;
            }
        }
        None => {}
    }
    if explained.queries.is_empty() {
        writeln!(
            out,
            "\nqueries: none of its own (computed from the series of the metrics it depends on)"
        )?;
    }
    let n = explained.queries.len();
    for (i, q) in explained.queries.iter().enumerate() {
        writeln!(out, "\nquery {} of {n}\n", i + 1)?;
        for line in pretty_sql(&q.sql).lines() {
            writeln!(out, "  {line}")?;
        }
        writeln!(
            out,
            "\n{} of query {}\n",
            if args.analyze {
                "executed plan (EXPLAIN ANALYZE)"
            } else {
                "plan (EXPLAIN)"
            },
            i + 1
        )?;
        for line in q.plan.lines() {
            writeln!(out, "  {line}")?;
        }
    }
    for (view, sql) in &explained.views {
        writeln!(out, "\nview {view}\n")?;
        for line in pretty_sql(sql).lines() {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(exit::OK)
}

/// `sql` laid out one clause per line, indented; as written when it does not parse.
fn pretty_sql(sql: &str) -> String {
    use vitals_engine::datafusion::sql::sqlparser::{dialect::GenericDialect, parser::Parser};
    match Parser::parse_sql(&GenericDialect {}, sql) {
        Ok(statements) if statements.len() == 1 => format!("{:#}", statements[0]),
        _ => sql.trim().to_string(),
    }
}

/// A session builder over `config`'s datasets with the grain (default month), the calendar,
/// the range (read in the calendar's zone) and the memory and time limits of `frame` (each
/// falling back on `[run]`); and the grain and calendar.
fn frame_builder<'r>(
    frame: &crate::cli::FrameArgs,
    registry: &'r Registry,
    config: &Config,
) -> Result<(
    vitals_engine::SessionBuilder<'r>,
    Grain,
    vitals_core::Calendar,
)> {
    let defaults = &config.run;
    let grain: Grain = frame
        .grain
        .as_deref()
        .or(defaults.grain.as_deref())
        .unwrap_or("month")
        .parse()?;
    let calendar = cuts::calendar(&frame.calendar, config)?;
    let from = cuts::instant(
        frame.from.as_deref().or(defaults.from.as_deref()),
        &calendar,
    )?;
    let to = cuts::instant(frame.to.as_deref().or(defaults.to.as_deref()), &calendar)?;
    // A bad value in a flag is a usage error; in vitals.toml, an error of that file.
    let in_config = |key: &str, flag_given: bool| {
        let origin = config.origin.clone();
        let key = key.to_string();
        move |e: anyhow::Error| {
            if flag_given {
                e
            } else {
                anyhow::anyhow!("{origin}: [run] {key}: {e}")
            }
        }
    };
    let memory_limit = limits::memory_limit(
        frame.memory_limit.as_deref(),
        defaults.memory_limit.as_deref(),
    )
    .map_err(in_config("memory_limit", frame.memory_limit.is_some()))?;
    let query_timeout = limits::query_timeout(
        frame.query_timeout.as_deref(),
        defaults.query_timeout.as_ref(),
    )
    .map_err(in_config("query_timeout", frame.query_timeout.is_some()))?;
    let mut builder = Session::builder(registry)
        .memory_limit(memory_limit)
        .query_timeout(Some(query_timeout))
        .datasets(config.datasets.clone())
        .grain(grain)
        .calendar(calendar)
        .from(from)
        .to(to);
    // The spans datasets declare, as local days of the run's zone.
    for (dataset, (from, to)) in &config.covers {
        builder = builder.covers(
            dataset.clone(),
            cuts::instant(from.as_deref(), &calendar)?,
            cuts::instant(to.as_deref(), &calendar)?,
        );
    }
    Ok((builder, grain, calendar))
}

/// The bounds asked for (`--from`/`--to`, else `[run]`'s) that fall inside a period, so that
/// the periods widened the range; none when the range is as asked.
fn widened(
    frame: &crate::cli::FrameArgs,
    config: &Config,
    calendar: &vitals_core::Calendar,
    periods: &[vitals_core::Period],
) -> Result<Option<vitals_report::Widened>> {
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Ok(None);
    };
    let from_text = frame.from.as_deref().or(config.run.from.as_deref());
    let to_text = frame.to.as_deref().or(config.run.to.as_deref());
    let from = cuts::instant(from_text, calendar)?;
    let to = cuts::instant(to_text, calendar)?;
    let w = vitals_report::Widened {
        from: from
            .filter(|f| *f != first.start)
            .and(from_text.map(|t| t.trim().to_string())),
        to: to
            .filter(|t| *t != last.end)
            .and(to_text.map(|t| t.trim().to_string())),
    };
    Ok((w.from.is_some() || w.to.is_some()).then_some(w))
}

/// The params (vitals.toml's, overridden by `--param`) and event roles of a run.
fn params_and_events(
    registry: &Registry,
    config: &Config,
    overrides: &[(String, String)],
) -> Result<(Params, EventRoles)> {
    let mut all = config.params.clone();
    all.extend(overrides.iter().cloned());
    let params = Params::resolve(registry, all.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let events = EventRoles::new(config.events.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .with_context(|| format!("{}: [events]", config.origin))?;
    Ok((params, events))
}

/// Colour only for a person at a terminal, and never with `NO_COLOR` set.
fn color(output: &Option<std::path::PathBuf>) -> bool {
    output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes a report to `output` (saying so on `err`) or to `out`.
fn emit(
    output: &Option<std::path::PathBuf>,
    text: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    match output {
        Some(path) => {
            write_whole(path, text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            writeln!(err, "wrote {}", path.display())?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file beside it, renamed over `path` once
/// complete: a reader (or a second run) never sees a torn file.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let scratch = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let result = std::fs::write(&scratch, bytes).and_then(|()| std::fs::rename(&scratch, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&scratch);
    }
    result
}

/// Where the run's time went, on standard error: the set-up steps in order, then each
/// metric's time (summed over a breakdown's groups), slowest first.
fn write_timings(err: &mut dyn Write, session: &Session<'_>) -> Result<()> {
    writeln!(
        err,
        "timings, set-up (datasets load {} at a time):",
        vitals_core::threads()
    )?;
    for (step, took) in session.setup_times() {
        writeln!(err, "  {:>9.3} s  {step}", took.as_secs_f64())?;
    }
    let mut metrics: std::collections::BTreeMap<&str, Duration> = Default::default();
    for (id, took) in session.metric_times() {
        *metrics.entry(id).or_default() += took;
    }
    let mut metrics: Vec<(&str, Duration)> = metrics.into_iter().collect();
    metrics.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total: Duration = metrics.iter().map(|(_, t)| *t).sum();
    writeln!(
        err,
        "timings, metrics ({} at a time, so they overlap; {:.3} s in all; a view's time goes to the first metric that reads it):",
        vitals_core::threads(),
        total.as_secs_f64()
    )?;
    for (id, took) in metrics {
        writeln!(err, "  {:>9.3} s  {id}", took.as_secs_f64())?;
    }
    Ok(())
}

/// A progress bar on standard error, shown only on a terminal and only once the run has
/// taken more than a second.
struct Progress {
    bar: ProgressBar,
    started: Instant,
    visible: std::cell::Cell<bool>,
    terminal: bool,
}

impl Progress {
    fn new(total: usize) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}").expect("valid template"),
        );
        Progress {
            bar,
            started: Instant::now(),
            visible: false.into(),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn step(&self, id: &str) {
        if self.terminal && !self.visible.get() && self.started.elapsed() > Duration::from_secs(1) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.visible.set(true);
        }
        self.bar.set_message(id.to_string());
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
