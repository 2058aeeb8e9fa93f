//! Restricting a run to the rows of some dimension values: the query that keeps a dataset's
//! rows, and the warning for a value no row has.

use super::Filter;
use std::collections::BTreeMap;
use vitals_core::{Carrier, Result, RunEngine, Value};

/// `'text'` as a SQL string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The query that keeps the rows of dataset `id` that pass every filter whose dimension it
/// carries, or `None` when it carries none of them.
pub(super) fn restriction_sql(id: &str, filters: &[Filter]) -> Option<String> {
    let conditions: Vec<String> = filters
        .iter()
        .filter_map(|(dimension, values)| {
            let list = values
                .iter()
                .map(|v| literal(v))
                .collect::<Vec<_>>()
                .join(", ");
            dimension.carrier(id).map(|carrier| match carrier {
                Carrier::Column { column, .. } => format!("{column} IN ({list})"),
                Carrier::Through {
                    key, owner, column, ..
                } => format!("{key} IN (SELECT {key} FROM {owner} WHERE {column} IN ({list}))"),
            })
        })
        .collect();
    (!conditions.is_empty())
        .then(|| format!("SELECT * FROM {id} WHERE {}", conditions.join(" AND ")))
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
        let table = engine.query(&format!("SELECT COUNT(*) FROM {id}"))?;
        let n = match table.rows.first().map(|r| &r[0]) {
            Some(Value::Int(n)) => *n,
            _ => 0,
        };
        rows.insert(id.as_str(), n);
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
}
