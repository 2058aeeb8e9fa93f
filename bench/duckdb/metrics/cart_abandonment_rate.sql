SELECT idx, 1 - carts_bought / NULLIF(carts, 0) FROM session_sums
