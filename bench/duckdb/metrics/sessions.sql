SELECT idx, sessions FROM session_sums
