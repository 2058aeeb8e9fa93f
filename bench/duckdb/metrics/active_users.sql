SELECT p.idx, COUNT(a.user_id) FROM periods p LEFT JOIN period_active_users a ON a.bucket = p.start GROUP BY p.idx
