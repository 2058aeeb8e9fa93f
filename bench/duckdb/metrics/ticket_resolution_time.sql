SELECT p.idx, median(epoch(t.resolved_at) - epoch(t.opened_at))
FROM periods p LEFT JOIN tickets t ON t.resolved_at >= p.start AND t.resolved_at < p."end"
GROUP BY p.idx
