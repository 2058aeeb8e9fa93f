SELECT idx, (churned_mrr + contraction_mrr) / NULLIF(mrr_start, 0) FROM mrr_by_period
