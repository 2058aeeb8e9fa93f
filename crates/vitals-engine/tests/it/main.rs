//! Engine tests: the three file formats load to the same table, timestamps and decimals
//! convert exactly, and metric SQL cannot escape the registered tables.

mod calendar;
mod formats;
mod safety;

use vitals_core::{Grain, Periods, QueryEngine, RunEngine, Table, Value, parse_date_arg, registry};
use vitals_engine::{DatasetSource, Engine};

/// An engine with `orders` loaded from `path` and January–February 2026 as periods.
pub(crate) fn engine_with_orders(path: &std::path::Path) -> Result<Engine, String> {
    let engine = Engine::new().map_err(|e| e.to_string())?;
    let spec = registry().unwrap().dataset("orders").unwrap();
    engine
        .load_dataset(spec, &DatasetSource::new(path))
        .map_err(|e| e.to_string())?;
    let periods = Periods::new(
        Grain::Month,
        parse_date_arg("2026-01").unwrap(),
        parse_date_arg("2026-03").unwrap(),
    )
    .unwrap();
    engine.set_periods(&periods).map_err(|e| e.to_string())?;
    Ok(engine)
}

/// Rows of a query as text, one line per row.
pub(crate) fn rows(engine: &Engine, sql: &str) -> String {
    let Table { rows, .. } = engine.query(sql).unwrap();
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|v| match v {
                    Value::Null => "null".to_string(),
                    Value::Int(i) => i.to_string(),
                    Value::Dec(d) => d.to_string(),
                    Value::Float(f) => format!("{f}f"),
                    Value::Str(s) => s.clone(),
                    Value::Bool(b) => b.to_string(),
                    Value::Time(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}
