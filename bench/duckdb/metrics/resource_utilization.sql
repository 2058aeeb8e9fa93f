SELECT p.idx, SUM(t.allocated_hours) / NULLIF(SUM(t.available_hours), 0)
FROM periods p LEFT JOIN capacity t ON t.date >= p.start AND t.date < p."end"
GROUP BY p.idx
