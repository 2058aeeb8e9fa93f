SELECT p.idx, COUNT(t.ticket_id)
FROM periods p LEFT JOIN tickets t ON t.opened_at <= p."end" AND (t.resolved_at IS NULL OR t.resolved_at > p."end")
GROUP BY p.idx
