SELECT idx, expansion_mrr FROM mrr_by_period
