SELECT p.idx, median(epoch(t.completed_at) - epoch(t.started_at))
FROM periods p LEFT JOIN work_items t ON t.completed_at >= p.start AND t.completed_at < p."end" AND t.started_at IS NOT NULL
GROUP BY p.idx
