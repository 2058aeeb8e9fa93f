WITH l AS (SELECT p.idx, COUNT(t.lead_id) AS leads FROM periods p
           LEFT JOIN leads t ON t.created_at >= p.start AND t.created_at < p."end" GROUP BY p.idx),
     m AS (SELECT p.idx, COALESCE(SUM(x.amount), 0) AS spend FROM periods p
           LEFT JOIN expenses x ON x.incurred_at >= p.start AND x.incurred_at < p."end" AND x.category = 'marketing'
           GROUP BY p.idx)
SELECT l.idx, m.spend / NULLIF(l.leads, 0) FROM l JOIN m USING (idx)
