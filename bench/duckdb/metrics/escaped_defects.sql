SELECT p.idx, COUNT(t.defect_id)
FROM periods p LEFT JOIN defects t ON t.found_at >= p.start AND t.found_at < p."end" AND t.status <> 'rejected' AND t.found_by = 'customer'
GROUP BY p.idx
