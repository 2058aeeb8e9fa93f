SELECT p.idx, COUNT(t.defect_id) FILTER (WHERE t.found_by = 'team') / NULLIF(COUNT(t.defect_id), 0)
FROM periods p LEFT JOIN defects t ON t.found_at >= p.start AND t.found_at < p."end" AND t.status <> 'rejected'
GROUP BY p.idx
