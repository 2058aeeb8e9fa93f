-- DuckDB's GREATEST skips NULLs, so GREATEST(0, NULL) is 0: keep unmatched rows out.
SELECT p.idx, AVG(CASE WHEN t.release_id IS NOT NULL
                       THEN GREATEST(0, epoch(t.released_at) - epoch(t.planned_at)) END) / 86400
FROM periods p LEFT JOIN releases t ON t.released_at >= p.start AND t.released_at < p."end"
GROUP BY p.idx
