-- Shared tables, computed once per run like vitals' shared views (DESIGN.md §8): each
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
       COALESCE(SUM(x.amount) FILTER (WHERE x.category IN ('marketing', 'sales')), 0) AS acquisition
FROM periods p LEFT JOIN expenses x ON x.incurred_at >= p.start AND x.incurred_at < p."end"
GROUP BY p.idx;
