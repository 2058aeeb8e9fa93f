SELECT p.idx, SUM(t.gross_amount - t.discount - t.refunded) / NULLIF(COUNT(t.order_id), 0)
FROM periods p LEFT JOIN orders t ON t.ordered_at >= p.start AND t.ordered_at < p."end"
GROUP BY p.idx
