SELECT p.idx, SUM(t.returned_quantity) / NULLIF(SUM(t.quantity), 0)
FROM periods p LEFT JOIN orders t ON t.ordered_at >= p.start AND t.ordered_at < p."end"
GROUP BY p.idx
