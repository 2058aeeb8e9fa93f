SELECT p.idx, COUNT(t.deployment_id) / (CAST(floor(epoch(p."end") / 86400) AS BIGINT) - CAST(floor(epoch(p.start) / 86400) AS BIGINT))
FROM periods p LEFT JOIN deployments t
  ON t.deployed_at >= p.start AND t.deployed_at < p."end" AND t.succeeded AND t.environment = 'production'
GROUP BY p.idx, p.start, p."end"
