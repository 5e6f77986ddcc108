-- demo/risk_report.sql — what the BI views show.
\echo
\echo '=== Mismatch risk and relationship health (views mentoring.pair_risk, mentoring.relationship_health, mentoring.program_health) ==='
\echo
\echo '--- Risk of proposed and running pairs'
SELECT pair_kind, level, count(*) AS pairs, round(avg(score)::numeric, 3) AS mean_score
FROM mentoring.pair_risk GROUP BY 1, 2 ORDER BY 1 DESC, 2 DESC;

\echo '--- The most frequent risk reasons'
SELECT pair_kind, reason, count(*) AS pairs
FROM mentoring.pair_risk, string_to_table(reasons, ', ') reason
GROUP BY 1, 2 ORDER BY 1 DESC, 3 DESC, 2;

\echo '--- Running pairs by health status'
SELECT status, count(*) AS pairs, round(avg(days_since_last)::numeric, 1) AS mean_days_since_last,
	   round(avg(rating_mean)::numeric, 2) AS mean_rating
FROM mentoring.relationship_health GROUP BY 1 ORDER BY 1 DESC;

\echo '--- Running pairs that need attention, worst first'
SELECT pair_id, h.department, status, h.reasons, meetings, round(days_since_last::numeric, 1) AS days_since_last,
	   round(rating_mean::numeric, 2) AS rating_mean, round(rating_trend::numeric, 2) AS trend_per_30d,
	   r.level AS profile_risk
FROM mentoring.relationship_health h
JOIN mentoring.pair_risk r USING (pair_id)
WHERE status IN ('at_risk', 'stalled', 'cooling')
ORDER BY status DESC, days_since_last DESC NULLS FIRST, pair_id
LIMIT 12;

\echo '--- Programme health by department (pairs)'
SELECT coalesce(department, '(all)') AS department,
	   sum(pairs) FILTER (WHERE pair_kind = 'proposed') AS proposed,
	   sum(pairs) FILTER (WHERE pair_kind = 'proposed' AND level >= 'high') AS proposed_high_risk,
	   sum(pairs) FILTER (WHERE pair_kind = 'running') AS running,
	   sum(pairs) FILTER (WHERE pair_kind = 'running' AND level >= 'high') AS running_high_risk,
	   sum(pairs) FILTER (WHERE status IN ('at_risk', 'stalled')) AS running_at_risk_or_stalled
FROM mentoring.program_health
GROUP BY department ORDER BY department IS NULL, department;
