SELECT p.idx, median(epoch(t.deployed_at) - epoch(t.first_commit_at))
FROM periods p LEFT JOIN deployments t ON t.deployed_at >= p.start AND t.deployed_at < p."end" AND t.succeeded AND t.environment = 'production' AND t.first_commit_at IS NOT NULL
GROUP BY p.idx
