SELECT p.idx, median(epoch(t.completed_at) - epoch(t.created_at))
FROM periods p LEFT JOIN work_items t ON t.completed_at >= p.start AND t.completed_at < p."end"
GROUP BY p.idx
