SELECT o.idx, o.cost + e.cogs FROM order_sums o JOIN expense_sums e USING (idx)
