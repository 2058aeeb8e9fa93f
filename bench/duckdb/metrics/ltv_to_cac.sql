SELECT m.idx,
       ((m.mrr_end / NULLIF(m.paying_end, 0)) * m.paying_start / NULLIF(m.churned, 0))
       / NULLIF(e.acquisition / NULLIF(n.new_customers, 0), 0)
FROM mrr_by_period m JOIN new_customers_by_period n USING (idx) JOIN expense_sums e USING (idx)
