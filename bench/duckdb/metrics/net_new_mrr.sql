SELECT idx, mrr_end - mrr_start FROM mrr_by_period
