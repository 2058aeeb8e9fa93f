SELECT p.idx, COUNT(t.test_id)
FROM periods p LEFT JOIN test_runs t ON t.executed_at >= p.start AND t.executed_at < p."end" AND t.outcome IN ('passed', 'failed')
GROUP BY p.idx
