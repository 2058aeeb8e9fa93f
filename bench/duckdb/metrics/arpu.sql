SELECT idx, net / NULLIF(buyers, 0) FROM order_sums
