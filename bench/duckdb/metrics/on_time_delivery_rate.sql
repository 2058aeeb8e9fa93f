SELECT p.idx, COUNT(t.release_id) FILTER (WHERE t.released_at IS NOT NULL AND t.released_at <= t.planned_at)
              / NULLIF(COUNT(t.release_id), 0)
FROM periods p LEFT JOIN releases t ON t.planned_at >= p.start AND t.planned_at < p."end"
GROUP BY p.idx
