//! The built-in datasets of the data contract: subscriptions, orders, events, surveys,
//! marketing, engineering and support records, each with its columns and rules.

use super::{
    Check, ColumnSpec, ColumnType, Coverage, DatasetSpec, Default, RowCheck, SURVEY_SCALES,
};

const fn req(name: &'static str, ty: ColumnType) -> ColumnSpec {
    ColumnSpec {
        name,
        ty,
        optional: false,
        default: Default::Null,
        check: None,
    }
}

const fn words(name: &'static str, allowed: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec {
        name,
        ty: ColumnType::Str,
        optional: false,
        default: Default::Null,
        check: Some(Check::Words(allowed)),
    }
}

const fn opt(name: &'static str, ty: ColumnType) -> ColumnSpec {
    ColumnSpec {
        name,
        ty,
        optional: true,
        default: Default::Null,
        check: None,
    }
}

const fn opt_or(name: &'static str, ty: ColumnType, default: &'static str) -> ColumnSpec {
    ColumnSpec {
        name,
        ty,
        optional: true,
        default: Default::Value(default),
        check: None,
    }
}

use ColumnType::{Bool, Date, Dec, Int, Str, Ts};

/// A dataset without a key column.
const fn unkeyed(spec: DatasetSpec) -> DatasetSpec {
    DatasetSpec { key: None, ..spec }
}

/// A dataset whose rows each stand for a whole month.
const fn monthly(spec: DatasetSpec) -> DatasetSpec {
    DatasetSpec {
        coverage: Coverage::Months,
        ..spec
    }
}

/// A dataset of states that last until they end, covered from its first row up to today.
const fn states(spec: DatasetSpec) -> DatasetSpec {
    DatasetSpec {
        coverage: Coverage::States,
        ..spec
    }
}

/// A catalogue, whose rows do not bound the span the data covers.
const fn catalogue(spec: DatasetSpec) -> DatasetSpec {
    DatasetSpec {
        coverage: Coverage::Catalogue,
        ..spec
    }
}

const fn ds(
    id: &'static str,
    description: &'static str,
    columns: &'static [ColumnSpec],
    time_column: &'static str,
    row_checks: &'static [RowCheck],
) -> DatasetSpec {
    let first = columns[0].name.as_bytes();
    let n = first.len();
    let keyed = n > 3 && first[n - 3] == b'_' && first[n - 2] == b'i' && first[n - 1] == b'd';
    DatasetSpec {
        id,
        description,
        columns,
        key: if keyed { Some(columns[0].name) } else { None },
        time_column,
        row_checks,
        coverage: Coverage::Days,
    }
}

const fn not_before(later: &'static str, earlier: &'static str) -> RowCheck {
    RowCheck::NotBefore { later, earlier }
}

/// The built-in data contract, in catalogue order.
pub(crate) const CONTRACT: &[DatasetSpec] = &[
    ds(
        "customers",
        "one customer account",
        &[
            req("customer_id", Str),
            req("created_at", Ts),
            opt("channel", Str),
            opt("segment", Str),
            opt("country", Str),
        ],
        "created_at",
        &[],
    ),
    states(ds(
        "subscriptions",
        "one subscription (a paid or trial plan held over [started_at, ended_at))",
        &[
            req("subscription_id", Str),
            req("customer_id", Str),
            req("started_at", Ts),
            opt("ended_at", Ts),
            req("mrr", Dec),
            opt("plan", Str),
            opt_or("trial", Bool, "false"),
        ],
        "started_at",
        &[not_before("ended_at", "started_at")],
    )),
    ds(
        "orders",
        "one order",
        &[
            req("order_id", Str),
            req("customer_id", Str),
            req("ordered_at", Ts),
            req("gross_amount", Dec),
            opt_or("discount", Dec, "0"),
            opt_or("refunded", Dec, "0"),
            opt_or("quantity", Int, "1"),
            opt_or("returned_quantity", Int, "0"),
            opt_or("cost", Dec, "0"),
            opt("product_id", Str),
            opt("campaign", Str),
        ],
        "ordered_at",
        &[RowCheck::AtMost {
            column: "returned_quantity",
            limit: "quantity",
        }],
    ),
    catalogue(ds(
        "products",
        "one product",
        &[
            req("product_id", Str),
            req("launched_at", Ts),
            opt("name", Str),
        ],
        "launched_at",
        &[],
    )),
    ds(
        "expenses",
        "one expense",
        &[
            req("incurred_at", Ts),
            words(
                "category",
                &[
                    "cogs",
                    "marketing",
                    "sales",
                    "rnd",
                    "general",
                    "tax",
                    "interest",
                    "other",
                ],
            ),
            req("amount", Dec),
            opt("channel", Str),
            opt("campaign", Str),
        ],
        "incurred_at",
        &[],
    ),
    ds(
        "deals",
        "one sales deal",
        &[
            req("deal_id", Str),
            req("created_at", Ts),
            req("amount", Dec),
            ColumnSpec {
                check: Some(Check::Range(0, 1)),
                ..req("probability", Dec)
            },
            words("status", &["open", "won", "lost"]),
            opt("closed_at", Ts),
        ],
        "created_at",
        &[not_before("closed_at", "created_at")],
    ),
    unkeyed(ds(
        "events",
        "one product event",
        &[
            req("user_id", Str),
            req("occurred_at", Ts),
            req("event", Str),
            opt("session_id", Str),
            opt("page", Str),
            opt("feature", Str),
        ],
        "occurred_at",
        &[],
    )),
    unkeyed(ds(
        "survey_responses",
        "one survey answer",
        &[
            req("respondent_id", Str),
            req("responded_at", Ts),
            words("survey", &["nps", "csat", "ces"]),
            req("score", Int),
        ],
        "responded_at",
        &[RowCheck::OnScale {
            kind: "survey",
            value: "score",
            scales: SURVEY_SCALES,
        }],
    )),
    ds(
        "leads",
        "one lead",
        &[
            req("lead_id", Str),
            req("created_at", Ts),
            opt("channel", Str),
            opt("campaign", Str),
            opt("converted_at", Ts),
        ],
        "created_at",
        &[not_before("converted_at", "created_at")],
    ),
    ds(
        "email_campaigns",
        "one email send",
        &[
            req("campaign_id", Str),
            req("sent_at", Ts),
            req("sent", Int),
            ColumnSpec {
                default: Default::Column("sent"),
                ..opt("delivered", Int)
            },
            req("unique_opens", Int),
            req("unique_clicks", Int),
        ],
        "sent_at",
        &[RowCheck::AtMost {
            column: "delivered",
            limit: "sent",
        }],
    ),
    ds(
        "social_posts",
        "one social media post",
        &[
            req("post_id", Str),
            req("posted_at", Ts),
            req("impressions", Int),
            opt_or("likes", Int, "0"),
            opt_or("shares", Int, "0"),
            opt_or("comments", Int, "0"),
            opt("platform", Str),
        ],
        "posted_at",
        &[],
    ),
    monthly(ds(
        "market_sizes",
        "one month of one market",
        &[
            req("month", Date),
            req("total_sales", Dec),
            opt("company_sales", Dec),
            opt("market", Str),
        ],
        "month",
        &[],
    )),
    ds(
        "test_runs",
        "one execution of one test",
        &[
            req("executed_at", Ts),
            req("test_id", Str),
            req("automated", Bool),
            words("outcome", &["passed", "failed", "skipped", "blocked"]),
            opt("suite", Str),
            opt("duration_ms", Int),
            opt("team", Str),
        ],
        "executed_at",
        &[],
    ),
    ds(
        "defects",
        "one defect",
        &[
            req("defect_id", Str),
            req("found_at", Ts),
            words("found_by", &["team", "customer"]),
            words("severity", &["critical", "major", "minor", "trivial"]),
            words("status", &["open", "resolved", "rejected"]),
            opt("resolved_at", Ts),
            opt("release", Str),
            opt("team", Str),
        ],
        "found_at",
        &[not_before("resolved_at", "found_at")],
    ),
    ds(
        "tickets",
        "one support ticket",
        &[
            req("ticket_id", Str),
            req("opened_at", Ts),
            req("escalated", Bool),
            opt("first_response_at", Ts),
            opt("resolved_at", Ts),
            opt("severity", Str),
            opt("team", Str),
        ],
        "opened_at",
        &[
            not_before("first_response_at", "opened_at"),
            not_before("resolved_at", "opened_at"),
        ],
    ),
    ds(
        "sprints",
        "one sprint",
        &[
            req("sprint_id", Str),
            req("starts_at", Ts),
            req("ends_at", Ts),
            opt("team", Str),
        ],
        "starts_at",
        &[not_before("ends_at", "starts_at")],
    ),
    ds(
        "work_items",
        "one story, bug or task",
        &[
            req("item_id", Str),
            req("created_at", Ts),
            words("type", &["story", "bug", "task"]),
            opt("points", Dec),
            opt("sprint_id", Str),
            opt_or("committed", Bool, "false"),
            opt("started_at", Ts),
            opt("completed_at", Ts),
            opt("team", Str),
        ],
        "created_at",
        &[
            not_before("completed_at", "started_at"),
            not_before("completed_at", "created_at"),
        ],
    ),
    ds(
        "releases",
        "one planned release",
        &[
            req("release_id", Str),
            req("planned_at", Ts),
            opt("released_at", Ts),
            opt("team", Str),
        ],
        "planned_at",
        &[],
    ),
    ds(
        "capacity",
        "one person's hours on one day",
        &[
            req("person", Str),
            req("date", Date),
            req("scheduled_hours", Dec),
            req("available_hours", Dec),
            opt("allocated_hours", Dec),
            opt("team", Str),
        ],
        "date",
        &[],
    ),
    ds(
        "deployments",
        "one deployment",
        &[
            req("deployment_id", Str),
            req("deployed_at", Ts),
            req("succeeded", Bool),
            opt("first_commit_at", Ts),
            opt_or("environment", Str, "production"),
            opt("team", Str),
        ],
        "deployed_at",
        &[not_before("deployed_at", "first_commit_at")],
    ),
    ds(
        "incidents",
        "one incident",
        &[
            req("incident_id", Str),
            req("started_at", Ts),
            opt("resolved_at", Ts),
            opt("deployment_id", Str),
            opt_or("outage", Bool, "false"),
            opt("team", Str),
        ],
        "started_at",
        &[not_before("resolved_at", "started_at")],
    ),
];

/// The built-in data contract.
pub fn contract() -> &'static [DatasetSpec] {
    CONTRACT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_first_column_rule() {
        let keyed: Vec<_> = CONTRACT
            .iter()
            .filter(|d| d.key.is_some())
            .map(|d| d.id)
            .collect();
        assert_eq!(
            keyed,
            [
                "customers",
                "subscriptions",
                "orders",
                "products",
                "deals",
                "leads",
                "email_campaigns",
                "social_posts",
                "defects",
                "tickets",
                "sprints",
                "work_items",
                "releases",
                "deployments",
                "incidents"
            ]
        );
        assert_eq!(CONTRACT.len(), 21);
    }

    #[test]
    fn time_columns_and_row_checks_name_real_columns() {
        for d in CONTRACT {
            assert!(d.column(d.time_column).is_some(), "{}", d.id);
            for c in d.row_checks {
                let names: Vec<&str> = match c {
                    RowCheck::NotBefore { later, earlier } => vec![later, earlier],
                    RowCheck::AtMost { column, limit } => vec![column, limit],
                    RowCheck::OnScale { kind, value, .. } => vec![kind, value],
                };
                for n in names {
                    assert!(d.column(n).is_some(), "{}.{n}", d.id);
                }
            }
        }
    }
}
