SELECT p.idx, COUNT(DISTINCT t.user_id) FILTER (WHERE t.event = 'feature_used') / NULLIF(COUNT(DISTINCT t.user_id), 0)
FROM periods p LEFT JOIN events t ON t.occurred_at >= p.start AND t.occurred_at < p."end"
GROUP BY p.idx
