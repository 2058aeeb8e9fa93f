//! Views this family registers: intermediate results computed once per run and shared by
//! every metric (of any family) that reads them.

use vitals_core::{ViewContext, register_view};

/// `customer_mrr(customer_id, t, mrr)`: each customer's MRR at every period boundary `t`
/// (every period start, and the last period end), counting paid subscriptions (not trial,
/// `mrr > 0`) live at `t`: `started_at <= t` and (`ended_at` is null or `ended_at > t`).
/// Customers without MRR at `t` have no row.
fn customer_mrr(_: &ViewContext<'_>) -> String {
    "SELECT s.customer_id, b.t, SUM(s.mrr) AS mrr \
     FROM (SELECT start AS t FROM periods UNION SELECT \"end\" AS t FROM periods) b \
     JOIN subscriptions s ON s.started_at <= b.t AND (s.ended_at IS NULL OR s.ended_at > b.t) \
     WHERE NOT s.trial AND s.mrr > 0 \
     GROUP BY s.customer_id, b.t"
        .to_string()
}

register_view!(
    "customer_mrr",
    "each customer's MRR at every period boundary t (paid subscriptions live at t)",
    requires = &["subscriptions"],
    params = &[],
    sql = customer_mrr,
);

/// `daily_active_users(user_id, day, day_num)`: each user once per UTC day with any event,
/// from 30 days before the range to its end; `day_num` counts days since 1970-01-01.
fn daily_active_users(_: &ViewContext<'_>) -> String {
    "SELECT DISTINCT user_id, date_trunc('day', occurred_at) AS day, \
            to_unixtime(occurred_at) / 86400 AS day_num \
     FROM events \
     WHERE occurred_at >= (SELECT MIN(day) FROM days) \
       AND occurred_at < (SELECT MAX(\"end\") FROM periods)"
        .to_string()
}

register_view!(
    "daily_active_users",
    "each user once per UTC day with any event, over the range and 30 days of look-back",
    requires = &["events"],
    params = &[],
    sql = daily_active_users,
);
