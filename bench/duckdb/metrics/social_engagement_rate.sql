SELECT p.idx, SUM(t.likes + t.shares + t.comments) / NULLIF(SUM(t.impressions), 0)
FROM periods p LEFT JOIN social_posts t ON t.posted_at >= p.start AND t.posted_at < p."end"
GROUP BY p.idx
