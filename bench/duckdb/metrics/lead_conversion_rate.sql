SELECT p.idx, COUNT(t.converted_at) / NULLIF(COUNT(t.lead_id), 0)
FROM periods p LEFT JOIN leads t ON t.created_at >= p.start AND t.created_at < p."end"
GROUP BY p.idx
