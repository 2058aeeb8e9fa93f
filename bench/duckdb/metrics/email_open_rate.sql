SELECT p.idx, SUM(t.unique_opens) / NULLIF(SUM(t.delivered), 0)
FROM periods p LEFT JOIN email_campaigns t ON t.sent_at >= p.start AND t.sent_at < p."end"
GROUP BY p.idx
