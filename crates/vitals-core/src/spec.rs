//! What a metric is: its [`MetricSpec`], unit, direction and params.

use serde::Serialize;

/// The static description of a metric: everything `vitals list` and `describe` show.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct MetricSpec {
    /// Unique snake_case id, e.g. `mrr`.
    pub id: &'static str,
    /// Human name, e.g. "Monthly recurring revenue".
    pub name: &'static str,
    /// The family (plugin) the metric belongs to, e.g. `product-management`.
    pub family: &'static str,
    /// One or two sentences on what the metric tells.
    pub description: &'static str,
    /// The definition in plain text.
    pub formula: &'static str,
    /// The unit of its values.
    pub unit: Unit,
    /// Whether higher values are good news.
    pub direction: Direction,
    /// Dataset ids the metric reads; when one is not configured the metric is skipped.
    pub requires: &'static [&'static str],
    /// Metric ids whose series this metric reads through [`crate::EvalContext::metric`].
    pub depends_on: &'static [&'static str],
    /// Parameters with defaults.
    pub params: &'static [ParamSpec],
    /// The seed or standard that defines the metric, and any deviation from the seed.
    pub source: &'static str,
    /// How long a period's value keeps changing after the period as late events come in
    /// (trials that convert weeks after they started); `None` for a value final once its
    /// period has passed.
    pub maturity: Option<Maturity>,
}

/// A metric's maturity window: the periods that end less than `days` before the end of the
/// metric's data are provisional, shown as such and never judged good or bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Maturity {
    /// The days after a period's end until its value is final.
    pub days: u32,
    /// What can still come in, for the note: `trials can still convert`.
    pub pending: &'static str,
}

impl MetricSpec {
    /// A spec with no dependencies and no params, the common case; a `const fn` so plugins
    /// can build `const` specs with it.
    #[allow(clippy::too_many_arguments)]
    pub const fn simple(
        id: &'static str,
        name: &'static str,
        family: &'static str,
        description: &'static str,
        formula: &'static str,
        unit: Unit,
        direction: Direction,
        requires: &'static [&'static str],
        source: &'static str,
    ) -> MetricSpec {
        MetricSpec {
            id,
            name,
            family,
            description,
            formula,
            unit,
            direction,
            requires,
            depends_on: &[],
            params: &[],
            source,
            maturity: None,
        }
    }
}

impl MetricSpec {
    /// The spec with a maturity window: the periods that end less than `days` before the
    /// end of the metric's data are provisional, as `pending` (`trials can still convert`)
    /// can still come in.
    pub const fn maturing(self, days: u32, pending: &'static str) -> MetricSpec {
        MetricSpec {
            maturity: Some(Maturity { days, pending }),
            ..self
        }
    }
}

/// A metric parameter with its default.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ParamSpec {
    /// snake_case name, global across metrics (`--param name=value`).
    pub name: &'static str,
    /// The default, as text.
    pub default: &'static str,
    /// The values it takes; an override of another kind is an error before anything runs.
    pub kind: ParamKind,
    /// What it changes.
    pub doc: &'static str,
}

/// The values a param takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// A whole number above 0 (a window, a timeout).
    PositiveInt,
    /// A decimal number above 0 (a lifespan in years).
    PositiveDecimal,
    /// Any text.
    Text,
}

impl ParamKind {
    /// What a value must be, for an error message.
    pub fn expected(self) -> &'static str {
        match self {
            ParamKind::PositiveInt => "a positive whole number",
            ParamKind::PositiveDecimal => "a positive decimal number",
            ParamKind::Text => "text",
        }
    }
}

/// The unit of a metric's values; it decides formatting, never the stored number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Money in the data's currency.
    Currency,
    /// A fraction shown as a percent (0.05 is 5 %).
    Percent,
    /// A plain ratio (3.2×).
    Ratio,
    /// A count of things.
    Count,
    /// A score on a scale of its own (NPS −100…100, CSAT 1–5).
    Score,
    /// A duration in seconds.
    DurationSeconds,
    /// A number of days.
    Days,
    /// A rate per day.
    PerDay,
    /// An ordinal level (1 low … 4 elite).
    Level,
    /// A number of months.
    Months,
}

impl Unit {
    /// The snake_case name used in JSON and docs.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Currency => "currency",
            Unit::Percent => "percent",
            Unit::Ratio => "ratio",
            Unit::Count => "count",
            Unit::Score => "score",
            Unit::DurationSeconds => "duration_seconds",
            Unit::Days => "days",
            Unit::PerDay => "per_day",
            Unit::Level => "level",
            Unit::Months => "months",
        }
    }
}

/// Whether a rise in the metric is good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is better (revenue, retention).
    HigherIsBetter,
    /// Less is better (churn, cost, defects).
    LowerIsBetter,
    /// Neither (counts that only describe).
    Neutral,
}

impl Direction {
    /// The snake_case name used in JSON and docs.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
            Direction::Neutral => "neutral",
        }
    }
}
