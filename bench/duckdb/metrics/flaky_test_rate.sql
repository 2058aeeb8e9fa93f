WITH daily AS (
  SELECT p.idx, t.test_id, CAST(t.executed_at AS DATE) AS day,
         bool_or(t.outcome = 'passed') AND bool_or(t.outcome = 'failed') AS flaky
  FROM periods p JOIN test_runs t ON t.executed_at >= p.start AND t.executed_at < p."end"
  GROUP BY p.idx, t.test_id, day)
SELECT p.idx, COUNT(DISTINCT d.test_id) FILTER (WHERE d.flaky) / NULLIF(COUNT(DISTINCT d.test_id), 0)
FROM periods p LEFT JOIN daily d ON d.idx = p.idx
GROUP BY p.idx
