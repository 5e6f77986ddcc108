-- Monitoring that learns: health's days_running, learn() and
-- success_probability() with a pair's health, the fit against its
-- optimality conditions computed independently in SQL, and the early
-- warning it gives on later pairs against the model without health and
-- against health's status.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\i test/fixtures/outcomes.sql
\i test/fixtures/checkins.sql
\set ECHO all

-- days_running: as_of - started_at, in days
SELECT (h).days_running, (h).status, (h).meetings
FROM (SELECT health(met_at, rating, timestamptz '2024-01-01', timestamptz '2024-03-01 12:00') AS h
	  FROM (VALUES (timestamptz '2024-01-10', 4::real), ('2024-01-24', 5)) c(met_at, rating)) x;
SELECT (health(NULL, NULL, timestamptz '2024-01-01', timestamptz '2024-01-01')).days_running AS day_zero;

-- each pair's health as of day 60, and its outcome
CREATE TABLE regress.sim_day60 AS
SELECT p.pair, p.started, p.succeeded, m.profile AS mentor, e.profile AS mentee, h.health
FROM regress.sim_pairs p
JOIN (SELECT s.pair, health(c.met_at, c.rating, s.started_at, s.started_at + interval '60 days') AS health
	  FROM regress.sim_started s LEFT JOIN regress.sim_checkins c USING (pair) GROUP BY s.pair) h USING (pair)
JOIN regress.sim_people m ON m.id = p.mentor JOIN regress.sim_people e ON e.id = p.mentee;
SELECT (health).status, count(*) FROM regress.sim_day60 GROUP BY 1 ORDER BY 1;

-- the model with health: "health": true, health's features among its
-- coefficients
CREATE TABLE regress.health_model AS
SELECT learn(mentor, mentee, succeeded, health) AS m FROM regress.sim_day60 WHERE started <= 5000;
SELECT m->'health' AS health, m->'pairs' AS pairs, m->'fit'->'converged' AS converged,
	   (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(m->'coefficients') k WHERE k LIKE 'health\_%') AS health_features,
	   (SELECT count(*) FROM jsonb_object_keys(m->'coefficients')) AS features
FROM regress.health_model;

-- The fit, checked independently: the features built in SQL from the
-- health composite (docs/reference.md lists them) and from factors(),
-- risk() and conflicts(); the probability from the coefficients; then the
-- penalised likelihood's gradient, sum (y - p) x - lambda b (the intercept
-- unpenalised), is zero at the optimum (the problem is strictly convex).
CREATE TABLE regress.health_features AS
WITH base AS (
	SELECT pair, started, succeeded, mentor, mentee, health AS h,
		   factors(mentor, mentee) AS f, risk(mentor, mentee) AS r, conflicts(mentor, mentee) AS c
	FROM regress.sim_day60
)
SELECT pair, started, succeeded, mentor, mentee, h, ARRAY[
	coalesce((f).skills, 0), coalesce((f).style, 0), coalesce((f).stage, 0), coalesce((f).values, 0),
	coalesce((f).availability, 0), coalesce((f).logistics, 0), coalesce((f).expectations, 0),
	((f).skills IS NULL)::int, ((f).style IS NULL)::int, ((f).stage IS NULL)::int, ((f).values IS NULL)::int,
	((f).availability IS NULL)::int, ((f).logistics IS NULL)::int, ((f).expectations IS NULL)::int,
	('skill_gap' = ANY ((r).reasons))::int, ('stage_inversion' = ANY ((r).reasons))::int,
	('stage_gap' = ANY ((r).reasons))::int, ('style_clash' = ANY ((r).reasons))::int,
	('values_divergence' = ANY ((r).reasons))::int, ('low_availability' = ANY ((r).reasons))::int,
	('timezone_gap' = ANY ((r).reasons))::int, ('language_barrier' = ANY ((r).reasons))::int,
	('expectation_mismatch' = ANY ((r).reasons))::int,
	('self' = ANY (c))::int, ('reporting_line' = ANY (c))::int, ('same_team' = ANY (c))::int,
	('shared_project' = ANY (c))::int,
	((mentor).trained IS TRUE)::int, ((mentor).trained IS FALSE)::int,
	((mentee).trained IS TRUE)::int, ((mentee).trained IS FALSE)::int,
	least((h).meetings, 12) / 12.0, least((h).days_running, 365) / 365.0,
	-- (least() and greatest() skip NULLs: an unknown value is 0 by CASE)
	CASE WHEN (h).days_since_last IS NULL THEN 0 ELSE least((h).days_since_last, 180) / 180.0 END,
	CASE WHEN (h).typical_gap_days IS NULL THEN 0 ELSE least((h).typical_gap_days, 90) / 90.0 END,
	coalesce(((h).rating_mean - 1) / 4.0, 0),
	CASE WHEN (h).rating_trend IS NULL THEN 0 ELSE (greatest(-2, least(2, (h).rating_trend)) + 2) / 4.0 END,
	((h).meetings = 0)::int, ((h).typical_gap_days IS NULL)::int, ((h).rating_mean IS NULL)::int,
	((h).rating_trend IS NULL)::int, ('no_first_meeting' = ANY ((h).reasons))::int,
	((h).status = 'not_started')::int, ((h).status = 'cooling')::int, ((h).status = 'at_risk')::int,
	((h).status = 'stalled')::int]::float8[] AS x
FROM base;
CREATE TABLE regress.health_names AS
SELECT * FROM unnest(ARRAY['skills', 'style', 'stage', 'values', 'availability', 'logistics', 'expectations',
	'skills_unknown', 'style_unknown', 'stage_unknown', 'values_unknown', 'availability_unknown',
	'logistics_unknown', 'expectations_unknown', 'skill_gap', 'stage_inversion', 'stage_gap', 'style_clash',
	'values_divergence', 'low_availability', 'timezone_gap', 'language_barrier', 'expectation_mismatch',
	'conflict_self', 'conflict_reporting_line', 'conflict_same_team', 'conflict_shared_project',
	'mentor_trained', 'mentor_untrained', 'mentee_trained', 'mentee_untrained',
	'health_meetings', 'health_days_running', 'health_days_since_last', 'health_typical_gap',
	'health_rating_mean', 'health_rating_trend', 'health_no_meeting', 'health_gap_unknown',
	'health_rating_unknown', 'health_trend_unknown', 'health_no_first_meeting', 'health_not_started',
	'health_cooling', 'health_at_risk', 'health_stalled']) WITH ORDINALITY AS n(name, k);
CREATE TABLE regress.health_p AS
SELECT f.pair, f.succeeded::int AS y, f.x,
	   1 / (1 + exp(-((m.m->>'intercept')::float8 +
					 (SELECT sum((m.m->'coefficients'->>n.name)::float8 * f.x[n.k]) FROM regress.health_names n)))) AS p,
	   success_probability(f.mentor, f.mentee, m.m, f.h) AS p_function
FROM regress.health_features f, regress.health_model m WHERE f.started <= 5000;
SELECT (SELECT count(*) FROM regress.health_names) = (SELECT count(*) FROM jsonb_object_keys(m->'coefficients')) AS same_features,
	   (SELECT max(abs(p - p_function)) < 1e-12 FROM regress.health_p) AS probability_agrees
FROM regress.health_model;
SELECT max(abs(g)) < 1e-6 AS gradient_zero, count(*) AS equations
FROM (SELECT sum(y - p) AS g FROM regress.health_p
	  UNION ALL
	  SELECT sum((y - p) * x[n.k]) - (m.m->'fit'->>'lambda')::float8 * (m.m->'coefficients'->>n.name)::float8
	  FROM regress.health_p, regress.health_names n, regress.health_model m GROUP BY n.k, n.name, m.m) g;

-- The early warning on the pairs that started later: the model with
-- health at day 60 against the model without health and against health's
-- status (stalled worst, healthy best) and its rules.  AUC: the chance a
-- pair that succeeded ranks above one that did not.
CREATE TABLE regress.plain_model AS
SELECT learn(mentor, mentee, succeeded) AS m FROM regress.sim_day60 WHERE started <= 5000;
SELECT round((evaluate(success_probability(d.mentor, d.mentee, h.m, d.health), d.succeeded)->>'auc')::numeric, 3) AS with_health,
	   round((evaluate(success_probability(d.mentor, d.mentee, p.m), d.succeeded)->>'auc')::numeric, 3) AS without_health,
	   round((evaluate(CASE (d.health).status WHEN 'healthy' THEN 4 WHEN 'cooling' THEN 3 WHEN 'at_risk' THEN 2
											   WHEN 'not_started' THEN 1 ELSE 0 END, d.succeeded)->>'auc')::numeric, 3) AS status_alone
FROM regress.sim_day60 d, regress.health_model h, regress.plain_model p WHERE d.started > 5000;

-- "at_start", the model of a pair before it has a health, is the model
-- the same pairs give without health
SELECT abs((h.m->'at_start'->>'intercept')::float8 - (p.m->>'intercept')::float8) < 1e-9
	   AND (SELECT bool_and(abs((h.m->'at_start'->'coefficients'->>k)::float8 - (p.m->'coefficients'->>k)::float8) < 1e-9)
			FROM jsonb_object_keys(p.m->'coefficients') k) AS at_start_is_without_health
FROM regress.health_model h, regress.plain_model p;

-- a model without health ignores one; the same rows, parallel or not, in
-- any order, give the same model
SELECT bool_and(success_probability(mentor, mentee, p.m, health) = success_probability(mentor, mentee, p.m)) AS ignored
FROM regress.sim_day60, regress.plain_model p WHERE started <= 200;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT (SELECT learn(mentor, mentee, succeeded, health ORDER BY pair DESC) FROM regress.sim_day60 WHERE started <= 5000)
	   = (SELECT m FROM regress.health_model) AS any_order,
	   (SELECT learn(mentor, mentee, succeeded, health) FROM regress.sim_day60 WHERE started <= 5000)
	   = (SELECT m FROM regress.health_model) AS parallel_same;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- errors: a model learned with health where there is no health (22023);
-- a NULL health in learn (22004); a health that makes no sense (22023)
SELECT try($$SELECT success_probability(profile(), profile(), (SELECT m FROM regress.health_model))$$) AS without_health;
SELECT try($$SELECT success_probability(profile(), profile(), (SELECT m FROM regress.health_model), NULL)$$) AS null_health;
SELECT success_probability(profile(), profile(), (SELECT m FROM regress.plain_model), NULL) IS NOT NULL AS null_health_ignored,
	   success_probability(NULL, profile(), (SELECT m FROM regress.health_model), NULL) IS NULL AS null_profile;
SELECT try($$SELECT risk(profile(), profile(), model => (SELECT m FROM regress.health_model))$$) AS risk;
SELECT try($$SELECT explain(profile(), profile(), model => (SELECT m FROM regress.health_model))$$) AS explain;
SELECT try($$SELECT count(*) FROM match('SELECT 1 AS id, profile() AS profile', 'SELECT 2 AS id, profile() AS profile',
										model => (SELECT m FROM regress.health_model))$$) AS match;
SELECT try($$SELECT count(*) FROM recommend('SELECT 1 AS id, profile() AS profile', 'SELECT 2 AS id, profile() AS profile',
											model => (SELECT m FROM regress.health_model))$$) AS recommend;
SELECT try($$SELECT learn(mentor, mentee, succeeded, CASE WHEN started <> 7 THEN health END)
			 FROM regress.sim_day60 WHERE started <= 100$$) AS learn_null_health;
SELECT try($$SELECT success_probability(profile(), profile(), (SELECT m FROM regress.health_model),
										ROW('healthy', '{}', -1, NULL, NULL, NULL, NULL, NULL, 3)::relationship_health)$$) AS negative_meetings;
SELECT try($$SELECT success_probability(profile(), profile(), (SELECT m FROM regress.health_model),
										ROW('healthy', '{}', 1, NULL, 2, NULL, NULL, NULL, NULL)::relationship_health)$$) AS no_days_running;
SELECT try($$SELECT success_probability(profile(), profile(), (SELECT m FROM regress.health_model),
										ROW('healthy', '{lonely}', 1, NULL, 2, NULL, NULL, NULL, 9)::relationship_health)$$) AS unknown_reason;
SELECT try($$SELECT success_probability(profile(), profile(), (SELECT m FROM regress.health_model),
										ROW('healthy', '{}', 1, NULL, 2, NULL, 7, NULL, 9)::relationship_health)$$) AS rating_out_of_range;
SELECT try($$SELECT success_probability(profile(), profile(),
	'{"model": "logistic", "version": 1, "intercept": 0, "coefficients": {"health_meetings": 1}}')$$) AS health_feature_without_health;
SELECT try($$SELECT success_probability(profile(), profile(),
	'{"model": "logistic", "version": 1, "health": "yes", "intercept": 0, "coefficients": {}}')$$) AS health_not_boolean;
