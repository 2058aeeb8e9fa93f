SELECT p.idx, COUNT(t.ticket_id)
FROM periods p LEFT JOIN tickets t ON t.opened_at >= p.start AND t.opened_at < p."end"
GROUP BY p.idx
