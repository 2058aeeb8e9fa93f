//! The result of a run, ready to render.

use rust_decimal::Decimal;
use serde::Serialize;
use vitals_core::{Direction, Group, MetricSpec, Period, Point, Series, Unit, Zone};

/// Everything a renderer needs.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The grain of the periods.
    pub grain: String,
    /// The time zone the periods are local to.
    #[serde(serialize_with = "zone_name")]
    pub zone: Zone,
    /// The filters the run was restricted by: each dimension with the values kept.
    pub filters: Vec<(String, Vec<String>)>,
    /// The dimension the metrics are broken down by, if any.
    pub by: Option<String>,
    /// What the change of each metric is against: the previous period, or the same period a
    /// year earlier.
    pub compare: Compare,
    /// The score above which a last value is flagged as unusual; none when signals are off.
    pub signal_threshold: Option<Decimal>,
    /// The periods in order.
    pub periods: Vec<PeriodInfo>,
    /// `--from`/`--to` as asked, when they fell inside a period and the periods widened the
    /// range to whole periods; none when the range is as asked.
    pub widened: Option<Widened>,
    /// The evaluated metrics in selection order.
    pub metrics: Vec<MetricResult>,
    /// Metrics not evaluated, with the reason.
    pub skipped: Vec<Skipped>,
}

/// The bounds a run was asked for that fell inside a period, each as given (none for a bound
/// not given or on a period's boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Widened {
    /// `--from` as given.
    pub from: Option<String>,
    /// `--to` as given.
    pub to: Option<String>,
}

impl Widened {
    /// `--from 2026-01-01 --to 2026-04-01`.
    pub fn asked(&self) -> String {
        let mut parts = Vec::new();
        if let Some(f) = &self.from {
            parts.push(format!("--from {f}"));
        }
        if let Some(t) = &self.to {
            parts.push(format!("--to {t}"));
        }
        parts.join(" ")
    }
}

/// A period as reported.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodInfo {
    /// `2026-03`.
    pub label: String,
    /// First instant, `2026-03-01T00:00:00Z`.
    pub start: String,
    /// First instant after, `2026-04-01T00:00:00Z`.
    pub end: String,
}

impl Report {
    /// The filters as text for a report's header: `segment = enterprise; plan = pro, team`,
    /// empty when the run was not restricted.
    pub fn filter_text(&self) -> String {
        self.filters
            .iter()
            .map(|(d, values)| format!("{d} = {}", values.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The range for a report's header: `12 periods by month: 2025-10 … 2026-09` (`1 period`
    /// when there is one).
    pub fn range_text(&self) -> String {
        let (first, last) = match (self.periods.first(), self.periods.last()) {
            (Some(f), Some(l)) => (f.label.as_str(), l.label.as_str()),
            _ => ("", ""),
        };
        let n = self.periods.len();
        let noun = if n == 1 { "period" } else { "periods" };
        let compare = match &self.compare {
            Compare::Previous => String::new(),
            Compare::Year { label } => {
                format!("; change {} ({label} for {last})", self.compare_text())
            }
        };
        let zone = if self.zone.is_utc() {
            String::new()
        } else {
            format!(" in {}", self.zone)
        };
        let widened = match &self.widened {
            Some(w) => format!(" (widened to whole {}s from {})", self.grain, w.asked()),
            None => String::new(),
        };
        let span = if n == 1 {
            first.to_string()
        } else {
            format!("{first} … {last}")
        };
        format!(
            "{n} {noun} by {}{zone}: {span}{widened}{compare}",
            self.grain
        )
    }

    /// What changes are against, for people: `vs previous month` or `vs same month last
    /// year`.
    pub fn compare_text(&self) -> String {
        match self.compare {
            Compare::Previous => format!("vs previous {}", self.grain),
            Compare::Year { .. } => format!("vs same {} last year", self.grain),
        }
    }

    /// The label of the period the last is compared with, heading the "previous" column next
    /// to the last period's: the period before the last (`previous` when there is none), or
    /// with `--compare year` the same period a year earlier.
    pub fn previous_label(&self) -> String {
        let n = self.periods.len();
        if let Compare::Year { label } = &self.compare {
            return label.clone();
        }
        if n >= 2 {
            self.periods[n - 2].label.clone()
        } else {
            "previous".to_string()
        }
    }

    /// The breakdown for a report's header: `by plan`, empty when the run was not broken
    /// down.
    pub fn by_text(&self) -> String {
        self.by
            .as_ref()
            .map(|d| format!("by {d}"))
            .unwrap_or_default()
    }
}

impl From<&Period> for PeriodInfo {
    fn from(p: &Period) -> Self {
        PeriodInfo::in_zone(p, Zone::UTC)
    }
}

impl PeriodInfo {
    /// The period with its start and end as RFC 3339 in `zone`: `2026-03-01T00:00:00Z` in
    /// UTC, `2026-03-01T00:00:00+01:00` in Berlin.
    pub fn in_zone(p: &Period, zone: Zone) -> Self {
        PeriodInfo {
            label: p.label.clone(),
            start: rfc3339(p.start, zone),
            end: rfc3339(p.end, zone),
        }
    }
}

/// The UTC instant `t` as RFC 3339 in `zone`: `Z` in UTC, else the local time and its offset.
pub(crate) fn rfc3339(t: chrono::NaiveDateTime, zone: Zone) -> String {
    if zone.is_utc() {
        return t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    }
    let offset = zone.offset_at(t);
    let sign = if offset < 0 { '-' } else { '+' };
    let a = offset.abs();
    format!(
        "{}{sign}{:02}:{:02}",
        zone.to_local(t).format("%Y-%m-%dT%H:%M:%S"),
        a / 3600,
        a % 3600 / 60
    )
}

fn zone_name<S: serde::Serializer>(zone: &Zone, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(zone.name())
}

/// A target on a metric's last value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The last value must be at least this.
    pub min: Option<Decimal>,
    /// The last value must be at most this.
    pub max: Option<Decimal>,
}

/// What a metric's last value is compared with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// The period before (the default).
    #[default]
    Previous,
    /// The same period a year earlier; `label` is that period's.
    Year {
        /// `2025-09`.
        label: String,
    },
}

impl Compare {
    /// `previous` or `year`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Compare::Previous => "previous",
            Compare::Year { .. } => "year",
        }
    }
}

/// How the last value compares with the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Within the target.
    Met,
    /// Outside the target.
    Missed,
    /// No target configured.
    NoTarget,
    /// A target, but no value in the last period.
    NoValue,
    /// A target, but the last value is partial or provisional: not judged.
    Provisional,
}

impl Status {
    /// The status of `last` against `target`.
    pub fn of(target: Option<Target>, last: Option<Decimal>) -> Status {
        match (target, last) {
            (None, _) => Status::NoTarget,
            (Some(_), None) => Status::NoValue,
            (Some(t), Some(v)) => {
                let low = t.min.is_some_and(|min| v < min);
                let high = t.max.is_some_and(|max| v > max);
                if low || high {
                    Status::Missed
                } else {
                    Status::Met
                }
            }
        }
    }

    /// `met`, `missed`, `no target`, `no value`, `provisional`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Missed => "missed",
            Status::NoTarget => "no target",
            Status::NoValue => "no value",
            Status::Provisional => "provisional",
        }
    }
}

/// One evaluated metric.
#[derive(Debug, Clone, Serialize)]
pub struct MetricResult {
    /// Metric id.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Family.
    pub family: String,
    /// Unit.
    pub unit: Unit,
    /// Direction.
    pub direction: Direction,
    /// One point per period.
    pub values: Vec<Point>,
    /// The target, if any.
    pub target: Option<Target>,
    /// The target status of the last value.
    pub status: Status,
    /// When the run is broken down: one series per group (the values above are the total).
    pub groups: Vec<GroupResult>,
    /// When the run is broken down and the dimension does not apply to this metric: why.
    pub breakdown: Option<String>,
    /// With `--compare year`, the value of the same period a year before the last: the last
    /// value is compared with it instead of the previous period's.
    pub year_earlier: Option<Point>,
    /// Whether the last value is unusual against the metric's own history.
    pub signal: Option<crate::Signal>,
    /// The metric's goal judged on the last period, when one is configured.
    #[serde(skip)]
    pub goal: Option<crate::Goal>,
}

/// A metric's series for one group of a breakdown.
#[derive(Debug, Clone, Serialize)]
pub struct GroupResult {
    /// The group.
    pub group: Group,
    /// One point per period.
    pub values: Vec<Point>,
    /// With `--compare year`, the group's value a year before the last period.
    pub year_earlier: Option<Point>,
}

impl MetricResult {
    /// A result from a spec, its series and its target.
    /// A last value that is partial or provisional is not judged against the target.
    pub fn new(spec: &MetricSpec, series: Series, target: Option<Target>) -> Self {
        let last = series.points.last();
        let status = match last {
            Some(p) if target.is_some() && p.value.is_some() && !p.flags.judged() => {
                Status::Provisional
            }
            _ => Status::of(target, last.and_then(|p| p.value)),
        };
        MetricResult {
            id: spec.id.to_string(),
            name: spec.name.to_string(),
            family: spec.family.to_string(),
            unit: spec.unit,
            direction: spec.direction,
            status,
            values: series.points,
            target,
            groups: Vec::new(),
            breakdown: None,
            year_earlier: None,
            signal: None,
            goal: None,
        }
    }

    /// The metric as it is for one group: the group's values under the group's label, with
    /// no target (targets apply to the total).
    pub fn for_group(&self, group: &GroupResult) -> MetricResult {
        MetricResult {
            id: self.id.clone(),
            name: group.group.label().to_string(),
            family: self.family.clone(),
            unit: self.unit,
            direction: self.direction,
            values: group.values.clone(),
            target: None,
            status: Status::NoTarget,
            groups: Vec::new(),
            breakdown: None,
            year_earlier: group.year_earlier.clone(),
            signal: None,
            goal: None,
        }
    }

    /// The groups as metrics ([`MetricResult::for_group`]), sorted by their last value,
    /// highest first, groups without one last.
    pub fn groups_by_last(&self) -> Vec<MetricResult> {
        let mut groups: Vec<MetricResult> = self.groups.iter().map(|g| self.for_group(g)).collect();
        groups.sort_by(|a, b| match (a.last(), b.last()) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        groups
    }

    /// The last period's point (value and note).
    pub fn last_point(&self) -> Option<&Point> {
        self.values.last()
    }

    /// The point changes are against: the previous period's, or the same period's a year
    /// earlier.
    pub fn previous_point(&self) -> Option<&Point> {
        if let Some(earlier) = &self.year_earlier {
            return Some(earlier);
        }
        let n = self.values.len();
        (n >= 2).then(|| &self.values[n - 2])
    }

    /// The last period's value.
    pub fn last(&self) -> Option<Decimal> {
        self.values.last().and_then(|p| p.value)
    }

    /// The previous period's value.
    pub fn previous(&self) -> Option<Decimal> {
        if let Some(earlier) = &self.year_earlier {
            return earlier.value;
        }
        let n = self.values.len();
        (n >= 2).then(|| self.values[n - 2].value).flatten()
    }

    /// Whether the last value and the one it is compared with may be judged: neither is
    /// partial or provisional.
    pub fn judged(&self) -> bool {
        [self.last_point(), self.previous_point()]
            .into_iter()
            .flatten()
            .all(|p| p.flags.judged())
    }

    /// The change from the previous period to the last, when both have values; neither
    /// good nor bad when either value is partial or provisional.
    pub fn change(&self) -> Option<Change> {
        let (prev, last) = (self.previous()?, self.last()?);
        let absolute = last - prev;
        let relative = if prev.is_zero() {
            None
        } else {
            absolute.checked_div(prev.abs())
        };
        let verdict = match (self.direction, absolute.cmp(&Decimal::ZERO)) {
            _ if !self.judged() => Verdict::Neutral,
            (_, std::cmp::Ordering::Equal) | (Direction::Neutral, _) => Verdict::Neutral,
            (Direction::HigherIsBetter, std::cmp::Ordering::Greater)
            | (Direction::LowerIsBetter, std::cmp::Ordering::Less) => Verdict::Good,
            _ => Verdict::Bad,
        };
        Some(Change {
            absolute,
            relative,
            verdict,
        })
    }
}

/// Period-over-period change of a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Last value − previous value.
    pub absolute: Decimal,
    /// `absolute ÷ |previous|`; none when the previous value is 0.
    pub relative: Option<Decimal>,
    /// Whether the change is good news given the metric's direction.
    pub verdict: Verdict,
}

/// Whether a change is good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// In the metric's good direction.
    Good,
    /// Against it.
    Bad,
    /// No change, or a neutral metric.
    Neutral,
}

/// A metric that was not evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// Metric id.
    pub id: String,
    /// Why.
    pub reason: String,
}
