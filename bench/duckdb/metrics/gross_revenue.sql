SELECT idx, gross FROM order_sums
