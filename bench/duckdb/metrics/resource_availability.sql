SELECT p.idx, SUM(t.available_hours) / NULLIF(SUM(t.scheduled_hours), 0)
FROM periods p LEFT JOIN capacity t ON t.date >= p.start AND t.date < p."end"
GROUP BY p.idx
