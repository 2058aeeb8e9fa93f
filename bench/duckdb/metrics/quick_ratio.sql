SELECT idx, (new_mrr + expansion_mrr + reactivation_mrr) / NULLIF(churned_mrr + contraction_mrr, 0) FROM mrr_by_period
