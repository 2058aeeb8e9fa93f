SELECT idx, mrr_end * 12 FROM mrr_by_period
