-- CAC ÷ (ARPA × gross margin); null when the gross profit per account is not positive.
WITH x AS (
  SELECT m.idx,
         e.acquisition / NULLIF(n.new_customers, 0) AS cac,
         (m.mrr_end / NULLIF(m.paying_end, 0)) * ((o.net - o.cost - e.cogs) / NULLIF(o.net, 0)) AS profit
  FROM mrr_by_period m JOIN new_customers_by_period n USING (idx)
  JOIN expense_sums e USING (idx) JOIN order_sums o USING (idx))
SELECT idx, CASE WHEN profit > 0 THEN cac / profit END FROM x
