WITH signup AS (SELECT user_id, MIN(occurred_at) AS at FROM events WHERE event = 'signup' GROUP BY user_id),
activated AS (
  SELECT s.user_id, s.at AS signed_up, MIN(e.occurred_at) AS at FROM signup s
  JOIN events e ON e.user_id = s.user_id AND e.event = 'activation' AND e.occurred_at >= s.at
  GROUP BY s.user_id, s.at)
SELECT p.idx, median(epoch(a.at) - epoch(a.signed_up))
FROM periods p LEFT JOIN activated a ON a.signed_up >= p.start AND a.signed_up < p."end"
GROUP BY p.idx
