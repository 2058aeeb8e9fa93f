//! The views of this family: intermediate results the engine computes on first use in a
//! run, once, which every metric of every linked family can read as a table (sessions,
//! per-customer MRR at period boundaries, daily and per-period active users, feature use
//! per period). They are registered like metrics, with [`vitals_core::register_view!`].
//!
//! The views read `user_id` as string views (`arrow_cast(user_id, 'Utf8View')`, a no-op when
//! it already is one, as a Parquet file scanned where it lies gives it). The loader may hold
//! text as per-batch dictionaries, and DataFusion's DISTINCT, GROUP BY and sort over millions
//! of such rows merge the dictionaries batch after batch: on 47 million events (`vitals demo
//! --scale 50`) `wau` took 38 s with dictionaries and 22 s as plain text, load included.
//! String views group faster still than plain text, and casting to plain text copied every
//! event's id: reading string views took the whole catalogue at 100 million events about 2 s
//! (7 %) less. Their results, one
//! row per user and day, period or session, are much smaller than the events.

use vitals_core::{ParamSpec, ViewContext, register_view, timestamp_sql};

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

/// `mrr_movements(idx, customer_id, m0, m1, paid_before)`: for each period and each customer
/// paying at its start or end, MRR at the start (`m0`) and at the end (`m1`), and whether the
/// customer had a paid subscription that started before the period (`paid_before`, which
/// tells reactivation from new business).
fn mrr_movements(_: &ViewContext<'_>) -> String {
    "WITH s AS (SELECT p.idx, c.customer_id, c.mrr FROM periods p JOIN customer_mrr c ON c.t = p.start), \
          e AS (SELECT p.idx, c.customer_id, c.mrr FROM periods p JOIN customer_mrr c ON c.t = p.\"end\"), \
          first_paid AS ( \
            SELECT customer_id, MIN(started_at) AS first_paid_at FROM subscriptions \
            WHERE NOT trial AND mrr > 0 GROUP BY customer_id), \
          both_ends AS ( \
            SELECT COALESCE(s.idx, e.idx) AS idx, COALESCE(s.customer_id, e.customer_id) AS customer_id, \
                   COALESCE(s.mrr, 0) AS m0, COALESCE(e.mrr, 0) AS m1 \
            FROM s FULL OUTER JOIN e ON s.idx = e.idx AND s.customer_id = e.customer_id) \
     SELECT b.idx, b.customer_id, b.m0, b.m1, \
            COALESCE(f.first_paid_at < p.start, FALSE) AS paid_before \
     FROM both_ends b JOIN periods p ON p.idx = b.idx \
     LEFT JOIN first_paid f ON f.customer_id = b.customer_id"
        .to_string()
}

register_view!(
    "mrr_movements",
    "per period and customer: MRR at start (m0) and end (m1), and whether they paid before the period",
    requires = &["subscriptions"],
    params = &[],
    sql = mrr_movements,
);

/// `daily_active_users(user_id, day, day_num, roles)`: each user once per local day (of the
/// run's time zone) with any event, from 30 days before the range (or the start of the
/// period before it, if earlier) to its end; `day` is the instant the day starts and
/// `day_num` counts local days since 1970-01-01. Grouped on the user and the day number,
/// then the day's instant once per row: two keys per event row instead of three.
///
/// `roles` (8-bit) flags the day's events of three roles (their event names as the run maps
/// them): 1 a `page_view`, 2 a `purchase`, 4 a `content_view`. The users who viewed, bought
/// or read content in a period are then read from the daily actives (see
/// `period_active_users`) instead of another pass over the events.
fn daily_active_users(cx: &ViewContext<'_>) -> String {
    let since = cx
        .periods
        .days_before_start(30)
        .min(cx.periods.prev_start());
    let within = format!(
        "occurred_at >= {} AND occurred_at < {}",
        timestamp_sql(since),
        timestamp_sql(cx.periods.end())
    );
    format!(
        "SELECT user_id, {day} AS day, day_num, roles FROM ( \
           SELECT arrow_cast(user_id, 'Utf8View') AS user_id, \
                  to_unixtime({local}) / 86400 AS day_num, \
                  BIT_OR(CAST((CASE WHEN event = {page_view} THEN 1 ELSE 0 END) \
                              | (CASE WHEN event = {purchase} THEN 2 ELSE 0 END) \
                              | (CASE WHEN event = {content_view} THEN 4 ELSE 0 END) AS TINYINT)) AS roles \
           FROM events WHERE {within} GROUP BY 1, 2)",
        local = cx.local("occurred_at"),
        day = cx.utc("to_timestamp_micros(day_num * 86400000000)"),
        page_view = cx.event("page_view"),
        purchase = cx.event("purchase"),
        content_view = cx.event("content_view"),
    )
}

register_view!(
    "daily_active_users",
    "each user once per local day with any event (and flags of the day's page views, purchases and content views), over the range and 30 days of look-back (or the period before the range, if longer)",
    requires = &["events"],
    params = &[],
    sql = daily_active_users,
);

/// The longest rolling window the `active_day_gaps` view serves, in days (`mau`'s).
pub const MAX_ROLLING_WINDOW: u32 = 30;

/// `active_day_gaps(day_num, gap, users)`: how many users were active on the local day
/// `day_num` (of `daily_active_users`) with their next active day `gap` days later, the gap
/// capped at [`MAX_ROLLING_WINDOW`] (a user with no later active day counts at the cap).
/// A rolling window of `w` days up to the cap reads a user's active day as covering
/// `min(gap, w)` days from it, so `dau`, `wau` and `mau` sort the daily actives per user
/// once between them, and each reads a few thousand rows (days × gaps) instead.
fn active_day_gaps(_: &ViewContext<'_>) -> String {
    format!(
        "SELECT day_num, gap, COUNT(*) AS users FROM ( \
           SELECT day_num, \
                  LEAST(COALESCE(LEAD(day_num) OVER (PARTITION BY user_id ORDER BY day_num) - day_num, \
                                 {cap}), {cap}) AS gap \
           FROM daily_active_users) \
         GROUP BY day_num, gap",
        cap = MAX_ROLLING_WINDOW,
    )
}

register_view!(
    "active_day_gaps",
    "users per local active day and days to their next active day (capped at 30): the rolling active-user windows",
    requires = &["events"],
    params = &[],
    sql = active_day_gaps,
);

/// `period_active_users(bucket, user_id, active_days, viewed_page, purchased,
/// viewed_content)`: each user once per period (by its start, `bucket`) in which they had
/// any event, with the number of local days of the period they were active on and whether
/// they had a `page_view`, a `purchase` or a `content_view` event in it (8-bit, 0 or 1),
/// over the range and the period before it. Read from `daily_active_users`, which covers
/// those days: a local day lies in one period, so a user is active in a period exactly when
/// active on one of its days, and the distinct users per day are far fewer than the events.
fn period_active_users(cx: &ViewContext<'_>) -> String {
    format!(
        "SELECT bucket, user_id, active_days, \
                CAST(CASE WHEN roles & 1 <> 0 THEN 1 ELSE 0 END AS TINYINT) AS viewed_page, \
                CAST(CASE WHEN roles & 2 <> 0 THEN 1 ELSE 0 END AS TINYINT) AS purchased, \
                CAST(CASE WHEN roles & 4 <> 0 THEN 1 ELSE 0 END AS TINYINT) AS viewed_content \
         FROM ( \
           SELECT {bucket} AS bucket, user_id, COUNT(*) AS active_days, BIT_OR(roles) AS roles \
           FROM daily_active_users WHERE day >= {since} AND day < {until} \
           GROUP BY {bucket}, user_id)",
        bucket = cx.bucket("day"),
        since = timestamp_sql(cx.periods.prev_start()),
        until = timestamp_sql(cx.periods.end()),
    )
}

register_view!(
    "period_active_users",
    "each user once per period with any event, their active days in it and whether they viewed a page, bought or viewed content, over the range and the period before it",
    requires = &["events"],
    params = &[],
    sql = period_active_users,
);

/// `period_feature_users(bucket, user_id, feature)`: each user once per period (by its
/// start, `bucket`) and feature they had a `feature_used` event for (the role's event name),
/// over the range; `feature` is null for such events without a feature. The engagement
/// score (features per user, features per period), feature adoption and feature usage
/// (users with any) read the range's feature use here instead of scanning the events once
/// each.
fn period_feature_users(cx: &ViewContext<'_>) -> String {
    format!(
        "SELECT DISTINCT {bucket} AS bucket, arrow_cast(user_id, 'Utf8View') AS user_id, feature \
         FROM events WHERE event = {used} AND occurred_at >= {since} AND occurred_at < {until}",
        bucket = cx.bucket("occurred_at"),
        used = cx.event("feature_used"),
        since = timestamp_sql(cx.periods.start()),
        until = timestamp_sql(cx.periods.end()),
    )
}

register_view!(
    "period_feature_users",
    "each user once per period and feature with a feature_used event (feature null when the event names none), over the range",
    requires = &["events"],
    params = &[],
    sql = period_feature_users,
);

/// The session timeout param.
pub const SESSION_TIMEOUT: ParamSpec = ParamSpec {
    name: "session_timeout_minutes",
    default: "30",
    kind: vitals_core::ParamKind::PositiveInt,
    doc: "events without a session_id start a new session after this many minutes without events",
};

/// `sessions(user_id, started_at, ended_at, events, page_views, has_cart, has_purchase)`:
/// one row per session that starts from the period before the range to the
/// end of the range. Events with a `session_id` belong to that session (per user); events
/// without one are split per user after `session_timeout_minutes` without events. A session
/// keeps all its events, even those before the range or past the end of a period.
///
/// `has_cart` and `has_purchase` are 0 or 1 (8-bit integers).
///
/// Events are grouped by `(user_id, session_id)` and `(user_id, session number)` rather than
/// by a key built per event, and no key is kept: the view is held to the end of the run, and
/// on the demo at 100 million events a text key per session and 64-bit flags were about
/// 450 MB of it (13 million sessions). `session_id` is read as a string view too (see the
/// module documentation), and tested for null before it is cast, so rows it drops are never
/// copied.
///
/// Events without a session id are read from `timeout` before the first session that can
/// count: an event there belongs to a session that starts earlier exactly when an event at
/// most `timeout` before it exists, and that event is read too, so every kept session is
/// the one all events would give, while the sort per user covers only those events.
///
/// They are first grouped per user into spans of `timeout` (`date_bin`): two events of one
/// span are less than `timeout` apart, so they never split, and a session is a run of a
/// user's spans in which each starts at most `timeout` after the previous one ends. The
/// sort per user then orders spans instead of events (on the demo at 100 million events,
/// 15 million events fall into about a quarter as many spans; the anonymous sessions took
/// about 40 % less time).
fn sessions(cx: &ViewContext<'_>) -> String {
    let timeout = cx.params.int(SESSION_TIMEOUT.name).unwrap_or(30) * 60;
    let since = cx.periods.prev_start();
    let tallies = format!(
        "MIN(occurred_at) AS started_at, MAX(occurred_at) AS ended_at, COUNT(*) AS events, \
         SUM(CASE WHEN event = {page_view} THEN 1 ELSE 0 END) AS page_views, \
         CAST(MAX(CASE WHEN event = {add_to_cart} THEN 1 ELSE 0 END) AS TINYINT) AS has_cart, \
         CAST(MAX(CASE WHEN event = {purchase} THEN 1 ELSE 0 END) AS TINYINT) AS has_purchase",
        page_view = cx.event("page_view"),
        add_to_cart = cx.event("add_to_cart"),
        purchase = cx.event("purchase"),
    );
    format!(
        "WITH with_id AS ( \
           SELECT arrow_cast(user_id, 'Utf8View') AS user_id, arrow_cast(session_id, 'Utf8View') AS session_id, \
                  occurred_at, event FROM events WHERE session_id IS NOT NULL), \
         without_id AS ( \
           SELECT arrow_cast(user_id, 'Utf8View') AS user_id, occurred_at, event FROM events \
           WHERE session_id IS NULL AND occurred_at >= {since} - INTERVAL '{timeout} seconds'), \
         spans AS ( \
           SELECT user_id, date_bin(INTERVAL '{timeout} seconds', occurred_at) AS span, \
                  MIN(occurred_at) AS first_at, MAX(occurred_at) AS last_at, COUNT(*) AS events, \
                  SUM(CASE WHEN event = {page_view} THEN 1 ELSE 0 END) AS page_views, \
                  MAX(CASE WHEN event = {add_to_cart} THEN 1 ELSE 0 END) AS has_cart, \
                  MAX(CASE WHEN event = {purchase} THEN 1 ELSE 0 END) AS has_purchase \
           FROM without_id GROUP BY 1, 2), \
         after_gap AS ( \
           SELECT *, LAG(last_at) OVER (PARTITION BY user_id ORDER BY span) AS prev FROM spans), \
         numbered AS ( \
           SELECT *, \
                  SUM(CASE WHEN prev IS NULL OR to_unixtime(first_at) - to_unixtime(prev) > {timeout} \
                           THEN 1 ELSE 0 END) \
                    OVER (PARTITION BY user_id ORDER BY span ROWS UNBOUNDED PRECEDING) AS n \
           FROM after_gap), \
         by_id AS ( \
           SELECT user_id, session_id, {tallies} \
           FROM with_id GROUP BY user_id, session_id), \
         by_gap AS ( \
           SELECT user_id, n, MIN(first_at) AS started_at, MAX(last_at) AS ended_at, \
                  SUM(events) AS events, SUM(page_views) AS page_views, \
                  CAST(MAX(has_cart) AS TINYINT) AS has_cart, \
                  CAST(MAX(has_purchase) AS TINYINT) AS has_purchase \
           FROM numbered GROUP BY user_id, n), \
         all_sessions AS ( \
           SELECT user_id, started_at, ended_at, events, page_views, has_cart, has_purchase FROM by_id \
           UNION ALL \
           SELECT user_id, started_at, ended_at, events, page_views, has_cart, has_purchase FROM by_gap) \
         SELECT * FROM all_sessions WHERE started_at >= {since} AND started_at < {until}",
        since = timestamp_sql(since),
        until = timestamp_sql(cx.periods.end()),
        page_view = cx.event("page_view"),
        add_to_cart = cx.event("add_to_cart"),
        purchase = cx.event("purchase"),
    )
}

register_view!(
    "sessions",
    "one row per session starting from the period before the range to its end: session_id when present, else a new session after the timeout",
    requires = &["events"],
    params = &[SESSION_TIMEOUT],
    sql = sessions,
);
