SELECT p.idx, COUNT(t.test_id) FILTER (WHERE t.outcome = 'passed') / NULLIF(COUNT(t.test_id), 0)
FROM periods p LEFT JOIN test_runs t ON t.executed_at >= p.start AND t.executed_at < p."end" AND t.outcome IN ('passed', 'failed')
GROUP BY p.idx
