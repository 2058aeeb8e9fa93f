SELECT p.idx, COUNT(t.defect_id)
FROM periods p LEFT JOIN defects t ON t.found_at <= p."end" AND (t.resolved_at IS NULL OR t.resolved_at > p."end") AND t.status <> 'rejected' AND t.severity = 'critical'
GROUP BY p.idx
