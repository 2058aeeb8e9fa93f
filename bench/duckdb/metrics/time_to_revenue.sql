WITH first_order AS (SELECT customer_id, MIN(ordered_at) AS at FROM orders GROUP BY customer_id)
SELECT p.idx, median(epoch(f.at) - epoch(c.created_at)) / 86400
FROM periods p LEFT JOIN first_order f ON f.at >= p.start AND f.at < p."end"
LEFT JOIN customers c ON c.customer_id = f.customer_id
GROUP BY p.idx
