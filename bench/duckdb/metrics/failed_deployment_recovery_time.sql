SELECT p.idx, median(epoch(t.resolved_at) - epoch(t.started_at))
FROM periods p LEFT JOIN incidents t ON t.resolved_at >= p.start AND t.resolved_at < p."end" AND t.deployment_id IS NOT NULL
GROUP BY p.idx
