SELECT idx, net FROM order_sums
