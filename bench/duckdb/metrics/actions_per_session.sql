SELECT idx, events / NULLIF(sessions, 0) FROM session_sums
