SELECT idx, seconds / NULLIF(sessions, 0) FROM session_sums
