-- demo/monitoring_report.sql — the monitoring loop: learn from past pairs
-- with their health at day 60 which running pairs will fail, judge it on
-- later pairs, then ask interventions() what to do for every running pair.
\echo
\echo '=== Monitoring that learns, and what to do next ==='
\echo '(past pairs still running at day 60, with their health as of that day; learn on'
\echo ' pairs that started before 2025-09-01, judge on the later ones)'
\echo

CREATE TABLE mentoring.past_day60 AS
WITH h AS (
	SELECT p.id, mentormatch.health(c.met_at, c.rating, p.started_at, p.started_at + interval '60 days') AS health
	FROM hr.mentoring_pairs p LEFT JOIN hr.checkins c ON c.pair_id = p.id
	WHERE p.ended_at > p.started_at + interval '60 days'
	GROUP BY p.id
)
SELECT p.id, p.started_at, p.outcome = 'completed' AS succeeded, m.profile AS mentor, e.profile AS mentee, h.health
FROM h JOIN hr.mentoring_pairs p USING (id)
JOIN mentoring.profiles m ON m.id = p.mentor_id
JOIN mentoring.profiles e ON e.id = p.mentee_id;

CREATE TABLE mentoring.early_warning AS
SELECT mentormatch.learn(mentor, mentee, succeeded, health) AS model
FROM mentoring.past_day60 WHERE started_at < '2025-09-01';

\echo '--- What health adds: the largest coefficients of health''s features'
SELECT c.key AS feature, round(c.value::numeric, 2) AS coefficient
FROM mentoring.early_warning, jsonb_each_text(model->'coefficients') c
WHERE c.key LIKE 'health\_%'
ORDER BY abs(c.value::float8) DESC, c.key LIMIT 6;

\echo '--- Early warning at day 60, judged on the later pairs (AUC)'
SELECT 'model with health' AS predictor,
	   round((mentormatch.evaluate(mentormatch.success_probability(mentor, mentee, w.model, health), succeeded)->>'auc')::numeric, 3) AS auc
FROM mentoring.past_day60, mentoring.early_warning w WHERE started_at >= '2025-09-01'
UNION ALL
SELECT 'model without health (at_start)',
	   round((mentormatch.evaluate(mentormatch.success_probability(mentor, mentee,
			  jsonb_build_object('model', 'logistic', 'version', 1) || (w.model->'at_start')), succeeded)->>'auc')::numeric, 3)
FROM mentoring.past_day60, mentoring.early_warning w WHERE started_at >= '2025-09-01'
UNION ALL
SELECT 'health status alone',
	   round((mentormatch.evaluate(CASE (health).status WHEN 'healthy' THEN 4 WHEN 'cooling' THEN 3
				WHEN 'at_risk' THEN 2 WHEN 'not_started' THEN 1 ELSE 0 END, succeeded)->>'auc')::numeric, 3)
FROM mentoring.past_day60 WHERE started_at >= '2025-09-01';

\echo
\echo '--- What to do next for the running pairs (as of 2026-11-01)'
CREATE TABLE mentoring.running_health AS
SELECT p.mentee_id, p.mentor_id, mentormatch.health(c.met_at, c.rating, p.started_at, '2026-11-01') AS health
FROM hr.mentoring_pairs p LEFT JOIN hr.checkins c ON c.pair_id = p.id
WHERE p.ended_at IS NULL
GROUP BY p.id;

CREATE TABLE mentoring.next_steps AS
SELECT * FROM mentormatch.interventions(
	'SELECT mentee_id, mentor_id, health FROM mentoring.running_health',
	'SELECT id, profile FROM mentoring.profiles WHERE role = ''mentee''',
	'SELECT id, profile, capacity FROM mentoring.profiles WHERE role = ''mentor''',
	(SELECT model FROM mentoring.early_warning), '2026-11-01',
	forbid => 'SELECT mentee_id, mentor_id FROM hr.mentoring_pairs WHERE ended_at IS NOT NULL');

SELECT action, count(*) AS pairs, round(avg(probability)::numeric, 2) AS mean_probability,
	   round(sum(gain)::numeric, 1) AS expected_more_successes
FROM mentoring.next_steps GROUP BY action
ORDER BY array_position('{rematch,train,close,nudge,none}'::text[], action);

\echo '--- The five largest gains'
SELECT mentee_id, mentor_id, action, new_mentor_id, round(probability::numeric, 2) AS probability,
	   round(probability_after::numeric, 2) AS after, round(gain::numeric, 2) AS gain, reasons
FROM mentoring.next_steps ORDER BY gain DESC NULLS LAST, mentee_id LIMIT 5;
