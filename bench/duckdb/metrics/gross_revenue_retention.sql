SELECT idx, (mrr_start - contraction_mrr - churned_mrr) / NULLIF(mrr_start, 0) FROM mrr_by_period
