SELECT idx, said_done / NULLIF(said, 0) FROM sprint_points
