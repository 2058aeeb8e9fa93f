SELECT idx, net / NULLIF(gross, 0) FROM order_sums
