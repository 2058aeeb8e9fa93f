SELECT idx, page_views / NULLIF(sessions, 0) FROM session_sums
