SELECT p.idx, COUNT(t.deployment_id) FILTER (WHERE NOT t.succeeded OR i.deployment_id IS NOT NULL)
              / NULLIF(COUNT(t.deployment_id), 0)
FROM periods p LEFT JOIN deployments t
  ON t.deployed_at >= p.start AND t.deployed_at < p."end" AND lower(t.environment) = 'production'
LEFT JOIN (SELECT DISTINCT deployment_id FROM incidents) i ON i.deployment_id = t.deployment_id
GROUP BY p.idx
