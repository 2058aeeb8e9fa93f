SELECT p.idx, median(epoch(t.resolved_at) - epoch(t.found_at))
FROM periods p LEFT JOIN defects t ON t.resolved_at >= p.start AND t.resolved_at < p."end" AND t.status <> 'rejected'
GROUP BY p.idx
