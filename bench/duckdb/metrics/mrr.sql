SELECT idx, mrr_end FROM mrr_by_period
