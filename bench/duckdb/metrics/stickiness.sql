SELECT d.idx, d.users / NULLIF(m.users, 0) FROM rolling_users(1) d JOIN rolling_users(30) m USING (idx)
