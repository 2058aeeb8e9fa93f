SELECT p.idx, AVG(t.score)
FROM periods p LEFT JOIN survey_responses t ON t.responded_at >= p.start AND t.responded_at < p."end" AND t.survey = 'csat'
GROUP BY p.idx
