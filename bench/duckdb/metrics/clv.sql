-- Monthly grain: ARPA × paying at start ÷ churned.
SELECT idx, (mrr_end / NULLIF(paying_end, 0)) * paying_start / NULLIF(churned, 0) FROM mrr_by_period
