WITH first_trial AS (
  SELECT customer_id, MIN(started_at) AS trial_at FROM subscriptions WHERE trial GROUP BY customer_id),
converted AS (
  SELECT DISTINCT f.customer_id FROM first_trial f JOIN subscriptions s
    ON s.customer_id = f.customer_id AND NOT s.trial AND s.mrr > 0 AND s.started_at >= f.trial_at)
SELECT p.idx, COUNT(c.customer_id) / NULLIF(COUNT(f.customer_id), 0)
FROM periods p LEFT JOIN first_trial f ON f.trial_at >= p.start AND f.trial_at < p."end"
LEFT JOIN converted c ON c.customer_id = f.customer_id
GROUP BY p.idx
