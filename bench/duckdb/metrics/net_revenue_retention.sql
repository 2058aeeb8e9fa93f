SELECT idx, kept_mrr / NULLIF(mrr_start, 0) FROM mrr_by_period
