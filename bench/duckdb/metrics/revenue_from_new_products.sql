SELECT p.idx,
       SUM(CASE WHEN pr.launched_at <= t.ordered_at AND pr.launched_at >= t.ordered_at - INTERVAL 12 MONTH
                THEN t.gross_amount - t.discount - t.refunded ELSE 0 END)
       / NULLIF(SUM(t.gross_amount - t.discount - t.refunded), 0)
FROM periods p LEFT JOIN orders t ON t.ordered_at >= p.start AND t.ordered_at < p."end"
LEFT JOIN products pr ON pr.product_id = t.product_id
GROUP BY p.idx
