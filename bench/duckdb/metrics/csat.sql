SELECT p.idx, COUNT(t.score) FILTER (WHERE t.score >= 4) / NULLIF(COUNT(t.score), 0)
FROM periods p LEFT JOIN survey_responses t ON t.responded_at >= p.start AND t.responded_at < p."end" AND t.survey = 'csat'
GROUP BY p.idx
