SELECT n.idx, e.acquisition / NULLIF(n.new_customers, 0)
FROM new_customers_by_period n JOIN expense_sums e USING (idx)
