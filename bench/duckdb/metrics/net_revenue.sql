SELECT p.idx, COALESCE(SUM(o.gross_amount - o.discount - o.refunded), 0)
FROM periods p LEFT JOIN orders o ON o.ordered_at >= p.start AND o.ordered_at < p."end"
GROUP BY p.idx
