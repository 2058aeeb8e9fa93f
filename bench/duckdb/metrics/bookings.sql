SELECT p.idx, COALESCE(SUM(d.amount), 0)
FROM periods p LEFT JOIN deals d
  ON d.status = 'won' AND d.closed_at >= p.start AND d.closed_at < p."end"
GROUP BY p.idx
