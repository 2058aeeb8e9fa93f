-- Monthly grain: average order value × orders per customer × 12 months × 3 years.
SELECT p.idx,
       SUM(t.gross_amount - t.discount - t.refunded) / NULLIF(COUNT(t.order_id), 0)
       * (COUNT(t.order_id) / NULLIF(COUNT(DISTINCT t.customer_id), 0)) * 12 * 3
FROM periods p LEFT JOIN orders t ON t.ordered_at >= p.start AND t.ordered_at < p."end"
GROUP BY p.idx
