SELECT p.idx, COUNT(*) FILTER (WHERE d.status = 'won') / NULLIF(COUNT(d.deal_id), 0)
FROM periods p LEFT JOIN deals d
  ON d.status IN ('won', 'lost') AND d.closed_at >= p.start AND d.closed_at < p."end"
GROUP BY p.idx
