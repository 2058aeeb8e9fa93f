SELECT idx, contraction_mrr FROM mrr_by_period
