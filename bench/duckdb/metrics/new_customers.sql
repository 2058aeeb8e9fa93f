SELECT idx, new_customers FROM new_customers_by_period
