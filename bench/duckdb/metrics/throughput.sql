SELECT p.idx, COUNT(t.item_id)
FROM periods p LEFT JOIN work_items t ON t.completed_at >= p.start AND t.completed_at < p."end"
GROUP BY p.idx
