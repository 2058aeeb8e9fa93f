SELECT idx, churned_mrr FROM mrr_by_period
