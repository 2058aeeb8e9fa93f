-- Mean over active users of 50 × active days ÷ days in P + 50 × features used ÷ all features
-- used in P (0 when none).
WITH active AS (
  SELECT p.idx, d.user_id, COUNT(*) AS days
  FROM periods p JOIN daily_active_users d
    ON d.day_num >= CAST(floor(epoch(p.start) / 86400) AS BIGINT) AND d.day_num < CAST(floor(epoch(p."end") / 86400) AS BIGINT)
  GROUP BY p.idx, d.user_id),
features AS (
  SELECT p.idx, e.user_id, COUNT(DISTINCT e.feature) AS n
  FROM periods p JOIN events e ON e.occurred_at >= p.start AND e.occurred_at < p."end"
  WHERE e.event = 'feature_used' AND e.feature IS NOT NULL GROUP BY p.idx, e.user_id),
all_features AS (
  SELECT p.idx, COUNT(DISTINCT e.feature) AS n
  FROM periods p JOIN events e ON e.occurred_at >= p.start AND e.occurred_at < p."end"
  WHERE e.event = 'feature_used' AND e.feature IS NOT NULL GROUP BY p.idx),
per_period AS (
  SELECT a.idx, SUM(a.days) AS active_days, SUM(COALESCE(f.n, 0)) AS used, COUNT(*) AS users
  FROM active a LEFT JOIN features f ON f.idx = a.idx AND f.user_id = a.user_id GROUP BY a.idx)
SELECT p.idx,
       50 * pp.active_days / (pp.users * (CAST(floor(epoch(p."end") / 86400) AS BIGINT) - CAST(floor(epoch(p.start) / 86400) AS BIGINT)))
       + CASE WHEN COALESCE(af.n, 0) = 0 THEN 0 ELSE 50 * pp.used / (af.n * pp.users) END
FROM periods p LEFT JOIN per_period pp ON pp.idx = p.idx LEFT JOIN all_features af ON af.idx = p.idx
