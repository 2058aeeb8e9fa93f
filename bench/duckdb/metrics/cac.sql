SELECT n.idx, e.spend / NULLIF(n.new_customers, 0)
FROM new_customers_by_period n
JOIN (SELECT p.idx, COALESCE(SUM(x.amount), 0) AS spend
      FROM periods p LEFT JOIN expenses x
        ON x.incurred_at >= p.start AND x.incurred_at < p."end" AND x.category IN ('marketing', 'sales')
      GROUP BY p.idx) e ON e.idx = n.idx
