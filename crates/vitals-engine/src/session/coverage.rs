//! The span of time each dataset's data covers, and what it means for the values of the
//! metrics that read it: a period outside the span is null with a note (never a carried
//! snapshot or a 0), one the span cuts is flagged partial, and one that ends within a
//! metric's maturity window before the span's end is flagged provisional.

use chrono::{Duration, NaiveDateTime};
use std::collections::BTreeMap;
use vitals_core::{
    Calendar, Coverage, DatasetSpec, Grain, Outcome, Period, Plan, Result, RunEngine, Value,
};

/// The instants `[start, end)` a dataset's data covers; `None` on a side nothing bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The first instant covered.
    pub start: Option<NaiveDateTime>,
    /// The first instant after the data.
    pub end: Option<NaiveDateTime>,
    /// Where a default range may end: as `end`, but for states the day after the last row's
    /// (the data is shown where it has rows; a range asked for beyond it shows the states
    /// still open, up to today).
    pub rows_end: Option<NaiveDateTime>,
}

/// `covers_from` and `covers_to` of a dataset, as instants: each replaces what the rows say.
pub type Declared = (Option<NaiveDateTime>, Option<NaiveDateTime>);

/// The span of each of `loaded` (datasets with rows), from the earliest and latest value of
/// its time column by its [`Coverage`] rule, in `calendar`'s days and months (states up to
/// the end of the day holding `now`); a declared bound replaces the one from the rows. A
/// catalogue without a declared bound has no span.
pub(crate) fn spans(
    engine: &dyn RunEngine,
    loaded: &[&'static DatasetSpec],
    calendar: Calendar,
    declared: &BTreeMap<String, Declared>,
    now: NaiveDateTime,
) -> Result<BTreeMap<&'static str, Span>> {
    let measured: Vec<&'static DatasetSpec> = loaded
        .iter()
        .copied()
        .filter(|d| d.coverage != Coverage::Catalogue)
        .collect();
    let mut rows: BTreeMap<&'static str, (NaiveDateTime, NaiveDateTime)> = BTreeMap::new();
    if !measured.is_empty() {
        let parts: Vec<String> = measured
            .iter()
            .enumerate()
            .map(|(i, d)| {
                format!(
                    "SELECT {i} AS i, CAST(MIN({c}) AS TIMESTAMP) AS lo, \
                     CAST(MAX({c}) AS TIMESTAMP) AS hi FROM {t}",
                    c = d.time_column,
                    t = d.id
                )
            })
            .collect();
        let table = engine.query(&parts.join(" UNION ALL "))?;
        for row in &table.rows {
            if let (Value::Int(i), Value::Time(lo), Value::Time(hi)) = (&row[0], &row[1], &row[2])
                && let Some(d) = usize::try_from(*i).ok().and_then(|i| measured.get(i))
            {
                rows.insert(d.id, (*lo, *hi));
            }
        }
    }
    let mut out = BTreeMap::new();
    for d in loaded {
        let declared = declared.get(d.id).copied().unwrap_or((None, None));
        if let Some(span) = span_of(d, rows.get(d.id).copied(), declared, calendar, now) {
            out.insert(d.id, span);
        }
    }
    Ok(out)
}

/// The earliest and latest value of `d`'s time column, read through `engine` (which loads
/// the dataset if it has not yet); `None` when it has no rows or cannot be read.
pub(crate) fn read_bounds(
    engine: &dyn RunEngine,
    d: &DatasetSpec,
) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let sql = format!(
        "SELECT CAST(MIN({c}) AS TIMESTAMP), CAST(MAX({c}) AS TIMESTAMP) FROM {t}",
        c = d.time_column,
        t = d.id
    );
    let table = engine.query(&sql).ok()?;
    match table.rows.first().map(|r| (&r[0], &r[1])) {
        Some((Value::Time(lo), Value::Time(hi))) => Some((*lo, *hi)),
        _ => None,
    }
}

/// The span of dataset `d` from the earliest and latest value of its time column (`rows`)
/// by its [`Coverage`] rule, a declared bound replacing the one from the rows; `None` when
/// nothing bounds it.
pub(crate) fn span_of(
    d: &DatasetSpec,
    rows: Option<(NaiveDateTime, NaiveDateTime)>,
    (from, to): Declared,
    calendar: Calendar,
    now: NaiveDateTime,
) -> Option<Span> {
    let grain = match d.coverage {
        Coverage::Months => Grain::Month,
        _ => Grain::Day,
    };
    let measured = rows
        .filter(|_| d.coverage != Coverage::Catalogue)
        .map(|(lo, hi)| {
            let rows_end = calendar.next(grain, calendar.floor(grain, hi));
            let end = match d.coverage {
                // Up to the end of today: an open state is open as of the export.
                Coverage::States => calendar
                    .next(Grain::Day, calendar.floor(Grain::Day, now))
                    .max(rows_end),
                _ => rows_end,
            };
            (calendar.floor(grain, lo), end, rows_end)
        });
    let span = Span {
        start: from.or(measured.map(|m| m.0)),
        end: to.or(measured.map(|m| m.1)),
        rows_end: to.or(measured.map(|m| m.2)),
    };
    (span.start.is_some() || span.end.is_some()).then_some(span)
}

/// The bounds a default range is placed in: the earliest start of any span, and the end of
/// the span that ends first (the data every dataset covers; for states, their last row's
/// day); as the first and last instant of the data. `None` when no span has both sides.
pub(crate) fn range_bounds(
    spans: &BTreeMap<&'static str, Span>,
) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let start = spans.values().filter_map(|s| s.start).min()?;
    let end = spans.values().filter_map(|s| s.rows_end.or(s.end)).min()?;
    Some((start, end - Duration::microseconds(1)))
}

/// A metric's coverage: the intersection of the spans of the datasets it reads and of the
/// metrics it depends on, with the dataset that sets each side.
#[derive(Debug, Clone, Copy, Default)]
struct Reach {
    start: Option<(NaiveDateTime, &'static str)>,
    end: Option<(NaiveDateTime, &'static str)>,
}

impl Reach {
    fn narrow(&mut self, other: Reach) {
        if let Some((t, d)) = other.start
            && self.start.is_none_or(|(s, _)| t > s)
        {
            self.start = Some((t, d));
        }
        if let Some((t, d)) = other.end
            && self.end.is_none_or(|(e, _)| t < e)
        {
            self.end = Some((t, d));
        }
    }
}

/// Marks the values of every evaluated metric of `plan` by the coverage of its data: null
/// with a note outside it, `partial` where it cuts the period, `provisional` within the
/// metric's maturity window before its end.
pub(crate) fn mark(
    plan: &Plan,
    spans: &BTreeMap<&'static str, Span>,
    periods: &[Period],
    calendar: Calendar,
    outcomes: &mut BTreeMap<&'static str, Outcome>,
) {
    if spans.is_empty() {
        return;
    }
    let day = |t: NaiveDateTime| calendar.zone.to_local(t).format("%Y-%m-%d").to_string();
    let last_day = |t: NaiveDateTime| day(t - Duration::microseconds(1));
    let mut reaches: BTreeMap<&'static str, Reach> = BTreeMap::new();
    for metric in &plan.order {
        let spec = metric.spec();
        let mut reach = Reach::default();
        for d in spec.requires {
            if let Some(span) = spans.get(d) {
                reach.narrow(Reach {
                    start: span.start.map(|t| (t, *d)),
                    end: span.end.map(|t| (t, *d)),
                });
            }
        }
        for dep in spec.depends_on {
            if let Some(r) = reaches.get(dep) {
                reach.narrow(*r);
            }
        }
        reaches.insert(spec.id, reach);
        if reach.start.is_none() && reach.end.is_none() {
            continue;
        }
        let Some(Outcome::Evaluated(series)) = outcomes.get_mut(spec.id) else {
            continue;
        };
        for (point, period) in series.points.iter_mut().zip(periods) {
            let before = reach.start.filter(|(s, _)| period.end <= *s);
            let after = reach.end.filter(|(e, _)| period.start >= *e);
            if let Some((s, d)) = before {
                point.value = None;
                point.flags.outside_data = true;
                point.note = Some(format!("outside the data: `{d}` covers from {} on", day(s)));
                continue;
            }
            if let Some((e, d)) = after {
                point.value = None;
                point.flags.outside_data = true;
                point.note = Some(format!(
                    "outside the data: `{d}` covers up to {}",
                    last_day(e)
                ));
                continue;
            }
            let mut remarks = Vec::new();
            let cut_start = reach.start.filter(|(s, _)| period.start < *s);
            let cut_end = reach.end.filter(|(e, _)| period.end > *e);
            let partial = match (cut_start, cut_end) {
                (Some((s, a)), Some((e, b))) if a == b => Some(format!(
                    "partial: `{a}` covers {} … {} of this period",
                    day(s),
                    last_day(e)
                )),
                (Some((s, a)), Some((e, b))) => Some(format!(
                    "partial: `{a}` covers this period from {} on, `{b}` up to {}",
                    day(s),
                    last_day(e)
                )),
                (Some((s, d)), None) => Some(format!(
                    "partial: `{d}` covers this period from {} on",
                    day(s)
                )),
                (None, Some((e, d))) => Some(format!(
                    "partial: `{d}` covers this period up to {}",
                    last_day(e)
                )),
                (None, None) => None,
            };
            if let Some(remark) = partial {
                point.flags.partial = true;
                remarks.push(remark);
            }
            if let (Some(m), Some((e, d))) = (spec.maturity, reach.end)
                && period.end + Duration::days(i64::from(m.days)) > e
            {
                point.flags.provisional = true;
                remarks.push(format!(
                    "provisional: {} (final {} days after the period; `{d}` covers up to {})",
                    m.pending,
                    m.days,
                    last_day(e)
                ));
            }
            // A null value keeps the note that says why it is null; the flags still tell.
            if !remarks.is_empty() && point.value.is_some() {
                let remark = remarks.join("; ");
                point.note = Some(match point.note.take() {
                    Some(note) => format!("{note}; {remark}"),
                    None => remark,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vitals_core::{Metric, MetricSpec, Periods, Point, Series, parse_date_arg};

    fn t(s: &str) -> NaiveDateTime {
        parse_date_arg(s).unwrap()
    }

    struct Fixed(MetricSpec);
    impl Metric for Fixed {
        fn spec(&self) -> &MetricSpec {
            &self.0
        }
        fn evaluate(&self, _: &vitals_core::EvalContext<'_>) -> Result<Series> {
            unreachable!("not evaluated in these tests")
        }
    }

    #[test]
    fn range_bounds_end_where_the_first_dataset_ends() {
        let spans = BTreeMap::from([
            (
                "orders",
                Span {
                    start: Some(t("2024-10-01")),
                    end: Some(t("2026-12-04")),
                    rows_end: Some(t("2026-10-01")),
                },
            ),
            (
                "leads",
                Span {
                    start: Some(t("2025-01-01")),
                    end: Some(t("2026-09-15")),
                    rows_end: Some(t("2026-09-15")),
                },
            ),
            (
                "products",
                Span {
                    start: None,
                    end: None,
                    rows_end: None,
                },
            ),
        ]);
        let (first, last) = range_bounds(&spans).unwrap();
        assert_eq!(first, t("2024-10-01"));
        assert_eq!(last, t("2026-09-15") - Duration::microseconds(1));
        // States end the default range at their last row, not today.
        let states = BTreeMap::from([("subscriptions", spans["orders"])]);
        let (_, last) = range_bounds(&states).unwrap();
        assert_eq!(last, t("2026-10-01") - Duration::microseconds(1));
        assert!(range_bounds(&BTreeMap::new()).is_none());
    }

    #[test]
    fn periods_outside_are_null_cut_ones_partial_recent_ones_provisional() {
        let spec = MetricSpec::simple(
            "conv",
            "Conversion",
            "f",
            "",
            "",
            vitals_core::Unit::Percent,
            vitals_core::Direction::HigherIsBetter,
            &["leads"],
            "",
        )
        .maturing(30, "leads can still convert");
        let metric: &'static Fixed = Box::leak(Box::new(Fixed(spec)));
        let plan = Plan {
            selected: vec!["conv"],
            order: vec![metric as &dyn Metric],
        };
        let periods = Periods::new(Grain::Month, t("2026-01-01"), t("2026-07-01")).unwrap();
        let points = periods
            .as_slice()
            .iter()
            .map(|p| Point {
                period: p.label.clone(),
                value: Some(vitals_core::Decimal::ONE),
                note: None,
                flags: Default::default(),
            })
            .collect();
        let mut outcomes = BTreeMap::from([("conv", Outcome::Evaluated(Series { points }))]);
        // Leads from 15 February through 10 May.
        let spans = BTreeMap::from([(
            "leads",
            Span {
                start: Some(t("2026-02-15")),
                end: Some(t("2026-05-11")),
                rows_end: Some(t("2026-05-11")),
            },
        )]);
        mark(
            &plan,
            &spans,
            periods.as_slice(),
            Calendar::default(),
            &mut outcomes,
        );
        let Outcome::Evaluated(series) = &outcomes["conv"] else {
            panic!("evaluated")
        };
        let p = &series.points;
        // January: before the data.
        assert_eq!(p[0].value, None);
        assert_eq!(p[0].flags.names(), ["outside_data"]);
        assert_eq!(
            p[0].note.as_deref(),
            Some("outside the data: `leads` covers from 2026-02-15 on")
        );
        // February: cut at the start.
        assert_eq!(p[1].value, Some(vitals_core::Decimal::ONE));
        assert_eq!(p[1].flags.names(), ["partial"]);
        // March: whole, and over 30 days before the end.
        assert!(!p[2].flags.any() && p[2].note.is_none(), "{:?}", p[2]);
        // April ends 10 days before the data does: provisional.
        assert_eq!(p[3].flags.names(), ["provisional"]);
        assert!(
            p[3].note
                .as_deref()
                .unwrap()
                .contains("leads can still convert"),
            "{:?}",
            p[3]
        );
        // May: cut at the end, and provisional.
        assert_eq!(p[4].flags.names(), ["partial", "provisional"]);
        assert_eq!(p[4].value, Some(vitals_core::Decimal::ONE));
        // June: after the data, null; never a carried value.
        assert_eq!(p[5].value, None);
        assert_eq!(
            p[5].note.as_deref(),
            Some("outside the data: `leads` covers up to 2026-05-10")
        );
    }
}
