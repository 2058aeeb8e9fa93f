//! A dataset of Acme's own, `acme_visits`, registered with a declared schema like the
//! built-in contract, and a metric over it. The engine loads and validates it like any
//! dataset: `[datasets.acme_visits] path = "visits.csv"` in vitals.toml, or a file named
//! `acme_visits.csv` in a `--data` folder.

use vitals_core::{
    ColumnSpec, ColumnType, Coverage, DatasetSpec, Default, Direction, EvalContext, Metric, MetricSpec,
    Result, Series, Unit,
};

/// One store visit.
pub(crate) const VISITS: DatasetSpec = DatasetSpec {
    id: "acme_visits",
    description: "one store visit",
    columns: &[
        ColumnSpec { name: "visit_id", ty: ColumnType::Str, optional: false, default: Default::Null, check: None },
        ColumnSpec { name: "visited_at", ty: ColumnType::Ts, optional: false, default: Default::Null, check: None },
        ColumnSpec { name: "store", ty: ColumnType::Str, optional: true, default: Default::Null, check: None },
        ColumnSpec { name: "spend", ty: ColumnType::Dec, optional: true, default: Default::Value("0"), check: None },
    ],
    key: Some("visit_id"),
    time_column: "visited_at",
    row_checks: &[],
    // The data covers the days from the first visit to the last (`Coverage::Months` for a
    // monthly table, `Coverage::Catalogue` for one whose rows do not bound it).
    coverage: Coverage::Days,
};

vitals_core::register_dataset!(VISITS);

/// Spend per store visit.
pub(crate) struct SpendPerVisit;

const SPEC: MetricSpec = MetricSpec {
    id: "acme_spend_per_visit",
    name: "Spend per visit",
    family: "acme",
    description: "What an average store visit in the period spent.",
    formula: "Σ acme_visits.spend ÷ visits, visited_at in P",
    unit: Unit::Currency,
    direction: Direction::HigherIsBetter,
    requires: &["acme_visits"],
    depends_on: &[],
    params: &[],
    source: "Acme's retail handbook",
    maturity: None,
};

impl Metric for SpendPerVisit {
    fn spec(&self) -> &MetricSpec {
        &SPEC
    }

    fn evaluate(&self, cx: &EvalContext<'_>) -> Result<Series> {
        cx.flow_ratio("acme_visits", "visited_at", "t.spend", "1", "TRUE", "no visits in the period")
    }
}

vitals_core::register_metric!(SpendPerVisit);

#[cfg(test)]
mod tests {
    use vitals_engine::testing::{Fixture, show};

    #[test]
    fn spend_per_visit_over_the_plugin_dataset() {
        // January: (30 + 0 (empty spend defaults to 0)) ÷ 2; February: no visits.
        let visits = "visit_id,visited_at,store,spend\nv1,2026-01-03,north,30\nv2,2026-01-04,south,\n";
        let s = Fixture::months("2026-01", "2026-03").csv("acme_visits", visits).eval("acme_spend_per_visit").unwrap();
        assert_eq!(show(&s), "[15, null (no visits in the period)]");
    }

    #[test]
    fn the_plugin_dataset_is_validated_like_the_contract() {
        let visits = "visit_id,visited_at,spend\nv1,2026-01-03,lots\n";
        let err = Fixture::months("2026-01", "2026-02").csv("acme_visits", visits).eval("acme_spend_per_visit").unwrap_err();
        assert!(err.ends_with("acme_visits.csv line 2, column spend: expected a decimal number such as 12.50, found `lots`"), "{err}");
    }
}
