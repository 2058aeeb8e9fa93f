SELECT p.idx, COALESCE(SUM(o.gross_amount), 0)
FROM periods p LEFT JOIN orders o ON o.ordered_at >= p.start AND o.ordered_at < p."end"
GROUP BY p.idx
