SELECT p.idx, COUNT(t.order_id) / NULLIF(COUNT(DISTINCT t.customer_id), 0)
FROM periods p LEFT JOIN orders t ON t.ordered_at >= p.start AND t.ordered_at < p."end"
GROUP BY p.idx
