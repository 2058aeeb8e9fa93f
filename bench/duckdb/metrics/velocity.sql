SELECT idx, completed / NULLIF(sprints, 0) FROM sprint_points
