-- demo/learning_report.sql — learn from the programme's ended pairs which
-- pairs succeed, judge what was learned on later pairs, and match the
-- cohort with it.  The outcomes were drawn by hr.success_chance (the
-- simulated programme's outcome model, demo/generate.sql), which the report
-- uses only to judge, never to learn.
\echo
\echo '=== Learning from outcomes ==='
\echo '(every ended pair, its outcome completed or not; learn on pairs that started'
\echo ' before 2025-09-01, judge on the later ones)'
\echo

-- ended pairs with both profiles: what the programme knows about its past
CREATE VIEW mentoring.past_pairs WITH (security_invoker = true) AS
SELECT p.id, p.started_at, p.outcome = 'completed' AS succeeded,
	   p.mentor_id, p.mentee_id, m.profile AS mentor, e.profile AS mentee
FROM hr.mentoring_pairs p
JOIN mentoring.profiles m ON m.id = p.mentor_id
JOIN mentoring.profiles e ON e.id = p.mentee_id
WHERE p.ended_at IS NOT NULL;

\echo '--- The history'
SELECT CASE WHEN started_at < '2025-09-01' THEN 'to learn from' ELSE 'to judge on' END AS part,
	   count(*) AS pairs, count(*) FILTER (WHERE succeeded) AS succeeded,
	   round(100.0 * avg(succeeded::int), 1) AS success_pct,
	   (min(started_at) AT TIME ZONE 'UTC')::date AS first_start,
	   (max(started_at) AT TIME ZONE 'UTC')::date AS last_start
FROM mentoring.past_pairs GROUP BY 1 ORDER BY 1 DESC;

CREATE TABLE mentoring.learned AS
SELECT mentormatch.learn(mentor, mentee, succeeded) AS model
FROM mentoring.past_pairs WHERE started_at < '2025-09-01';

\echo '--- What was learned: the largest coefficients (log-odds of success)'
SELECT c.key AS feature, round(c.value::numeric, 2) AS coefficient,
	   CASE WHEN c.value::float8 > 0 THEN 'raises' ELSE 'lowers' END AS success
FROM mentoring.learned, jsonb_each_text(model->'coefficients') c
ORDER BY abs(c.value::float8) DESC, c.key LIMIT 10;

\echo '--- Learned weights beside the defaults'
SELECT d.key AS factor, round(d.value::numeric, 2) AS default_weight,
	   round((model->'weights'->>d.key)::numeric, 2) AS learned_weight
FROM mentoring.learned, jsonb_each_text(mentormatch.default_weights()) d
WHERE d.key <> 'unknown'
ORDER BY (model->'weights'->>d.key)::float8 DESC, d.key;

\echo '--- Judged on the later pairs (AUC: chance a success ranks above a failure; 0.5 is a coin)'
CREATE TEMP TABLE judged AS
SELECT 'default score()' AS predictor, mentormatch.evaluate(mentormatch.score(mentor, mentee), succeeded) AS e
FROM mentoring.past_pairs WHERE started_at >= '2025-09-01'
UNION ALL
SELECT 'score() with learned weights',
	   mentormatch.evaluate(mentormatch.score(mentor, mentee, (SELECT model->'weights' FROM mentoring.learned)), succeeded)
FROM mentoring.past_pairs WHERE started_at >= '2025-09-01'
UNION ALL
SELECT 'success_probability()',
	   mentormatch.evaluate(mentormatch.success_probability(mentor, mentee, (SELECT model FROM mentoring.learned)), succeeded)
FROM mentoring.past_pairs WHERE started_at >= '2025-09-01'
UNION ALL
SELECT 'the outcome model itself (bound)', mentormatch.evaluate(hr.success_chance(mentor_id, mentee_id), succeeded)
FROM mentoring.past_pairs WHERE started_at >= '2025-09-01';
SELECT predictor, (e->>'pairs')::int AS pairs, round((e->>'auc')::numeric, 3) AS auc,
	   round((e->>'brier')::numeric, 3) AS brier, round((e->>'log_loss')::numeric, 3) AS log_loss
FROM judged;

\echo '--- Calibration of success_probability() on the later pairs'
SELECT round((c->>'predicted')::numeric, 2) AS predicted, round((c->>'observed')::numeric, 2) AS observed,
	   (c->>'pairs')::int AS pairs
FROM judged, jsonb_array_elements(e->'calibration') c
WHERE predictor = 'success_probability()';

\echo
\echo '--- Matching the cohort for expected successes'
\echo '(a model learned from the whole history; expected successes by the outcome model;'
\echo ' every plan within the same seats)'
CREATE TABLE mentoring.model AS
SELECT mentormatch.learn(mentor, mentee, succeeded) AS model FROM mentoring.past_pairs;
WITH plans AS (
	SELECT 'match(model, total)' AS plan, mentee_id, mentor_id
	FROM mentormatch.match('SELECT id, profile FROM mentoring.mentees',
						   'SELECT id, profile, capacity FROM mentoring.mentors',
						   objective => 'total', model => (SELECT model FROM mentoring.model))
	WHERE mentor_id IS NOT NULL
	UNION ALL
	SELECT 'match(default weights)', mentee_id, mentor_id
	FROM mentormatch.match('SELECT id, profile FROM mentoring.mentees',
						   'SELECT id, profile, capacity FROM mentoring.mentors')
	WHERE mentor_id IS NOT NULL
	UNION ALL
	SELECT 'same department, most senior', * FROM mentoring.naive_match(true)
)
SELECT plan, count(*) AS pairs,
	   round(sum(hr.success_chance(p.mentor_id, p.mentee_id))::numeric, 1) AS expected_successes,
	   round(100 * avg(hr.success_chance(p.mentor_id, p.mentee_id))::numeric, 1) AS success_pct,
	   round(sum(mentormatch.success_probability(m.profile, e.profile, (SELECT model FROM mentoring.model)))::numeric, 1)
		   AS model_expects
FROM plans p
JOIN mentoring.profiles m ON m.id = p.mentor_id
JOIN mentoring.profiles e ON e.id = p.mentee_id
GROUP BY plan ORDER BY expected_successes DESC;
