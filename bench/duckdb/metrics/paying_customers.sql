SELECT idx, paying_end FROM mrr_by_period
