SELECT p.idx, median(epoch(t.resolved_at) - epoch(t.started_at))
FROM periods p LEFT JOIN incidents t ON t.resolved_at >= p.start AND t.resolved_at < p."end"
GROUP BY p.idx
