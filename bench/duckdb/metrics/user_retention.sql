SELECT p.idx, COUNT(now.user_id) / NULLIF(COUNT(before.user_id), 0)
FROM periods p LEFT JOIN period_active_users before ON before.bucket = p.prev_start
LEFT JOIN period_active_users now ON now.bucket = p.start AND now.user_id = before.user_id
GROUP BY p.idx
