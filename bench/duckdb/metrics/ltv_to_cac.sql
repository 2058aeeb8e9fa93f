WITH spend AS (
  SELECT p.idx, COALESCE(SUM(x.amount), 0) AS spend
  FROM periods p LEFT JOIN expenses x
    ON x.incurred_at >= p.start AND x.incurred_at < p."end" AND x.category IN ('marketing', 'sales')
  GROUP BY p.idx)
SELECT m.idx,
       ((m.mrr_end / NULLIF(m.paying_end, 0)) * m.paying_start / NULLIF(m.churned, 0))
       / NULLIF(s.spend / NULLIF(n.new_customers, 0), 0)
FROM mrr_by_period m JOIN new_customers_by_period n USING (idx) JOIN spend s USING (idx)
