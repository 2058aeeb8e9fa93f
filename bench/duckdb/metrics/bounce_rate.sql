SELECT idx, bounces / NULLIF(sessions, 0) FROM session_sums
