SELECT o.idx, o.net - o.cost - e.cogs - e.other FROM order_sums o JOIN expense_sums e USING (idx)
