-- Shared tables, computed once per run like vitals' shared views: each
-- customer's MRR at every period boundary, and each customer's MRR at the start (m0) and end
-- (m1) of every period with whether they paid before it. `periods(idx, label, start, "end",
-- prev_start)` is created by run.py exactly as vitals creates it.

CREATE TEMP TABLE customer_mrr AS
SELECT s.customer_id, b.t, SUM(s.mrr) AS mrr
FROM (SELECT start AS t FROM periods UNION SELECT "end" FROM periods) b
JOIN subscriptions s
  ON s.started_at <= b.t AND (s.ended_at IS NULL OR s.ended_at > b.t)
WHERE NOT s.trial AND s.mrr > 0
GROUP BY s.customer_id, b.t;

CREATE TEMP TABLE first_paid AS
SELECT customer_id, MIN(started_at) AS first_paid_at
FROM subscriptions WHERE NOT trial AND mrr > 0
GROUP BY customer_id;

CREATE TEMP TABLE mrr_movements AS
WITH s AS (SELECT p.idx, c.customer_id, c.mrr FROM periods p JOIN customer_mrr c ON c.t = p.start),
     e AS (SELECT p.idx, c.customer_id, c.mrr FROM periods p JOIN customer_mrr c ON c.t = p."end"),
     both_ends AS (
       SELECT COALESCE(s.idx, e.idx) AS idx, COALESCE(s.customer_id, e.customer_id) AS customer_id,
              COALESCE(s.mrr, 0) AS m0, COALESCE(e.mrr, 0) AS m1
       FROM s FULL OUTER JOIN e ON s.idx = e.idx AND s.customer_id = e.customer_id)
SELECT b.idx, b.customer_id, b.m0, b.m1,
       COALESCE(f.first_paid_at < p.start, FALSE) AS paid_before
FROM both_ends b JOIN periods p ON p.idx = b.idx
LEFT JOIN first_paid f ON f.customer_id = b.customer_id;

-- Per period: MRR and paying customers at start and end, churned customers, movements.
CREATE TEMP TABLE mrr_by_period AS
SELECT p.idx,
       COALESCE(SUM(m.m0), 0) AS mrr_start,
       COALESCE(SUM(m.m1), 0) AS mrr_end,
       COUNT(*) FILTER (WHERE m.m0 > 0) AS paying_start,
       COUNT(*) FILTER (WHERE m.m1 > 0) AS paying_end,
       COUNT(*) FILTER (WHERE m.m0 > 0 AND m.m1 = 0) AS churned,
       COALESCE(SUM(m.m1) FILTER (WHERE m.m0 = 0 AND NOT m.paid_before), 0) AS new_mrr,
       COALESCE(SUM(m.m1) FILTER (WHERE m.m0 = 0 AND m.paid_before), 0) AS reactivation_mrr,
       COALESCE(SUM(m.m1 - m.m0) FILTER (WHERE m.m0 > 0 AND m.m1 > m.m0), 0) AS expansion_mrr,
       COALESCE(SUM(m.m0 - m.m1) FILTER (WHERE m.m0 > 0 AND m.m1 > 0 AND m.m0 > m.m1), 0) AS contraction_mrr,
       COALESCE(SUM(m.m0) FILTER (WHERE m.m0 > 0 AND m.m1 = 0), 0) AS churned_mrr,
       COALESCE(SUM(m.m1) FILTER (WHERE m.m0 > 0), 0) AS kept_mrr,
       COUNT(*) FILTER (WHERE m.m0 > 0 AND m.m1 > 0) AS retained
FROM periods p LEFT JOIN mrr_movements m ON m.idx = p.idx
GROUP BY p.idx;

CREATE TEMP TABLE new_customers_by_period AS
SELECT p.idx, COUNT(f.customer_id) AS new_customers
FROM periods p LEFT JOIN first_paid f ON f.first_paid_at >= p.start AND f.first_paid_at < p."end"
GROUP BY p.idx;

-- Per period: order sums and expenses by kind.
CREATE TEMP TABLE order_sums AS
SELECT p.idx,
       COALESCE(SUM(o.gross_amount), 0) AS gross,
       COALESCE(SUM(o.gross_amount - o.discount - o.refunded), 0) AS net,
       COALESCE(SUM(o.cost), 0) AS cost,
       COUNT(DISTINCT o.customer_id) AS buyers
FROM periods p LEFT JOIN orders o ON o.ordered_at >= p.start AND o.ordered_at < p."end"
GROUP BY p.idx;

CREATE TEMP TABLE expense_sums AS
SELECT p.idx,
       COALESCE(SUM(x.amount) FILTER (WHERE x.category = 'cogs'), 0) AS cogs,
       COALESCE(SUM(x.amount) FILTER (WHERE x.category <> 'cogs'), 0) AS other,
       COALESCE(SUM(x.amount) FILTER (WHERE x.category IN ('marketing', 'sales')), 0) AS acquisition,
       COALESCE(SUM(x.amount) FILTER (WHERE x.category = 'marketing'), 0) AS marketing
FROM periods p LEFT JOIN expenses x ON x.incurred_at >= p.start AND x.incurred_at < p."end"
GROUP BY p.idx;

-- Each user once per UTC day with any event, from 30 days before the range to its end, as a
-- day number; and each user once per period (by its start) over the range and the period
-- before it.
CREATE TEMP TABLE daily_active_users AS
SELECT DISTINCT user_id, CAST(floor(epoch(occurred_at) / 86400) AS BIGINT) AS day_num
FROM events
WHERE occurred_at >= (SELECT MIN(start) FROM periods) - INTERVAL 30 DAY
  AND occurred_at < (SELECT MAX("end") FROM periods);

CREATE TEMP TABLE period_active_users AS
SELECT DISTINCT date_trunc('month', occurred_at) AS bucket, user_id
FROM events
WHERE occurred_at >= (SELECT MIN(prev_start) FROM periods)
  AND occurred_at < (SELECT MAX("end") FROM periods);

-- Rolling windows without a day × user product: each active day covers the days up to the
-- window's end or the user's next active day, whichever is first.
CREATE MACRO rolling_users(w) AS TABLE
WITH a AS (SELECT day_num, LEAD(day_num) OVER (PARTITION BY user_id ORDER BY day_num) AS next_num
           FROM daily_active_users),
     cover AS (SELECT day_num AS from_num,
                      CASE WHEN next_num IS NULL OR next_num > day_num + w THEN day_num + w ELSE next_num END AS to_num
               FROM a),
     bounds AS (SELECT idx, CAST(floor(epoch(start) / 86400) AS BIGINT) AS s, CAST(floor(epoch("end") / 86400) AS BIGINT) AS e
                FROM periods)
SELECT b.idx, COALESCE(SUM(LEAST(c.to_num, b.e) - GREATEST(c.from_num, b.s)), 0) / (b.e - b.s) AS users
FROM bounds b LEFT JOIN cover c ON c.from_num < b.e AND c.to_num > b.s
GROUP BY b.idx, b.e, b.s;

-- One row per session: session_id when present (per user), else a new session after 30
-- minutes without events. A session keeps all its events.
CREATE TEMP TABLE sessions AS
WITH anonymous AS (
  SELECT user_id, occurred_at, event,
         LAG(occurred_at) OVER (PARTITION BY user_id ORDER BY occurred_at) AS prev
  FROM events WHERE session_id IS NULL),
numbered AS (
  SELECT user_id, occurred_at, event,
         SUM(CASE WHEN prev IS NULL OR epoch(occurred_at) - epoch(prev) > 1800 THEN 1 ELSE 0 END)
           OVER (PARTITION BY user_id ORDER BY occurred_at ROWS UNBOUNDED PRECEDING) AS n
  FROM anonymous),
keyed AS (
  SELECT user_id || '/' || session_id AS session_key, user_id, occurred_at, event
  FROM events WHERE session_id IS NOT NULL
  UNION ALL
  SELECT user_id || '#' || CAST(n AS VARCHAR), user_id, occurred_at, event FROM numbered)
SELECT session_key, MIN(occurred_at) AS started_at, MAX(occurred_at) AS ended_at, COUNT(*) AS events,
       COUNT(*) FILTER (WHERE event = 'page_view') AS page_views,
       bool_or(event = 'add_to_cart') AS has_cart, bool_or(event = 'purchase') AS has_purchase
FROM keyed GROUP BY session_key;

CREATE TEMP TABLE session_sums AS
SELECT p.idx, COUNT(s.session_key) AS sessions,
       COALESCE(SUM(epoch(s.ended_at) - epoch(s.started_at)), 0) AS seconds,
       COALESCE(SUM(s.events), 0) AS events,
       COALESCE(SUM(s.page_views), 0) AS page_views,
       COUNT(*) FILTER (WHERE s.events = 1) AS bounces,
       COUNT(*) FILTER (WHERE s.has_cart) AS carts,
       COUNT(*) FILTER (WHERE s.has_cart AND s.has_purchase) AS carts_bought
FROM periods p LEFT JOIN sessions s ON s.started_at >= p.start AND s.started_at < p."end"
GROUP BY p.idx;

-- Per period: points of items completed within their sprint, committed and done, committed,
-- and sprints, for sprints ending in the period.
CREATE TEMP TABLE sprint_points AS
WITH items AS (
  SELECT w.sprint_id, COALESCE(w.points, 0) AS points, w.committed,
         w.completed_at IS NOT NULL AND w.completed_at >= s.starts_at AND w.completed_at < s.ends_at AS done
  FROM work_items w JOIN sprints s ON s.sprint_id = w.sprint_id),
per_sprint AS (
  SELECT sprint_id,
         SUM(CASE WHEN done THEN points ELSE 0 END) AS completed,
         SUM(CASE WHEN done AND committed THEN points ELSE 0 END) AS said_done,
         SUM(CASE WHEN committed THEN points ELSE 0 END) AS said
  FROM items GROUP BY sprint_id)
SELECT p.idx, COALESCE(SUM(x.completed), 0) AS completed, COALESCE(SUM(x.said_done), 0) AS said_done,
       COALESCE(SUM(x.said), 0) AS said, COUNT(s.sprint_id) AS sprints
FROM periods p LEFT JOIN sprints s ON s.ends_at >= p.start AND s.ends_at < p."end"
LEFT JOIN per_sprint x ON x.sprint_id = s.sprint_id
GROUP BY p.idx;
