SELECT idx, users FROM rolling_users(7)
