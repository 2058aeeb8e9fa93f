SELECT idx, churned FROM mrr_by_period
