-- Inner join first: DuckDB's GREATEST and LEAST skip NULLs, so an unmatched row of a left
-- join would count as a whole period down.
WITH down AS (
  SELECT p.idx, SUM(LEAST(epoch(COALESCE(i.resolved_at, p."end")), epoch(p."end"))
                    - GREATEST(epoch(i.started_at), epoch(p.start))) AS seconds
  FROM periods p JOIN incidents i
    ON i.outage AND i.started_at < p."end" AND (i.resolved_at IS NULL OR i.resolved_at > p.start)
  GROUP BY p.idx)
SELECT p.idx, 1 - COALESCE(d.seconds, 0) / (epoch(p."end") - epoch(p.start))
FROM periods p LEFT JOIN down d ON d.idx = p.idx
