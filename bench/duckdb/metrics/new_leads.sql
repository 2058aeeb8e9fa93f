SELECT p.idx, COUNT(t.lead_id)
FROM periods p LEFT JOIN leads t ON t.created_at >= p.start AND t.created_at < p."end"
GROUP BY p.idx
