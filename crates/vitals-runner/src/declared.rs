//! Metrics declared in `vitals.toml` without Rust, modelled on MetricFlow's simple, ratio and
//! derived metrics: `sql` (a query returning `(period, value)`), `ratio` (numerator ÷
//! denominator metric ids) and `formula` (arithmetic over metric ids). A declared metric
//! joins the registry and behaves like a built-in one: list, describe, sets, targets,
//! reports and dependencies.

use anyhow::{Result, anyhow, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use vitals_core::formula::Expr;
use vitals_core::{Direction, EvalContext, Metric, MetricSpec, Series, Unit, Value, did_you_mean};

/// `[metrics.ID]` in vitals.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeclaredFile {
    kind: String,
    name: Option<String>,
    description: Option<String>,
    #[serde(default = "default_unit")]
    unit: String,
    #[serde(default = "default_direction")]
    direction: String,
    #[serde(default = "default_family")]
    family: String,
    /// `sql`: the query.
    sql: Option<String>,
    /// `sql`: the datasets it reads (the metric is skipped when one is not configured).
    #[serde(default)]
    requires: Vec<String>,
    /// `ratio`: numerator metric id.
    numerator: Option<String>,
    /// `ratio`: denominator metric id.
    denominator: Option<String>,
    /// `formula`: the expression.
    formula: Option<String>,
}

fn default_unit() -> String {
    "ratio".into()
}
fn default_direction() -> String {
    "neutral".into()
}
fn default_family() -> String {
    "custom".into()
}

enum Kind {
    Sql(String),
    Ratio(&'static str, &'static str),
    Formula(Expr),
}

/// A metric declared in configuration.
pub(crate) struct Declared {
    spec: MetricSpec,
    kind: Kind,
}

fn leak(s: impl Into<String>) -> &'static str {
    Box::leak(s.into().into_boxed_str())
}

fn leak_list(items: Vec<String>) -> &'static [&'static str] {
    Box::leak(
        items
            .into_iter()
            .map(leak)
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    )
}

const UNITS: [Unit; 10] = [
    Unit::Currency,
    Unit::Percent,
    Unit::Ratio,
    Unit::Count,
    Unit::Score,
    Unit::DurationSeconds,
    Unit::Days,
    Unit::PerDay,
    Unit::Level,
    Unit::Months,
];
const DIRECTIONS: [Direction; 3] = [
    Direction::HigherIsBetter,
    Direction::LowerIsBetter,
    Direction::Neutral,
];

impl Declared {
    /// Builds metric `id` from its table; `origin` names the config file.
    pub(crate) fn build(id: &str, d: &DeclaredFile, origin: &str) -> Result<&'static Declared> {
        let at = format!("{origin}: [metrics.{id}]");
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            bail!("{at}: the id must be snake_case (a-z, 0-9, _)");
        }
        let unit = UNITS
            .into_iter()
            .find(|u| u.as_str() == d.unit)
            .ok_or_else(|| {
                anyhow!(
                    "{at}: unknown unit `{}`{}",
                    d.unit,
                    did_you_mean(&d.unit, UNITS.map(Unit::as_str))
                )
            })?;
        let direction = DIRECTIONS
            .into_iter()
            .find(|x| x.as_str() == d.direction)
            .ok_or_else(|| {
                anyhow!(
                    "{at}: unknown direction `{}`{}",
                    d.direction,
                    did_you_mean(&d.direction, DIRECTIONS.map(Direction::as_str))
                )
            })?;
        let need = |field: &Option<String>, name: &str| {
            field
                .clone()
                .ok_or_else(|| anyhow!("{at}: kind = \"{}\" needs `{name}`", d.kind))
        };
        let (kind, depends_on, formula_text) = match d.kind.as_str() {
            "sql" => {
                let sql = need(&d.sql, "sql")?;
                if d.requires.is_empty() {
                    bail!(
                        "{at}: kind = \"sql\" needs `requires`, the datasets the query reads (such as requires = [\"orders\"]; `vitals datasets` lists them): only those are loaded, and a breakdown restricts only those"
                    );
                }
                (
                    Kind::Sql(sql.clone()),
                    Vec::new(),
                    format!(
                        "SQL: {}",
                        sql.split_whitespace().collect::<Vec<_>>().join(" ")
                    ),
                )
            }
            "ratio" => {
                let (n, m) = (
                    need(&d.numerator, "numerator")?,
                    need(&d.denominator, "denominator")?,
                );
                let text = format!("{n} ÷ {m}");
                (
                    Kind::Ratio(leak(n.clone()), leak(m.clone())),
                    vec![n, m],
                    text,
                )
            }
            "formula" => {
                let text = need(&d.formula, "formula")?;
                let expr = Expr::parse(&text).map_err(|e| anyhow!("{at}: formula `{text}` {e}"))?;
                let deps = expr.metrics();
                (Kind::Formula(expr), deps, text)
            }
            other => bail!(
                "{at}: unknown kind `{other}`: expected sql, ratio or formula{}",
                did_you_mean(other, ["sql", "ratio", "formula"])
            ),
        };
        let contract = vitals_core::registry()?;
        for dataset in &d.requires {
            contract
                .dataset(dataset)
                .map_err(|e| anyhow!("{at}: requires: {e}"))?;
        }
        let spec = MetricSpec {
            id: leak(id),
            name: leak(d.name.clone().unwrap_or_else(|| id.to_string())),
            family: leak(d.family.clone()),
            description: leak(
                d.description
                    .clone()
                    .unwrap_or_else(|| format!("Declared in {origin}.")),
            ),
            formula: leak(formula_text),
            unit,
            direction,
            requires: leak_list(d.requires.clone()),
            depends_on: leak_list(depends_on),
            params: &[],
            source: leak(format!("declared in {origin} (kind {})", d.kind)),
            maturity: None,
        };
        Ok(Box::leak(Box::new(Declared { spec, kind })))
    }
}

impl Metric for Declared {
    fn spec(&self) -> &MetricSpec {
        &self.spec
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> vitals_core::Result<Series> {
        match &self.kind {
            Kind::Ratio(n, d) => cx.ratio_of(n, d, &format!("`{d}` is zero")),
            Kind::Formula(expr) => {
                let lookup = |id: &str| cx.metric(id).ok().cloned();
                let values = (0..cx.periods().len()).map(|i| expr.eval(i, &lookup));
                let points = cx
                    .periods()
                    .iter()
                    .zip(values)
                    .map(|(p, v)| match v {
                        Ok(v) => vitals_core::Point {
                            period: p.label.clone(),
                            value: Some(v.normalize()),
                            note: None,
                            flags: Default::default(),
                        },
                        Err(note) => vitals_core::Point {
                            period: p.label.clone(),
                            value: None,
                            note: Some(note),
                            flags: Default::default(),
                        },
                    })
                    .collect();
                Ok(Series { points })
            }
            Kind::Sql(sql) => {
                let table = cx.query(sql)?;
                if table.columns.len() != 2 {
                    return Err(vitals_core::Error::eval(
                        self.spec.id,
                        format!(
                            "the query returned {} columns ({}); expected 2: the period (periods.idx or periods.label) and the value",
                            table.columns.len(),
                            table.columns.join(", ")
                        ),
                    ));
                }
                let labels: BTreeMap<&str, usize> = cx
                    .periods()
                    .iter()
                    .map(|p| (p.label.as_str(), p.idx))
                    .collect();
                let mut values = vec![None; cx.periods().len()];
                let mut seen = vec![false; cx.periods().len()];
                for row in &table.rows {
                    let idx = match &row[0] {
                        Value::Str(label) => labels.get(label.as_str()).copied(),
                        other => other.as_index().ok().flatten(),
                    };
                    let Some(idx) = idx.filter(|i| *i < values.len()) else {
                        return Err(vitals_core::Error::eval(
                            self.spec.id,
                            format!(
                                "the query returned period {:?}, which is not a period of the run",
                                row[0]
                            ),
                        ));
                    };
                    if std::mem::replace(&mut seen[idx], true) {
                        return Err(vitals_core::Error::eval(
                            self.spec.id,
                            format!(
                                "the query returned period {} more than once; expected one row per period (GROUP BY the period)",
                                cx.periods()[idx].label
                            ),
                        ));
                    }
                    values[idx] = row[1]
                        .as_decimal()
                        .map_err(|e| vitals_core::Error::eval(self.spec.id, e.to_string()))?;
                }
                Ok(Series::from_values(
                    cx.periods(),
                    values,
                    "the query returned no value for this period",
                ))
            }
        }
    }
}
