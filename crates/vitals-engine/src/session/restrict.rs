//! Restricting a run to the rows of some dimension values: the query that keeps a dataset's
//! rows, and the warning for a value no row has.

use super::Filter;
use std::collections::BTreeMap;
use vitals_core::{Carrier, DimensionSpec, Result, RunEngine, Value};

/// `'text'` as a SQL string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Which rows of one dimension a restriction keeps.
#[derive(Debug, Clone, Copy)]
pub(super) enum Keep<'a> {
    /// The rows whose value is one of these.
    Values(&'a [String]),
    /// The rows whose value is empty or missing (the `(none)` group).
    Blank,
    /// The rows with a value that is none of these (the `(other)` group).
    Outside(&'a [String]),
}

/// A restriction on one dimension.
pub(super) type Cut<'a> = (&'static DimensionSpec, Keep<'a>);

/// The filters of a run as cuts.
pub(super) fn cuts(filters: &[Filter]) -> Vec<Cut<'_>> {
    filters
        .iter()
        .map(|(d, values)| (*d, Keep::Values(values)))
        .collect()
}

/// The condition on `column` (of the dataset or of the owner of its key) that `keep` asks for.
pub(super) fn condition(column: &str, keep: Keep) -> String {
    let list = |values: &[String]| {
        values
            .iter()
            .map(|v| literal(v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match keep {
        Keep::Values(values) => format!("{column} IN ({})", list(values)),
        Keep::Blank => format!("({column} IS NULL OR {column} = '')"),
        Keep::Outside([]) => format!("({column} IS NOT NULL AND {column} <> '')"),
        Keep::Outside(values) => format!(
            "({column} IS NOT NULL AND {column} <> '' AND {column} NOT IN ({}))",
            list(values)
        ),
    }
}

/// The query that keeps the rows of dataset `id` that pass every cut whose dimension it
/// carries, or `None` when it carries none of them. A row whose key names no row of the
/// dataset holding the value has no value: it is blank.
pub(super) fn restriction_sql(id: &str, cuts: &[Cut]) -> Option<String> {
    let conditions: Vec<String> = cuts
        .iter()
        .filter_map(|(dimension, keep)| {
            dimension.carrier(id).map(|carrier| match *carrier {
                Carrier::Column { column, .. } => condition(column, *keep),
                Carrier::Through {
                    key, owner, column, ..
                } => match keep {
                    Keep::Blank => format!(
                        "({key} IS NULL OR {key} NOT IN (SELECT {key} FROM {owner} WHERE {key} IS NOT NULL AND {}))",
                        condition(column, Keep::Outside(&[]))
                    ),
                    _ => format!(
                        "{key} IN (SELECT {key} FROM {owner} WHERE {})",
                        condition(column, *keep)
                    ),
                },
            })
        })
        .collect();
    (!conditions.is_empty())
        .then(|| format!("SELECT * FROM {id} WHERE {}", conditions.join(" AND ")))
}

/// The value of a one-column count query (0 when it gives none).
pub(super) fn count(engine: &dyn RunEngine, sql: &str) -> Result<i64> {
    let table = engine.query(sql)?;
    Ok(match table.rows.first().map(|r| &r[0]) {
        Some(Value::Int(n)) => *n,
        _ => 0,
    })
}

/// The rows of each value of `column` in `dataset` (blanks left out), most rows first, ties
/// by value.
pub(super) fn value_counts(
    engine: &dyn RunEngine,
    dataset: &str,
    column: &str,
) -> Result<Vec<(String, i64)>> {
    let table = engine.query(&format!(
        "SELECT CAST({column} AS VARCHAR) AS v, COUNT(*) AS n FROM {dataset} \
         WHERE {} GROUP BY {column} ORDER BY n DESC, v",
        condition(column, Keep::Outside(&[]))
    ))?;
    Ok(table
        .rows
        .into_iter()
        .filter_map(|row| match (&row[0], &row[1]) {
            (Value::Str(v), Value::Int(n)) => Some((v.clone(), *n)),
            _ => None,
        })
        .collect())
}

/// A warning for each filter that no row of the restricted datasets `ids` carrying its
/// dimension passes.
pub(super) fn unmatched(
    engine: &dyn RunEngine,
    ids: &[String],
    filters: &[Filter],
) -> Result<Vec<String>> {
    let mut rows = BTreeMap::new();
    for id in ids {
        rows.insert(
            id.as_str(),
            count(engine, &format!("SELECT COUNT(*) FROM {id}"))?,
        );
    }
    let mut warnings = Vec::new();
    for (dimension, values) in filters {
        let carriers: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| dimension.carrier(id).is_some())
            .collect();
        if !carriers.is_empty() && carriers.iter().all(|id| rows.get(id) == Some(&0)) {
            warnings.push(format!(
                "no row of {} has {} = {}: the run's numbers are zero or null",
                carriers.join(", "),
                dimension.id,
                values.join(", ")
            ));
        }
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restriction_keeps_the_rows_of_the_values_through_their_carrier() {
        let plan = vitals_core::dimension("plan").unwrap();
        let segment = vitals_core::dimension("segment").unwrap();
        let filters: Vec<Filter> = vec![
            (plan, vec!["pro".into(), "o'brien".into()]),
            (segment, vec!["smb".into()]),
        ];
        let filters = cuts(&filters);
        assert_eq!(
            restriction_sql("subscriptions", &filters).unwrap(),
            "SELECT * FROM subscriptions WHERE plan IN ('pro', 'o''brien') AND customer_id IN \
             (SELECT customer_id FROM customers WHERE segment IN ('smb'))"
        );
        assert_eq!(
            restriction_sql("customers", &filters).unwrap(),
            "SELECT * FROM customers WHERE segment IN ('smb')"
        );
        assert_eq!(restriction_sql("events", &filters), None);
    }

    #[test]
    fn the_none_and_other_groups_keep_blank_and_unranked_values() {
        let segment = vitals_core::dimension("segment").unwrap();
        let top = ["smb".to_string(), "mid".to_string()];
        assert_eq!(
            restriction_sql("customers", &[(segment, Keep::Outside(&top))]).unwrap(),
            "SELECT * FROM customers WHERE (segment IS NOT NULL AND segment <> '' AND segment NOT IN ('smb', 'mid'))"
        );
        assert_eq!(
            restriction_sql("customers", &[(segment, Keep::Blank)]).unwrap(),
            "SELECT * FROM customers WHERE (segment IS NULL OR segment = '')"
        );
        assert_eq!(
            restriction_sql("orders", &[(segment, Keep::Blank)]).unwrap(),
            "SELECT * FROM orders WHERE (customer_id IS NULL OR customer_id NOT IN (SELECT customer_id \
             FROM customers WHERE customer_id IS NOT NULL AND (segment IS NOT NULL AND segment <> '')))"
        );
    }
}
