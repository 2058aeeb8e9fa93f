SELECT idx, new_mrr FROM mrr_by_period
