SELECT p.idx, COALESCE(SUM(d.amount * d.probability), 0)
FROM periods p LEFT JOIN deals d
  ON d.created_at <= p."end" AND (d.closed_at IS NULL OR d.closed_at > p."end")
GROUP BY p.idx
