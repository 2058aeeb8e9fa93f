SELECT p.idx, COUNT(t.test_id) / (CAST(floor(epoch(p."end") / 86400) AS BIGINT) - CAST(floor(epoch(p.start) / 86400) AS BIGINT))
FROM periods p LEFT JOIN test_runs t
  ON t.executed_at >= p.start AND t.executed_at < p."end" AND t.outcome IN ('passed', 'failed')
GROUP BY p.idx, p.start, p."end"
