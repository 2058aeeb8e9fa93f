WITH r AS (SELECT p.idx, COALESCE(SUM(t.gross_amount - t.discount - t.refunded), 0) AS revenue
           FROM periods p LEFT JOIN orders t
             ON t.ordered_at >= p.start AND t.ordered_at < p."end" AND t.campaign IS NOT NULL
           GROUP BY p.idx)
SELECT r.idx, (r.revenue - e.marketing) / NULLIF(e.marketing, 0)
FROM r JOIN expense_sums e USING (idx)
