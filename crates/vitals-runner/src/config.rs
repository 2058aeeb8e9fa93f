//! `vitals.toml`: datasets and column mappings, event roles, params, run defaults, sets and
//! targets. Unknown keys are errors naming the key.

use crate::UsageError;
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vitals_core::{
    Decimal, Dialect, Direction, Origin, PostgresSource, Registry, Relation, SetDef, did_you_mean,
};
use vitals_engine::{DatasetSource, Format};
use vitals_report::{GoalSpec, Target};

/// The parsed config, paths resolved against its folder.
#[derive(Debug, Default)]
pub(crate) struct Config {
    pub(crate) datasets: BTreeMap<String, DatasetSource>,
    pub(crate) events: BTreeMap<String, String>,
    pub(crate) params: BTreeMap<String, String>,
    pub(crate) run: RunDefaults,
    pub(crate) sets: BTreeMap<String, SetFile>,
    pub(crate) targets: BTreeMap<String, TargetFile>,
    pub(crate) goals: BTreeMap<String, GoalFile>,
    pub(crate) metrics: BTreeMap<String, crate::declared::DeclaredFile>,
    pub(crate) origin: String,
    /// `covers_from` and `covers_to` of each dataset that declares them, as written (dates
    /// in the run's time zone).
    pub(crate) covers: BTreeMap<String, (Option<String>, Option<String>)>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    datasets: BTreeMap<String, DatasetFile>,
    #[serde(default)]
    events: BTreeMap<String, String>,
    #[serde(default)]
    params: BTreeMap<String, toml::Value>,
    #[serde(default)]
    run: RunDefaults,
    #[serde(default)]
    sets: BTreeMap<String, SetFile>,
    #[serde(default)]
    targets: BTreeMap<String, TargetFile>,
    #[serde(default)]
    goals: BTreeMap<String, GoalFile>,
    #[serde(default)]
    metrics: BTreeMap<String, crate::declared::DeclaredFile>,
}

/// `[goals.METRIC]`: `target = "…"`, `by = "YYYY-MM-DD"`, and optionally `start`,
/// `baseline`, `milestones = { "YYYY-MM-DD" = "…" }` and `tolerance`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GoalFile {
    target: toml::Value,
    by: toml::Value,
    start: Option<toml::Value>,
    baseline: Option<toml::Value>,
    #[serde(default)]
    milestones: BTreeMap<String, toml::Value>,
    tolerance: Option<toml::Value>,
}

/// `[datasets.NAME]`: a file (`path`), or PostgreSQL (`postgres = "env:VAR"` with `table` or
/// `query`); `columns` maps contract names to the source's names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatasetFile {
    path: Option<PathBuf>,
    postgres: Option<String>,
    table: Option<String>,
    query: Option<String>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    /// `delimiter = ";"`: a CSV file's field delimiter.
    delimiter: Option<String>,
    /// `decimal_separator = ","`: numbers written with a decimal comma.
    decimal_separator: Option<String>,
    /// `timestamp_format = "%m/%d/%Y %H:%M"`: how times and dates are written (chrono).
    timestamp_format: Option<String>,
    /// `covers_from = "2024-10-01"`: the first day the data covers, instead of its first
    /// row's.
    covers_from: Option<toml::Value>,
    /// `covers_to = "2026-10-01"`: the day after the last the data covers (exclusive, as
    /// `--to`), instead of the day after its last row's.
    covers_to: Option<toml::Value>,
}

impl DatasetFile {
    /// `covers_from` and `covers_to`, each a date (`YYYY-MM-DD` or `YYYY-MM`, a string or a
    /// TOML date), the first before the second.
    fn covers(&self) -> std::result::Result<(Option<String>, Option<String>), String> {
        let date = |key: &str, v: &Option<toml::Value>| -> std::result::Result<_, String> {
            let Some(v) = v else { return Ok(None) };
            let text = match v {
                toml::Value::String(s) => s.trim().to_string(),
                toml::Value::Datetime(d) => d.to_string(),
                other => other.to_string(),
            };
            let at = vitals_core::parse_date_arg(&text)
                .map_err(|_| format!("{key} = {v}: expected a date, YYYY-MM-DD or YYYY-MM"))?;
            Ok(Some((text, at)))
        };
        let from = date("covers_from", &self.covers_from)?;
        let to = date("covers_to", &self.covers_to)?;
        if let (Some((f, a)), Some((t, b))) = (&from, &to)
            && a >= b
        {
            return Err(format!(
                "covers_from = {f:?} is not before covers_to = {t:?} (covers_to is the day after the last one covered)"
            ));
        }
        Ok((from.map(|f| f.0), to.map(|t| t.0)))
    }

    /// The source this entry names, paths resolved against `base`.
    fn source(self, name: &str, base: &Path) -> std::result::Result<DatasetSource, String> {
        let dialect = self.dialect()?;
        let origin = match (self.path, self.postgres) {
            (Some(_), Some(_)) => {
                return Err(
                    "has both `path` and `postgres`: a dataset comes from one place".to_string(),
                );
            }
            (None, None) => {
                return Err("needs `path = \"file\"` or `postgres = \"env:VAR\"`".to_string());
            }
            (Some(path), None) => {
                if self.table.is_some() || self.query.is_some() {
                    return Err(
                        "`table` and `query` go with `postgres`, not with `path`".to_string()
                    );
                }
                if dialect.delimiter.is_some() && Format::of(&path) != Some(Format::Csv) {
                    return Err(format!(
                        "`delimiter` applies to CSV files, and {} is not one",
                        path.display()
                    ));
                }
                Origin::File(if path.is_absolute() {
                    path
                } else {
                    base.join(path)
                })
            }
            (None, Some(postgres)) => {
                if dialect.delimiter.is_some() {
                    return Err("`delimiter` applies to CSV files, not to `postgres`".to_string());
                }
                // The value is never repeated: it may be a connection string with a password.
                let Some(var) = postgres.strip_prefix("env:") else {
                    return Err(format!(
                        "`postgres` must name the environment variable that holds the connection string, as \"env:VITALS_PG_URL\"; a connection string (and its password) does not belong in a config file{}",
                        if postgres.contains("://") || postgres.contains('=') {
                            ": remove it from the file and change the password it shows"
                        } else {
                            ""
                        }
                    ));
                };
                let var = var.trim();
                if var.is_empty() || !var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(format!(
                        "`postgres = \"env:{var}\"`: expected an environment variable name (letters, digits, _)"
                    ));
                }
                let relation = match (self.table, self.query) {
                    (Some(table), None) => Relation::Table(table.trim().to_string()),
                    (None, Some(query)) => Relation::Query(query),
                    (Some(_), Some(_)) => {
                        return Err("has both `table` and `query`: give one".to_string());
                    }
                    (None, None) => {
                        return Err(format!(
                            "a `postgres` dataset needs `table = \"schema.{name}\"` or `query = \"SELECT …\"`"
                        ));
                    }
                };
                Origin::Postgres(PostgresSource {
                    url_env: var.to_string(),
                    relation,
                })
            }
        };
        Ok(DatasetSource {
            origin,
            columns: self.columns,
            prepared: false,
            dialect,
        })
    }

    /// `delimiter`, `decimal_separator` and `timestamp_format`, checked.
    fn dialect(&self) -> std::result::Result<Dialect, String> {
        let delimiter = match self.delimiter.as_deref() {
            None => None,
            Some(d) => match d.as_bytes() {
                [b] if b.is_ascii() && !matches!(b, b'"' | b'\n' | b'\r') => Some(*b),
                _ => {
                    return Err(format!(
                        "delimiter = {d:?}: expected one character such as \";\", \"|\" or \"\\t\" (not a quote or a line break)"
                    ));
                }
            },
        };
        let decimal_comma = match self.decimal_separator.as_deref() {
            None | Some(".") => false,
            Some(",") => true,
            Some(other) => {
                return Err(format!(
                    "decimal_separator = {other:?}: expected \".\" or \",\""
                ));
            }
        };
        let time_format = match &self.timestamp_format {
            None => None,
            Some(f) => {
                let broken = f.trim().is_empty()
                    || chrono::format::StrftimeItems::new(f)
                        .any(|item| matches!(item, chrono::format::Item::Error));
                if broken {
                    return Err(format!(
                        "timestamp_format = {f:?} is not a format: write it in chrono's strftime syntax, such as \"%m/%d/%Y %H:%M\" or \"%Y%m%d\""
                    ));
                }
                Some(f.clone())
            }
        };
        Ok(Dialect {
            delimiter,
            decimal_comma,
            time_format,
        })
    }
}

/// `[run]` defaults, overridden by command-line flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RunDefaults {
    #[serde(default)]
    pub(crate) sets: Vec<String>,
    #[serde(default)]
    pub(crate) metrics: Vec<String>,
    #[serde(default)]
    pub(crate) families: Vec<String>,
    pub(crate) grain: Option<String>,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) format: Option<crate::cli::Format>,
    /// `where = { segment = "enterprise", plan = ["pro", "team"] }`.
    #[serde(default, rename = "where")]
    pub(crate) filters: BTreeMap<String, FilterValues>,
    /// `by = "plan"`: break every metric down by a dimension.
    pub(crate) by: Option<String>,
    /// `top = 5`: how many values of the `by` dimension are named groups.
    pub(crate) top: Option<usize>,
    /// `memory_limit = "4GiB"` (or `"50%"`): the working memory any query may use.
    pub(crate) memory_limit: Option<String>,
    /// `query_timeout = 120` (seconds) or `"5min"`: how long any one query may run.
    pub(crate) query_timeout: Option<toml::Value>,
    /// `tz = "Europe/Berlin"`: the time zone whose local midnights bound the periods.
    pub(crate) tz: Option<String>,
    /// `week_start = "sunday"`: the day weeks start on.
    pub(crate) week_start: Option<String>,
    /// `fiscal_year_start = "april"`: the month fiscal years (and quarters) start in.
    pub(crate) fiscal_year_start: Option<String>,
    /// `compare = "year"`: changes against the same period a year earlier.
    pub(crate) compare: Option<String>,
    /// `signal_threshold = 3.5`: the robust z-score above which a last value is unusual.
    pub(crate) signal_threshold: Option<toml::Value>,
}

/// The values of one `[run] where` entry: one value or a list.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum FilterValues {
    /// `segment = "enterprise"`.
    One(String),
    /// `plan = ["pro", "team"]`.
    Many(Vec<String>),
}

impl FilterValues {
    pub(crate) fn to_vec(&self) -> Vec<String> {
        match self {
            FilterValues::One(v) => vec![v.clone()],
            FilterValues::Many(vs) => vs.clone(),
        }
    }
}

/// `[sets.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SetFile {
    pub(crate) metrics: Vec<String>,
    #[serde(default)]
    pub(crate) description: String,
    /// `where = { segment = "enterprise" }`: a run of this set is restricted to those rows.
    #[serde(default, rename = "where")]
    pub(crate) filters: BTreeMap<String, FilterValues>,
}

/// `[targets] metric = { min = "…", max = "…" }`, or a bare value that is a minimum for a
/// higher-is-better metric and a maximum for a lower-is-better one; values as strings or
/// numbers, percents as `"2%"` or `0.02`.
pub(crate) type TargetFile = toml::Value;

impl Config {
    /// Reads and validates `path`.
    pub(crate) fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        Config::parse(&text, path)
    }

    /// Parses the text of the config file at `path` (paths resolve against its folder).
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Config> {
        let file: ConfigFile = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.to_string().trim_end()))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut datasets = BTreeMap::new();
        let mut covers = BTreeMap::new();
        for (name, d) in file.datasets {
            let in_file =
                |e: String| UsageError::wrap(format!("{}: [datasets.{name}]: {e}", path.display()));
            let span = d.covers().map_err(in_file)?;
            if span.0.is_some() || span.1.is_some() {
                covers.insert(name.clone(), span);
            }
            let source = d.source(&name, base).map_err(in_file)?;
            datasets.insert(name, source);
        }
        let params = file
            .params
            .into_iter()
            .map(|(k, v)| {
                let text = match v {
                    toml::Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, text)
            })
            .collect();
        Ok(Config {
            datasets,
            events: file.events,
            params,
            run: file.run,
            sets: file.sets,
            targets: file.targets,
            goals: file.goals,
            metrics: file.metrics,
            origin: path.display().to_string(),
            covers,
        })
    }

    /// A config that finds datasets in `dir` by file stem (`orders.csv`).
    pub(crate) fn from_dir(dir: &Path, registry: &Registry) -> Result<Config> {
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read data folder {}", dir.display()))?;
        let mut datasets = BTreeMap::new();
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let (Some(stem), Some(_)) =
                (path.file_stem().and_then(|s| s.to_str()), Format::of(&path))
            else {
                continue;
            };
            if registry.dataset(stem).is_err() {
                continue;
            }
            if let Some(previous) = datasets.insert(stem.to_string(), DatasetSource::new(&path)) {
                bail!(
                    "two files for dataset {stem} in {}: {} and {}",
                    dir.display(),
                    previous.describe(),
                    path.display()
                );
            }
        }
        if datasets.is_empty() {
            bail!(
                "no dataset files in {}: expected files named by dataset, such as orders.csv or events.parquet (see `vitals datasets`)",
                dir.display()
            );
        }
        Ok(Config {
            datasets,
            origin: dir.display().to_string(),
            ..Config::default()
        })
    }

    /// Checks names against the registry: datasets, targets' metrics; adds the config's sets.
    pub(crate) fn apply(&self, registry: &mut Registry) -> Result<()> {
        for (id, declared) in &self.metrics {
            let metric = crate::declared::Declared::build(id, declared, &self.origin)?;
            registry
                .add_metric(metric, &self.origin)
                .map_err(|e| anyhow::anyhow!("{}: [metrics.{id}]: {e}", self.origin))?;
        }
        for name in self.datasets.keys() {
            registry.dataset(name).map_err(|e| {
                UsageError::wrap(format!("{}: [datasets.{name}]: {e}", self.origin))
            })?;
        }
        for (id, set) in &self.sets {
            registry
                .add_set(SetDef {
                    id: id.clone(),
                    description: set.description.clone(),
                    metrics: set.metrics.clone(),
                    origin: self.origin.clone(),
                })
                .map_err(|e| anyhow::anyhow!("{}: [sets.{id}]: {e}", self.origin))?;
        }
        for id in self.targets.keys() {
            if registry.metric(id).is_err() {
                bail!(
                    "{}: [targets]: unknown metric `{id}`{}",
                    self.origin,
                    did_you_mean(id, registry.metric_ids())
                );
            }
        }
        for id in self.goals.keys() {
            if registry.metric(id).is_err() {
                bail!(
                    "{}: [goals.{id}]: unknown metric `{id}`{}",
                    self.origin,
                    did_you_mean(id, registry.metric_ids())
                );
            }
        }
        Ok(())
    }

    /// The goal of metric `id`, if configured, checked: numbers (percents as `"5%"`), dates
    /// as `YYYY-MM-DD`, `start` before `by`, each milestone strictly between them.
    pub(crate) fn goal(&self, id: &str) -> Result<Option<GoalSpec>> {
        let Some(g) = self.goals.get(id) else {
            return Ok(None);
        };
        let at = format!("{}: [goals.{id}]", self.origin);
        let date = |v: &toml::Value, key: &str| -> Result<chrono::NaiveDate> {
            let text = match v {
                toml::Value::String(s) => s.trim().to_string(),
                toml::Value::Datetime(d) => d.to_string(),
                other => other.to_string(),
            };
            chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
                anyhow::anyhow!(
                    "{at} {key}: expected a date such as \"2026-06-30\", found `{text}`"
                )
            })
        };
        let target = number(&g.target, &format!("{at} target"))?;
        let by = date(&g.by, "by")?;
        let start = g.start.as_ref().map(|v| date(v, "start")).transpose()?;
        if let Some(start) = start
            && start >= by
        {
            bail!("{at}: start {start} must be before by {by}");
        }
        let baseline = g
            .baseline
            .as_ref()
            .map(|v| number(v, &format!("{at} baseline")))
            .transpose()?;
        let mut milestones = Vec::new();
        for (day, value) in &g.milestones {
            let d = date(&toml::Value::String(day.clone()), "milestones")?;
            if d >= by || start.is_some_and(|s| d <= s) {
                bail!(
                    "{at} milestones: {d} is not between the start{} and the due date (by = {by})",
                    start.map(|s| format!(" ({s})")).unwrap_or_default()
                );
            }
            milestones.push((d, number(value, &format!("{at} milestones.\"{day}\""))?));
        }
        milestones.sort_by_key(|(d, _)| *d);
        let tolerance = match &g.tolerance {
            Some(v) => {
                let t = number(v, &format!("{at} tolerance"))?;
                if t < Decimal::ZERO {
                    bail!(
                        "{at} tolerance: expected a share of the target such as \"2%\" or 0.02, found a negative number"
                    );
                }
                t
            }
            None => vitals_report::DEFAULT_TOLERANCE,
        };
        Ok(Some(GoalSpec {
            target,
            by,
            start,
            baseline,
            milestones,
            tolerance,
        }))
    }

    /// `[run] signal_threshold`, if set: a positive number.
    pub(crate) fn signal_threshold(&self) -> Result<Option<Decimal>> {
        let Some(v) = &self.run.signal_threshold else {
            return Ok(None);
        };
        let at = format!("{}: [run] signal_threshold", self.origin);
        let t = number(v, &at)?;
        if t <= Decimal::ZERO {
            bail!("{at}: expected a positive number such as 3.5, found {t}");
        }
        Ok(Some(t))
    }

    /// The target of metric `id`, if configured; percents accept `"2%"`. A bare value is a
    /// minimum or a maximum by the metric's `direction`.
    pub(crate) fn target(&self, id: &str, direction: Direction) -> Result<Option<Target>> {
        let Some(t) = self.targets.get(id) else {
            return Ok(None);
        };
        let at = format!("{}: [targets] {id}", self.origin);
        let parse = |v: Option<&toml::Value>, which: &str| -> Result<Option<Decimal>> {
            v.map(|v| number(v, &format!("{at}{which}"))).transpose()
        };
        let (min, max) = match t {
            toml::Value::Table(table) => {
                if let Some(key) = table.keys().find(|k| *k != "min" && *k != "max") {
                    bail!(
                        "{at}: unknown key `{key}`: expected min or max{}",
                        did_you_mean(key, ["min", "max"])
                    );
                }
                (
                    parse(table.get("min"), ".min")?,
                    parse(table.get("max"), ".max")?,
                )
            }
            bare => match direction {
                Direction::HigherIsBetter => (parse(Some(bare), "")?, None),
                Direction::LowerIsBetter => (None, parse(Some(bare), "")?),
                Direction::Neutral => bail!(
                    "{at}: `{id}` is neutral, so a bare value is neither a minimum nor a maximum: write {{ min = … }} or {{ max = … }}"
                ),
            },
        };
        Ok(Some(Target { min, max }))
    }
}

/// A number from vitals.toml: a TOML number or a string, percents as `"5%"` (0.05); `at`
/// names the key in errors.
pub(crate) fn number(v: &toml::Value, at: &str) -> Result<Decimal> {
    let text = match v {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        other => bail!("{at}: expected a number, found {other}"),
    };
    let (number, percent) = match text.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (text.as_str(), false),
    };
    let value: Decimal = number
        .parse()
        .or_else(|_| Decimal::from_scientific(number))
        .map_err(|_| {
            anyhow::anyhow!("{at}: expected a number such as \"0.05\" or \"5%\", found `{text}`")
        })?;
    Ok(if percent {
        value / Decimal::ONE_HUNDRED
    } else {
        value
    })
}
