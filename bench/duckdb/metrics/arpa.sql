SELECT idx, mrr_end / NULLIF(paying_end, 0) FROM mrr_by_period
