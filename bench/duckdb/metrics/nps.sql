SELECT p.idx,
       100.0 * (COUNT(*) FILTER (WHERE r.score >= 9) - COUNT(*) FILTER (WHERE r.score <= 6))
       / NULLIF(COUNT(r.score), 0)
FROM periods p LEFT JOIN survey_responses r
  ON r.survey = 'nps' AND r.responded_at >= p.start AND r.responded_at < p."end"
GROUP BY p.idx
