SELECT o.idx, (o.net - o.cost - e.cogs) / NULLIF(o.net, 0) FROM order_sums o JOIN expense_sums e USING (idx)
