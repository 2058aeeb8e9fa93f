-- depends: deployment_frequency, lead_time_for_changes, change_failure_rate, failed_deployment_recovery_time
-- The weakest level among the DORA metrics defined in the period, by the 2023 bands (as
-- dora/level.rs; once a month is 1 per 31 days); null only when none of the four is defined
-- (LEAST skips nulls).
SELECT df.idx,
       LEAST(
         CASE WHEN df.value IS NULL THEN NULL WHEN df.value >= 1 THEN 4 WHEN df.value >= 1 / 7 THEN 3 WHEN df.value >= 1 / 31 THEN 2 ELSE 1 END,
         CASE WHEN lt.value IS NULL THEN NULL WHEN lt.value < 86400 THEN 4 WHEN lt.value < 7 * 86400 THEN 3 WHEN lt.value < 30 * 86400 THEN 2 ELSE 1 END,
         CASE WHEN cf.value IS NULL THEN NULL WHEN cf.value <= 0.05 THEN 4 WHEN cf.value <= 0.10 THEN 3 WHEN cf.value <= 0.15 THEN 2 ELSE 1 END,
         CASE WHEN rt.value IS NULL THEN NULL WHEN rt.value < 3600 THEN 4 WHEN rt.value < 86400 THEN 3 WHEN rt.value < 7 * 86400 THEN 2 ELSE 1 END)
FROM metric_deployment_frequency df
JOIN metric_lead_time_for_changes lt USING (idx)
JOIN metric_change_failure_rate cf USING (idx)
JOIN metric_failed_deployment_recovery_time rt USING (idx)
