//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// vitals computes your product's KPIs from your own raw data.
#[derive(Debug, Parser)]
#[command(name = "vitals", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List metrics (all, or of a family or set)
    List {
        /// Only metrics of this family
        #[arg(long)]
        family: Option<String>,
        /// Only metrics of this set
        #[arg(long)]
        set: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// List the metric sets (with vitals.toml's own) instead of metrics
        #[arg(long, conflicts_with_all = ["family", "set", "families"])]
        sets: bool,
        /// List the metric families instead of metrics
        #[arg(long, conflicts_with_all = ["family", "set", "sets"])]
        families: bool,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Describe one metric: spec, formula, datasets, params and source
    Describe {
        /// The metric id
        metric: String,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Print the data contract: every dataset with its columns
    Datasets {
        /// `markdown`: the contract with its types and rules, as docs/contract.md holds it
        #[arg(long, value_enum, default_value_t = DatasetsFormat::Text)]
        format: DatasetsFormat,
    },
    /// Print the dimensions metrics can be broken down by, the datasets that carry them and,
    /// with data (a config, --data or --demo), their top values with row counts
    Dimensions {
        /// Only this dimension
        dimension: Option<String>,
        /// How many values to show per dataset
        #[arg(long, default_value_t = 10)]
        top: usize,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Validate the config and every configured data file, computing nothing
    Check {
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Evaluate metrics over a time range
    #[command(after_help = RUN_HELP)]
    Run(Box<RunArgs>),
    /// Show how one metric is computed in this run: its definition, the datasets and views it
    /// reads, the SQL it runs for the run's periods and DataFusion's plan of each query
    #[command(after_help = EXPLAIN_HELP)]
    Explain(Box<ExplainArgs>),
    /// Cohort retention tables: cohorts by the period they started in as rows, the periods
    /// since as columns
    #[command(after_help = COHORTS_HELP)]
    Cohorts(Box<CohortArgs>),
    /// Check every configured dataset as a run does and write it as typed Parquet with a
    /// manifest, so that later runs (`--prepared DIR`) start without reading the sources
    #[command(after_help = PREPARE_HELP)]
    Prepare {
        #[command(flatten)]
        source: SourceArgs,
        /// The folder to write into (created if missing)
        #[arg(long)]
        out: PathBuf,
        /// Write into a folder that holds other files
        #[arg(long)]
        force: bool,
    },
    /// Start an Apache DataFusion Ballista scheduler or executor (with the cluster feature)
    #[command(subcommand, after_help = CLUSTER_HELP)]
    Cluster(ClusterCommand),
    /// Write a synthetic company's data and a vitals.toml
    Demo {
        /// Output folder
        #[arg(long, default_value = "vitals-demo")]
        out: PathBuf,
        /// Volume multiplier (about 1 million events per unit)
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// Random seed; the same seed and scale give the same files
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// File format of the datasets
        #[arg(long, value_enum, default_value_t = DemoFormat::Csv)]
        format: DemoFormat,
        /// Overwrite a folder that already holds a vitals.toml
        #[arg(long)]
        force: bool,
    },
}

const RUN_HELP: &str = "\
Defaults: [run] in vitals.toml, else every metric, by month, over the last 12 complete periods
that every configured dataset covers, as a table that fits 100 columns (--wide for more).

Coverage: a period outside the data a metric reads is null with a note; one the data covers in
part is flagged partial, and one still maturing (trial and lead conversions) provisional; a
partial or provisional last value is never judged good or bad. `covers_from`/`covers_to`
under [datasets.NAME] declare the span an export covers.

Examples:
  vitals run --demo --set saas-core
  vitals run --config vitals.toml --metric mrr --metric nps --grain week --from 2026-01 --to 2026-04
  vitals run --demo --set saas-core --by plan --top 5 --where segment=enterprise
  vitals run --config vitals.toml --format json --output kpis.json --fail-on-missed
  vitals run --config vitals.toml --fail-on-behind --fail-on-signal

Signals: a metric's last value is flagged when the change into it is unusual against the
earlier period-over-period changes (robust z-score above 3.5; at least 6 earlier changes):
`warning` when the move is bad news, `notable` when it is good news.

Exit codes: 0 success; 1 error (bad data, bad config, a failed query); 2 usage (an unknown
name, a bad argument, an empty range); 3 a target missed with --fail-on-missed or a goal
behind with --fail-on-behind; 4 a warning signal with --fail-on-signal (3 wins over 4).";

const COHORTS_HELP: &str = "\
Defaults: --kind logo, by month, over the last 12 complete periods the kind's dataset covers,
as a table. Each row is a cohort (the period its members started in), each column an age (M0
the cohort's own month, M1 the next, ...); only ages that have ended within the range show.

Examples:
  vitals cohorts --demo
  vitals cohorts --demo --kind revenue --where segment=enterprise
  vitals cohorts --config vitals.toml --kind users --grain week --format html --output cohorts.html

Exit codes: 0 success; 1 error (bad data, bad config); 2 usage (an unknown kind, a dataset the
kind needs that is not configured, a dimension its dataset does not carry).";

const PREPARE_HELP: &str = "\
Each dataset is checked exactly as `vitals run` checks it (the same errors) and written to
DIR/DATASET.parquet with the types a run holds it in; DIR/manifest.json records the contract,
each dataset's rows, and each source's path, size and modification time. A run with
--prepared DIR compares the manifest with the sources first: a source that changed, moved or
is no longer configured is an error naming it.

Examples:
  vitals prepare --config vitals.toml --out prepared
  vitals run --prepared prepared --set saas-core

Exit codes: 0 success; 1 error (bad data, bad config); 2 usage (a folder holding other files
without --force).";

const CLUSTER_HELP: &str = "\
A loopback cluster on one machine (each command in its own terminal):
  vitals cluster scheduler --bind 127.0.0.1:50050
  vitals cluster executor --scheduler 127.0.0.1:50050 --bind 127.0.0.1:50051 --work-dir /tmp/ex1
  vitals cluster executor --scheduler 127.0.0.1:50050 --bind 127.0.0.1:50061 --work-dir /tmp/ex2
  vitals prepare --demo --out /tmp/prepared
  vitals run --engine df://127.0.0.1:50050 --prepared /tmp/prepared --set all

The prepared folder must be at the same path on the client and every executor.";

/// `vitals cluster …`.
#[derive(Debug, Subcommand)]
pub(crate) enum ClusterCommand {
    /// Serve a scheduler: clients connect to it with --engine df://HOST:PORT
    Scheduler {
        /// The address to listen on
        #[arg(long, default_value = "127.0.0.1:50050")]
        bind: std::net::SocketAddr,
        /// Seconds without a heartbeat after which an executor is taken for dead and its
        /// tasks run elsewhere
        #[arg(long, default_value_t = 60)]
        executor_timeout: u64,
    },
    /// Serve an executor of a scheduler
    Executor {
        /// The scheduler's address
        #[arg(long)]
        scheduler: std::net::SocketAddr,
        /// The address its Arrow Flight service listens on (results and shuffles)
        #[arg(long)]
        bind: std::net::SocketAddr,
        /// The port the scheduler pushes tasks to [default: the --bind port + 1]
        #[arg(long)]
        grpc_port: Option<u16>,
        /// Where it writes shuffle files
        #[arg(long)]
        work_dir: PathBuf,
        /// Tasks run at once [default: every core]
        #[arg(long)]
        cores: Option<usize>,
    },
}

const EXPLAIN_HELP: &str = "\
The metric is evaluated as `vitals run` would (its dependencies first), over the same default
range; each query it runs is printed formatted, with the plan DataFusion chose for it. With
--analyze each query runs once more to measure it: the plan then gives rows and time per
operator.

Examples:
  vitals explain mrr --demo
  vitals explain dau --config vitals.toml --grain week --from 2026-01 --to 2026-03 --analyze

Exit codes: 0 success; 1 error (bad data, bad config, a failed query); 2 usage (an unknown
metric, a bad argument).";

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The metric id
    pub(crate) metric: String,
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    #[command(flatten)]
    pub(crate) frame: FrameArgs,
    /// Override a param: name=value (repeatable)
    #[arg(long = "param", value_parser = parse_key_value)]
    pub(crate) params: Vec<(String, String)>,
    /// Run each query again and show the executed plan with rows and time per operator
    #[arg(long)]
    pub(crate) analyze: bool,
}

/// The file format `vitals demo` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DemoFormat {
    /// CSV with a header row.
    Csv,
    /// Apache Parquet with the contract's types.
    Parquet,
}

#[derive(Debug, Clone, Args, Default)]
pub(crate) struct SourceArgs {
    /// The config file (default: ./vitals.toml when present)
    #[arg(long, conflicts_with = "data")]
    pub(crate) config: Option<PathBuf>,
    /// A folder of data files named by dataset (orders.csv, events.parquet, …)
    #[arg(long)]
    pub(crate) data: Option<PathBuf>,
    /// Use the built-in demo company (generated on first use into a cache folder)
    #[arg(long, conflicts_with_all = ["config", "data"])]
    pub(crate) demo: bool,
    /// Read the datasets from a folder `vitals prepare` wrote (checked against its sources,
    /// not value by value); the config is the one it was prepared from unless --config,
    /// --data or --demo names it
    #[arg(long, value_name = "DIR")]
    pub(crate) prepared: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    /// A metric set (repeatable)
    #[arg(long = "set")]
    pub(crate) sets: Vec<String>,
    /// A metric id (repeatable)
    #[arg(long = "metric")]
    pub(crate) metrics: Vec<String>,
    /// A metric family (repeatable)
    #[arg(long = "family")]
    pub(crate) families: Vec<String>,
    #[command(flatten)]
    pub(crate) frame: FrameArgs,
    /// What each change is against: previous (the period before) or year (the same period a
    /// year earlier, evaluated even when it lies before --from) [default: previous]
    #[arg(long, value_name = "previous|year")]
    pub(crate) compare: Option<String>,
    /// Restrict the run to the rows of some values of a dimension: DIM=VALUE[,VALUE…]
    /// (repeatable; several combine with AND; `vitals dimensions` lists them)
    #[arg(long = "where", value_name = "DIM=VALUES")]
    pub(crate) filters: Vec<String>,
    /// Break every metric down by a dimension: a line per value (`vitals dimensions` lists
    /// them)
    #[arg(long, value_name = "DIM")]
    pub(crate) by: Option<String>,
    /// With --by: how many values (those with the most rows) are named groups; the rest
    /// form one (other) group [default: 10]
    #[arg(long, value_name = "N")]
    pub(crate) top: Option<usize>,
    /// Override a param: name=value (repeatable)
    #[arg(long = "param", value_parser = parse_key_value)]
    pub(crate) params: Vec<(String, String)>,
    /// Output format
    #[arg(long, value_enum)]
    pub(crate) format: Option<Format>,
    /// Write the report to this file instead of standard output
    #[arg(long)]
    pub(crate) output: Option<PathBuf>,
    /// With the table format: every column (names, absolute changes, target, signal and goal
    /// columns) instead of a table that fits 100 columns
    #[arg(long)]
    pub(crate) wide: bool,
    /// Run the queries on an Apache DataFusion Ballista cluster, df://HOST:PORT (needs
    /// --prepared, at the same path on every executor)
    #[arg(long, value_name = "URL", requires = "prepared")]
    pub(crate) engine: Option<String>,
    /// With --engine: the seconds any one query may take on the cluster before the run fails
    /// [default: VITALS_CLUSTER_TIMEOUT, else 600]
    #[arg(long, value_name = "SECONDS", requires = "engine")]
    pub(crate) cluster_timeout: Option<u64>,
    /// Exit with code 3 when a target is missed
    #[arg(long)]
    pub(crate) fail_on_missed: bool,
    /// Exit with code 3 when a goal is behind its path
    #[arg(long)]
    pub(crate) fail_on_behind: bool,
    /// Exit with code 4 when a signal warns (a last value unusual in the bad direction)
    #[arg(long, conflicts_with = "no_signals")]
    pub(crate) fail_on_signal: bool,
    /// Flag no last value as unusual
    #[arg(long)]
    pub(crate) no_signals: bool,
    /// Print to standard error where the run's time went: each dataset loaded up front,
    /// placing the range, and every metric, slowest first
    #[arg(long)]
    pub(crate) timings: bool,
    /// The robust z-score above which a last value is unusual [default: 3.5]
    #[arg(long, value_name = "SCORE", conflicts_with = "no_signals")]
    pub(crate) signal_threshold: Option<String>,
}

/// The periods of a run, a cohort table or an explanation, and the memory its queries may
/// use; each falls back on `[run]` in vitals.toml.
#[derive(Debug, Clone, Args, Default)]
pub(crate) struct FrameArgs {
    /// Period length: day, week, month, quarter, year
    #[arg(long)]
    pub(crate) grain: Option<String>,
    /// Start of the range (YYYY-MM-DD or YYYY-MM), inclusive
    #[arg(long)]
    pub(crate) from: Option<String>,
    /// End of the range (YYYY-MM-DD or YYYY-MM), exclusive
    #[arg(long)]
    pub(crate) to: Option<String>,
    #[command(flatten)]
    pub(crate) calendar: CalendarArgs,
    /// The working memory any query may use: 4GiB, 512MiB or a share of this machine's
    /// memory such as 50% [default: 60%]
    #[arg(long, value_name = "SIZE")]
    pub(crate) memory_limit: Option<String>,
    /// How long any one query may run: seconds, or 90s, 5min, 1h [default: 5min]
    #[arg(long, value_name = "TIME")]
    pub(crate) query_timeout: Option<String>,
}

/// How periods are cut beyond their grain.
#[derive(Debug, Clone, Args, Default)]
pub(crate) struct CalendarArgs {
    /// The time zone whose local midnights bound the periods (an IANA name such as
    /// Europe/Berlin); --from and --to are read in it [default: UTC]
    #[arg(long, value_name = "ZONE")]
    pub(crate) tz: Option<String>,
    /// The day weeks start on: monday (ISO) or sunday [default: monday]
    #[arg(long, value_name = "DAY")]
    pub(crate) week_start: Option<String>,
    /// The month fiscal years start in (april, or 4): quarters and years start there and are
    /// named by the year they end in (FY2026 Q1) [default: january]
    #[arg(long, value_name = "MONTH")]
    pub(crate) fiscal_year_start: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct CohortArgs {
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    /// What each cell measures: logo (customers still paying), revenue (net MRR retention),
    /// gross_revenue (MRR retention without expansion), users (users with an event),
    /// buyers (customers with an order), buyer_revenue (net revenue of the first period's)
    #[arg(long, default_value = "logo")]
    pub(crate) kind: String,
    #[command(flatten)]
    pub(crate) frame: FrameArgs,
    /// Restrict the cohorts to the rows of some values of a dimension: DIM=VALUE[,VALUE…]
    /// (repeatable; several combine with AND)
    #[arg(long = "where", value_name = "DIM=VALUES")]
    pub(crate) filters: Vec<String>,
    /// Output format
    #[arg(long, value_enum)]
    pub(crate) format: Option<Format>,
    /// Write the table to this file instead of standard output
    #[arg(long)]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Format {
    Table,
    Json,
    Csv,
    Markdown,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Table,
    Json,
    Markdown,
}

/// Output format of `vitals datasets`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DatasetsFormat {
    Text,
    Markdown,
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .ok_or_else(|| format!("expected name=value, found `{s}`"))
}
