WITH monthly AS (
  SELECT date_trunc('month', ordered_at) AS month, SUM(gross_amount - discount - refunded) AS net
  FROM orders GROUP BY 1),
t AS (
  SELECT m.month, m.total_sales, COALESCE(m.company_sales, n.net, 0) AS company
  FROM market_sizes m LEFT JOIN monthly n ON n.month = date_trunc('month', m.month))
SELECT p.idx, SUM(t.company) / NULLIF(SUM(t.total_sales), 0)
FROM periods p LEFT JOIN t ON t.month >= p.start AND t.month < p."end"
GROUP BY p.idx
