SELECT p.idx, COUNT(t.user_id)
FROM periods p LEFT JOIN events t ON t.occurred_at >= p.start AND t.occurred_at < p."end" AND t.event = 'onboarding_view'
GROUP BY p.idx
