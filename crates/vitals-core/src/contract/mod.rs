//! The data contract: the datasets vitals reads, their columns, types, defaults and domain
//! rules. This module holds the types of a declaration; `datasets` holds the built-in
//! datasets. The engine loads files against these declarations; `vitals datasets` prints
//! them. Plugins may register datasets of their own with [`DatasetRegistration`].

mod datasets;

pub(crate) use datasets::CONTRACT;
pub use datasets::contract;

use serde::Serialize;

/// The type of a column as written in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Text.
    Str,
    /// A UTC instant: RFC 3339, `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD` (midnight UTC).
    Ts,
    /// A calendar date, held as midnight UTC.
    Date,
    /// An exact decimal (money, probabilities), held with 10 decimal places.
    Dec,
    /// A whole number.
    Int,
    /// true/false/1/0/yes/no.
    Bool,
}

impl ColumnType {
    /// The contract's short name (`ts`).
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::Str => "str",
            ColumnType::Ts => "ts",
            ColumnType::Date => "date",
            ColumnType::Dec => "dec",
            ColumnType::Int => "int",
            ColumnType::Bool => "bool",
        }
    }

    /// What a value of this type looks like, for error messages.
    pub fn expected(self) -> &'static str {
        match self {
            ColumnType::Str => "text",
            ColumnType::Ts => "a timestamp (RFC 3339, YYYY-MM-DD HH:MM:SS or YYYY-MM-DD)",
            ColumnType::Date => "a date (YYYY-MM-DD)",
            ColumnType::Dec => "a decimal number such as 12.50",
            ColumnType::Int => "a whole number",
            ColumnType::Bool => "a boolean (true/false/1/0/yes/no)",
        }
    }
}

/// What an absent optional column or an empty cell in one reads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Default {
    /// NULL.
    Null,
    /// A constant, written as in a file (`0`, `false`, `production`).
    Value(&'static str),
    /// The value of another column of the same row (`delivered` defaults to `sent`).
    Column(&'static str),
}

/// A rule on the values of one column.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// One of these words (compared in lower case).
    Words(&'static [&'static str]),
    /// Between `min` and `max` inclusive (for decimals and integers).
    Range(i64, i64),
}

/// A rule across columns of one row.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowCheck {
    /// `later` is not before `earlier` when both are present.
    NotBefore {
        /// the later instant
        later: &'static str,
        /// the earlier instant
        earlier: &'static str,
    },
    /// `column <= limit`.
    AtMost {
        /// the bounded column
        column: &'static str,
        /// the bound
        limit: &'static str,
    },
    /// Whole number `value` is on the scale named by the word in column `kind`.
    OnScale {
        /// the column whose word picks the scale
        kind: &'static str,
        /// the scored column
        value: &'static str,
        /// the scale of each word
        scales: &'static [Scale],
    },
}

/// A closed range of whole-number scores, named by a word of the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Scale {
    /// The word that selects the scale (`nps`).
    pub word: &'static str,
    /// How an error names a score on it (`an NPS`).
    pub name: &'static str,
    /// The lowest score.
    pub min: i64,
    /// The highest score.
    pub max: i64,
}

/// The survey scales: NPS asks 0–10 ("how likely are you to recommend us"), CSAT 1–5
/// ("how satisfied were you"), CES 1–7 ("how easy was it").
pub const SURVEY_SCALES: &[Scale] = &[
    Scale {
        word: "nps",
        name: "an NPS",
        min: 0,
        max: 10,
    },
    Scale {
        word: "csat",
        name: "a CSAT",
        min: 1,
        max: 5,
    },
    Scale {
        word: "ces",
        name: "a CES",
        min: 1,
        max: 7,
    },
];

/// One column of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ColumnSpec {
    /// The contract name.
    pub name: &'static str,
    /// Its type.
    pub ty: ColumnType,
    /// Whether the column may be missing from the file.
    pub optional: bool,
    /// What an absent column or empty cell reads as (optional columns only).
    pub default: Default,
    /// Value rules beyond the type; numeric columns are always non-negative.
    pub check: Option<Check>,
}

/// A dataset of the data contract.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DatasetSpec {
    /// The table name in SQL and the file stem (`orders`).
    pub id: &'static str,
    /// What one row is.
    pub description: &'static str,
    /// The columns in contract order.
    pub columns: &'static [ColumnSpec],
    /// The unique key column, if any.
    pub key: Option<&'static str>,
    /// The timestamp that places a row in time; it sets the default range.
    pub time_column: &'static str,
    /// Rules across columns.
    pub row_checks: &'static [RowCheck],
    /// What the rows say about the span of time the data covers.
    pub coverage: Coverage,
}

/// What a dataset's rows say about the span of time its data covers: the periods outside it
/// are null for the metrics that read it, those it covers in part are flagged partial.
/// `covers_from` and `covers_to` in vitals.toml set the span instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// From the day of the first row's time column through the day of the last row's.
    Days,
    /// Each row stands for the whole month of its time column (a monthly table).
    Months,
    /// The rows are states that last until they end (subscriptions): the data covers from
    /// the first row's start up to today, as a state with no end is open as of the export,
    /// however long ago the last one started.
    States,
    /// The rows are a catalogue (products): when the latest one appeared says nothing about
    /// how far the data reaches, so the dataset bounds no metric's coverage.
    Catalogue,
}

impl Coverage {
    /// For the contract's docs.
    pub fn describe(self) -> &'static str {
        match self {
            Coverage::Days => {
                "the data covers the days from the first row's time to the last row's"
            }
            Coverage::Months => "each row stands for its whole month",
            Coverage::States => {
                "rows are states that last until they end: the data covers from the first row's start up to today"
            }
            Coverage::Catalogue => "a catalogue: its rows do not bound the span the data covers",
        }
    }
}

impl DatasetSpec {
    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Registers a dataset with the registry, like metrics: `inventory::submit!`.
#[derive(Debug)]
pub struct DatasetRegistration {
    /// The dataset.
    pub spec: &'static DatasetSpec,
    /// Where it was registered (module path), for duplicate errors.
    pub origin: &'static str,
}

inventory::collect!(DatasetRegistration);
