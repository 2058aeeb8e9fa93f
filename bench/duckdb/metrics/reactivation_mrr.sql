SELECT idx, reactivation_mrr FROM mrr_by_period
