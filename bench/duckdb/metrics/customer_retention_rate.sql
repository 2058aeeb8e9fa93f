SELECT idx, retained / NULLIF(paying_start, 0) FROM mrr_by_period
