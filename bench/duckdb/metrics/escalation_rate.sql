SELECT p.idx, COUNT(t.ticket_id) FILTER (WHERE t.escalated) / NULLIF(COUNT(t.ticket_id), 0)
FROM periods p LEFT JOIN tickets t ON t.opened_at >= p.start AND t.opened_at < p."end"
GROUP BY p.idx
