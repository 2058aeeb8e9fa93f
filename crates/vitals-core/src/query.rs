//! The boundary between metrics and the query engine: [`QueryEngine`] runs SQL and returns a
//! small, engine-free [`Table`].

use crate::{Error, Result};
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// Runs metric SQL over the registered datasets, views and helper tables.
///
/// Implemented by `vitals-engine` with DataFusion; metrics only see this trait. The call is
/// synchronous: the engine owns its async runtime.
pub trait QueryEngine: Send + Sync {
    /// Runs one read-only query. DDL, DML and file access are refused.
    fn query(&self, sql: &str) -> Result<Table>;
}

/// A query result, row by row. Metric queries return one row per period or a few thousand
/// rows at most; large intermediate results stay inside the engine as views.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Column names in order.
    pub columns: Vec<String>,
    /// Rows, each with one [`Value`] per column.
    pub rows: Vec<Vec<Value>>,
}

/// One cell of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// An exact decimal.
    Dec(Decimal),
    /// A float; metric SQL should cast to DECIMAL instead, and reading one as a number is an
    /// error so that no float slips into a result.
    Float(f64),
    /// Text.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// A UTC instant.
    Time(NaiveDateTime),
}

impl Value {
    /// The value as an exact decimal: `None` for NULL, an error for text or floats.
    pub fn as_decimal(&self) -> Result<Option<Decimal>> {
        match self {
            Value::Null => Ok(None),
            Value::Int(i) => Ok(Some(Decimal::from(*i))),
            Value::Dec(d) => Ok(Some(*d)),
            Value::Bool(b) => Ok(Some(Decimal::from(u8::from(*b)))),
            other => Err(Error::Query {
                message: format!(
                    "expected an integer or decimal column, found {other:?} (cast floats to DECIMAL in SQL)"
                ),
            }),
        }
    }

    /// The value as a non-negative index (a period `idx`).
    pub fn as_index(&self) -> Result<Option<usize>> {
        match self {
            Value::Null => Ok(None),
            Value::Int(i) if *i >= 0 => Ok(Some(*i as usize)),
            other => Err(Error::Query {
                message: format!("expected a period index, found {other:?}"),
            }),
        }
    }
}
