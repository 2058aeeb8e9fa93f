SELECT p.idx, COUNT(DISTINCT e.user_id)
FROM periods p LEFT JOIN events e
  ON e.event = 'feature_used' AND e.occurred_at >= p.start AND e.occurred_at < p."end"
GROUP BY p.idx
