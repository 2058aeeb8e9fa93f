//! Dimensions: the named attributes that rows of some datasets carry (a customer's segment, a
//! subscription's plan, an event's feature, an engineering record's team), by which a metric
//! can be broken down or filtered.
//!
//! The value of a metric for one value of a dimension is the metric evaluated on the data
//! restricted to the rows with that value, so a dimension applies to a metric only when every
//! dataset the metric reads, directly or through the metrics it depends on, carries it: a
//! ratio is never computed with its numerator restricted and its denominator not.

use crate::{Error, Registry, Result, did_you_mean};
use serde::Serialize;
use std::collections::BTreeSet;

/// How one dataset carries a dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    /// A column of the dataset's own.
    Column {
        /// The dataset.
        dataset: &'static str,
        /// Its column holding the dimension's value.
        column: &'static str,
    },
    /// Through a key naming a row of another dataset that holds the value (orders carry the
    /// customer's segment through `customer_id`). A row whose key names no such row has no
    /// value.
    Through {
        /// The dataset.
        dataset: &'static str,
        /// Its column holding the key.
        key: &'static str,
        /// The dataset holding the value, keyed by `key`.
        owner: &'static str,
        /// The owner's column holding the value.
        column: &'static str,
    },
}

impl Carrier {
    /// The dataset that carries the dimension.
    pub fn dataset(&self) -> &'static str {
        match self {
            Carrier::Column { dataset, .. } | Carrier::Through { dataset, .. } => dataset,
        }
    }

    /// How the dataset carries it, for people: `customers.segment` or
    /// `orders.customer_id → customers.segment`.
    pub fn describe(&self) -> String {
        match self {
            Carrier::Column { dataset, column } => format!("{dataset}.{column}"),
            Carrier::Through {
                dataset,
                key,
                owner,
                column,
            } => format!("{dataset}.{key} → {owner}.{column}"),
        }
    }
}

/// A dimension: its name and the datasets that carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DimensionSpec {
    /// The name used in `--by` and `--where` (`plan`).
    pub id: &'static str,
    /// What its values are.
    pub description: &'static str,
    /// Every dataset that carries it, and how.
    pub carriers: &'static [Carrier],
}

impl DimensionSpec {
    /// How `dataset` carries this dimension, if it does.
    pub fn carrier(&self, dataset: &str) -> Option<&Carrier> {
        self.carriers.iter().find(|c| c.dataset() == dataset)
    }
}

const fn col(dataset: &'static str, column: &'static str) -> Carrier {
    Carrier::Column { dataset, column }
}

const fn customer(dataset: &'static str, column: &'static str) -> Carrier {
    Carrier::Through {
        dataset,
        key: "customer_id",
        owner: "customers",
        column,
    }
}

/// The built-in dimensions.
pub const DIMENSIONS: &[DimensionSpec] = &[
    DimensionSpec {
        id: "segment",
        description: "the customer's segment, such as smb or enterprise",
        carriers: &[
            col("customers", "segment"),
            customer("subscriptions", "segment"),
            customer("orders", "segment"),
        ],
    },
    DimensionSpec {
        id: "country",
        description: "the customer's country",
        carriers: &[
            col("customers", "country"),
            customer("subscriptions", "country"),
            customer("orders", "country"),
        ],
    },
    DimensionSpec {
        id: "channel",
        description: "the acquisition channel of a customer, a lead or a marketing expense",
        carriers: &[
            col("customers", "channel"),
            customer("subscriptions", "channel"),
            customer("orders", "channel"),
            col("leads", "channel"),
            col("expenses", "channel"),
        ],
    },
    DimensionSpec {
        id: "plan",
        description: "the subscription's plan",
        carriers: &[col("subscriptions", "plan")],
    },
    DimensionSpec {
        id: "product",
        description: "the product ordered",
        carriers: &[col("orders", "product_id"), col("products", "product_id")],
    },
    DimensionSpec {
        id: "campaign",
        description: "the marketing campaign of an order, a lead, an expense or an email",
        carriers: &[
            col("orders", "campaign"),
            col("leads", "campaign"),
            col("expenses", "campaign"),
            col("email_campaigns", "campaign_id"),
        ],
    },
    DimensionSpec {
        id: "feature",
        description: "the product feature an event used",
        carriers: &[col("events", "feature")],
    },
    DimensionSpec {
        id: "page",
        description: "the page an event happened on",
        carriers: &[col("events", "page")],
    },
    DimensionSpec {
        id: "platform",
        description: "the social platform of a post",
        carriers: &[col("social_posts", "platform")],
    },
    DimensionSpec {
        id: "market",
        description: "the market whose size is measured",
        carriers: &[col("market_sizes", "market")],
    },
    DimensionSpec {
        id: "severity",
        description: "the severity of a defect or a ticket",
        carriers: &[col("defects", "severity"), col("tickets", "severity")],
    },
    DimensionSpec {
        id: "suite",
        description: "the test suite of a test run",
        carriers: &[col("test_runs", "suite")],
    },
    DimensionSpec {
        id: "release",
        description: "the release a defect was found in, or a release itself",
        carriers: &[col("defects", "release"), col("releases", "release_id")],
    },
    DimensionSpec {
        id: "team",
        description: "the engineering team a record belongs to",
        carriers: &[
            col("test_runs", "team"),
            col("defects", "team"),
            col("tickets", "team"),
            col("sprints", "team"),
            col("work_items", "team"),
            col("releases", "team"),
            col("capacity", "team"),
            col("deployments", "team"),
            col("incidents", "team"),
        ],
    },
];

/// What a group of a breakdown holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// The rows of one named value.
    Value,
    /// The rows whose value is empty or missing, `(none)`.
    None,
    /// The rows of every value outside the top ones, `(other)`.
    Other,
}

/// One group of a breakdown by a dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// What the group holds.
    pub kind: GroupKind,
    /// The value, for a [`GroupKind::Value`] group.
    pub group: Option<String>,
}

impl Group {
    /// The group of one named value.
    pub fn value(name: impl Into<String>) -> Self {
        Group {
            kind: GroupKind::Value,
            group: Some(name.into()),
        }
    }

    /// The `(none)` group.
    pub fn none() -> Self {
        Group {
            kind: GroupKind::None,
            group: None,
        }
    }

    /// The `(other)` group.
    pub fn other() -> Self {
        Group {
            kind: GroupKind::Other,
            group: None,
        }
    }

    /// The group's label for people: its value, `(none)` or `(other)`.
    pub fn label(&self) -> &str {
        match self.kind {
            GroupKind::Value => self.group.as_deref().unwrap_or_default(),
            GroupKind::None => "(none)",
            GroupKind::Other => "(other)",
        }
    }
}

/// The built-in dimensions, in the order above.
pub fn dimensions() -> &'static [DimensionSpec] {
    DIMENSIONS
}

/// The dimension called `id`; an unknown name is an error with a suggestion.
pub fn dimension(id: &str) -> Result<&'static DimensionSpec> {
    DIMENSIONS
        .iter()
        .find(|d| d.id == id)
        .ok_or_else(|| Error::Unknown {
            kind: "dimension",
            name: id.to_string(),
            suggestion: did_you_mean(id, DIMENSIONS.iter().map(|d| d.id)),
        })
}

impl Registry {
    /// Every dataset metric `id` reads: its own `requires` and those of the metrics it
    /// depends on, transitively.
    pub fn datasets_read(&self, id: &str) -> Result<BTreeSet<&'static str>> {
        let mut read = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut todo = vec![self.metric(id)?];
        while let Some(metric) = todo.pop() {
            let spec = metric.spec();
            if !seen.insert(spec.id) {
                continue;
            }
            read.extend(spec.requires.iter().copied());
            for dep in spec.depends_on {
                todo.push(self.metric(dep)?);
            }
        }
        Ok(read)
    }

    /// Whether `dimension` applies to metric `id`: `Ok(())` when every dataset the metric
    /// reads carries it, else the reason (`plan does not apply: requires events`).
    pub fn dimension_applies(
        &self,
        id: &str,
        dimension: &DimensionSpec,
    ) -> Result<std::result::Result<(), String>> {
        let read = self.datasets_read(id)?;
        let missing: Vec<&str> = read
            .iter()
            .copied()
            .filter(|d| dimension.carrier(d).is_none())
            .collect();
        Ok(if read.is_empty() {
            Err(format!("{} does not apply: reads no dataset", dimension.id))
        } else if missing.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{} does not apply: requires {}",
                dimension.id,
                missing.join(", ")
            ))
        })
    }

    /// The dimensions that apply to metric `id`, in the order of [`dimensions`].
    pub fn dimensions_of(&self, id: &str) -> Result<Vec<&'static DimensionSpec>> {
        let mut out = Vec::new();
        for d in DIMENSIONS {
            if self.dimension_applies(id, d)?.is_ok() {
                out.push(d);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract;

    #[test]
    fn every_carrier_names_a_real_dataset_and_column() {
        let column = |dataset: &str, column: &str| {
            contract()
                .iter()
                .find(|d| d.id == dataset)
                .and_then(|d| d.column(column))
                .is_some()
        };
        for d in DIMENSIONS {
            for c in d.carriers {
                match *c {
                    Carrier::Column { dataset, column: c } => {
                        assert!(column(dataset, c), "{}: {dataset}.{c}", d.id)
                    }
                    Carrier::Through {
                        dataset,
                        key,
                        owner,
                        column: c,
                    } => {
                        assert!(column(dataset, key), "{}: {dataset}.{key}", d.id);
                        assert!(column(owner, c), "{}: {owner}.{c}", d.id);
                    }
                }
            }
        }
    }

    #[test]
    fn an_unknown_dimension_suggests_the_nearest() {
        let e = dimension("plna").unwrap_err().to_string();
        assert_eq!(e, "unknown dimension `plna`; did you mean `plan`?");
        assert_eq!(dimension("team").unwrap().carriers.len(), 9);
    }

    #[test]
    fn carriers_describe_their_path() {
        let segment = dimension("segment").unwrap();
        assert_eq!(
            segment.carrier("orders").unwrap().describe(),
            "orders.customer_id → customers.segment"
        );
        assert_eq!(
            segment.carrier("customers").unwrap().describe(),
            "customers.segment"
        );
        assert!(segment.carrier("events").is_none());
    }
}
