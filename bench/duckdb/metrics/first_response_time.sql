SELECT p.idx, median(epoch(t.first_response_at) - epoch(t.opened_at))
FROM periods p LEFT JOIN tickets t ON t.first_response_at >= p.start AND t.first_response_at < p."end"
GROUP BY p.idx
