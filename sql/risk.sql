-- risk(): reasons, levels, the research cases
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- a well-matched baseline pair: low risk, no reasons
CREATE TEMP TABLE base AS SELECT
	profile(id => 1, skills => 'backend.java:5, backend.python:4', grade => 6,
			style => 'social=0.5, scope=0.5, structure=0.5, directive=0.4',
			hours_per_month => 4, utc_offset => 60, languages => '{en,de}',
			core_values => '{craft,learning}', support => '{skills,career}',
			manager_chain => '{100,110}', projects => '{atlas}', trained => true) AS mentor,
	profile(id => 2, goals => 'backend.java:4', grade => 3,
			style => 'social=0.4, scope=0.6, structure=0.5, directive=0.5',
			hours_per_month => 4, utc_offset => 0, languages => '{en}',
			core_values => '{learning,craft}', support => '{skills}',
			manager_chain => '{100,120}', projects => '{borealis}', trained => true) AS mentee;
SELECT (risk(mentor, mentee)).* FROM base;
SELECT risk(NULL, mentee) IS NULL AS null_profile FROM base;

-- the cases the mismatch research names
-- 1. a traditional backend mentor for a mentee whose goals are all in data/ml
SELECT 'backend mentor, data/ml goals' AS research_case, (risk(mentor,
	(SELECT profile(id => 2, goals => 'data.ml:4, data.ml.nlp:3, data.viz:3', grade => 3,
					style => 'social=0.4, scope=0.6, structure=0.5, directive=0.5',
					hours_per_month => 4, utc_offset => 0, languages => '{en}',
					core_values => '{learning,craft}', support => '{skills}', trained => true)))).*
FROM base;
-- 2. an introverted, detail-oriented mentee who wants structure, with an
--    outgoing, big-picture, directive mentor
SELECT 'style clash' AS research_case, (risk(
	profile(id => 1, skills => 'backend.java:5', grade => 6,
			style => 'social=0.9, scope=0.9, structure=0.2, directive=0.9', trained => true),
	profile(id => 2, goals => 'backend.java:4', grade => 3,
			style => 'social=0.1, scope=0.1, structure=0.9, directive=0.2', trained => true))).*;
-- 3. a junior mentor for a senior mentee, and the same when reverse mentoring is asked
SELECT 'junior mentor, senior mentee' AS research_case,
	   (risk(profile(id => 1, skills => 'backend.java:5', grade => 2, trained => true),
			 profile(id => 2, goals => 'backend.java:4', grade => 7, trained => true))).*;
SELECT 'reverse mentoring asked' AS research_case,
	   (risk(profile(id => 1, skills => 'backend.java:5', grade => 2, trained => true, support => '{reverse,skills}'),
			 profile(id => 2, goals => 'backend.java:4', grade => 7, trained => true, support => '{reverse}'))).*;
-- 4. the mentee's own manager as mentor
SELECT 'own manager' AS research_case, (risk(mentor,
	(SELECT profile(id => 2, goals => 'backend.java:4', grade => 3, manager_chain => '{100,110,1}',
					trained => true)))).*
FROM base;
-- 5. an untrained pair
SELECT 'untrained pair' AS research_case, (risk(
	profile(id => 1, skills => 'backend.java:5', grade => 6, trained => false),
	profile(id => 2, goals => 'backend.java:4', grade => 3, trained => false))).*;

-- every reason, one at a time, from the baseline
SELECT reason, (risk(m, e)).level, (risk(m, e)).reasons
FROM base, LATERAL (VALUES
	('conflict: shared project', mentor, profile(id => 2, goals => 'backend.java:4', grade => 3, projects => '{atlas}')),
	('skill_gap', mentor, profile(id => 2, goals => 'frontend.react:4', grade => 3)),
	('stage_inversion', mentor, profile(id => 2, goals => 'backend.java:4', grade => 8)),
	('stage_gap', mentor, profile(id => 2, goals => 'backend.java:4', grade => 1)),
	('style_clash', mentor, profile(id => 2, goals => 'backend.java:4', grade => 3, style => 'social=0, scope=1, structure=0, directive=1')),
	('values_divergence', mentor, profile(id => 2, goals => 'backend.java:4', grade => 3, core_values => '{stability,balance}')),
	('low_availability', mentor, profile(id => 2, goals => 'backend.java:4', grade => 3, hours_per_month => 10)),
	('timezone_gap', mentor, profile(id => 2, goals => 'backend.java:4', grade => 3, utc_offset => -300)),
	('language_barrier', mentor, profile(id => 2, goals => 'backend.java:4', grade => 3, languages => '{ja}')),
	('expectation_mismatch', mentor, profile(id => 2, goals => 'backend.java:4', grade => 3, support => '{sponsorship,leadership}')),
	('untrained mentee', mentor, profile(id => 2, goals => 'backend.java:4', grade => 3, trained => false)),
	('training unknown', mentor, profile(id => 2, goals => 'backend.java:4', grade => 3))
) v(reason, m, e);

-- levels: critical for any conflict, then points and score thresholds
SELECT level FROM unnest(enum_range(NULL::risk_level)) level ORDER BY level;
SELECT 'critical'::risk_level > 'high' AND 'high'::risk_level > 'moderate'
	   AND 'moderate'::risk_level > 'low' AS sorts_by_severity;

-- monotone: adding a reason never lowers the level.  Build pairs that
-- differ in one field from random baselines and compare.
WITH seeds AS (
	SELECT i,
		   profile(id => 1000 + i, skills => format('backend.java:%s, data.ml:%s', 1 + i % 5, 1 + (i / 5) % 5)::skillset,
				   grade => 3 + i % 6, style => format('social=%s, scope=%s', (i % 11) / 10.0, (i % 7) / 6.0)::workstyle,
				   hours_per_month => (i % 9)::real, utc_offset => 60 * (i % 5), languages => '{en}',
				   core_values => '{craft,learning}', support => '{skills,career}', trained => (i % 3 > 0)) AS m,
		   profile(id => 5000 + i, goals => format('backend.java:%s', 1 + (i * 7) % 5)::skillset,
				   grade => 1 + (i * 3) % 8, style => format('social=%s, scope=%s', (i % 5) / 4.0, (i % 13) / 12.0)::workstyle,
				   hours_per_month => (1 + i % 6)::real, utc_offset => -60 * (i % 7), languages => '{en}',
				   core_values => '{learning}', support => '{skills}', trained => (i % 4 > 0)) AS e
	FROM generate_series(1, 300) i),
variants AS (
	SELECT m, e, m AS m2,
		   profile(id => (e).id, goals => (e).goals, grade => (e).grade, style => (e).style,
				   hours_per_month => (e).hours_per_month, utc_offset => (e).utc_offset,
				   languages => '{ja}', core_values => (e).core_values, support => (e).support,
				   trained => (e).trained) AS e2
	FROM seeds
	UNION ALL
	SELECT m, e, profile(id => (m).id, skills => (m).skills, grade => (m).grade, style => (m).style,
				   hours_per_month => (m).hours_per_month, utc_offset => (m).utc_offset,
				   languages => (m).languages, core_values => (m).core_values, support => (m).support,
				   trained => false), e
	FROM seeds)
SELECT count(*) AS pairs,
	   count(*) FILTER (WHERE NOT ((risk(m, e)).reasons <@ (risk(m2, e2)).reasons)) AS reasons_lost,
	   count(*) FILTER (WHERE (risk(m2, e2)).level < (risk(m, e)).level) AS level_lowered
FROM variants;

-- thresholds are visible in explain, and explain's risk agrees with risk()
SELECT jsonb_pretty(explain(mentor, mentee)->'risk'->'rules') FROM base;
SELECT count(*) FILTER (WHERE (x->'risk'->>'level')::risk_level <> (r).level
						   OR ARRAY(SELECT jsonb_array_elements_text(x->'risk'->'reasons')) <> (r).reasons) AS disagreements
FROM (SELECT explain(m, e) AS x, risk(m, e) AS r
	  FROM (SELECT profile(id => i, skills => 'a:3', grade => i % 9, trained => i % 2 = 0, projects => ARRAY['p' || (i % 5)]) AS m,
				   profile(id => 100 + i, goals => 'a:4, b:2', grade => (i * 7) % 9, projects => ARRAY['p' || (i % 3)]) AS e
			FROM generate_series(1, 100) i) s) t;

-- risk with weights: the score moves, the reasons do not
SELECT (risk(mentor, mentee, '{"skills": 1, "stage": 0}')).score <> (risk(mentor, mentee)).score AS score_moves,
	   (risk(mentor, mentee, '{"skills": 1, "stage": 0}')).reasons = (risk(mentor, mentee)).reasons AS reasons_same
FROM base;
SELECT try($$SELECT risk(profile(), profile(), '{"nope": 1}')$$) AS bad_weights;

-- missing data: less than half of the weight on known factors is a reason;
-- a pair whose score is NULL (nothing weighted is known) is never low
SELECT (risk(profile(), profile())).* AS empty_profiles;
SELECT (risk(profile(grade => 5), profile(grade => 3))).* AS stage_alone;
SELECT (risk(m, e)).reasons @> '{missing_data}' AS missing_data_at_55_percent_known
FROM (SELECT profile(grade => 5, goals => 'a:1', skills => 'a:3', hours_per_month => 2) AS m,
			 profile(grade => 3, goals => 'a:1', hours_per_month => 2) AS e) p;
SELECT (explain(m, e))->'known_weight' AS known_weight, (risk(m, e)).reasons AS reasons
FROM (SELECT profile(grade => 5, skills => 'a:3', hours_per_month => 2, style => 'social=0.5') AS m,
			 profile(grade => 3, goals => 'a:1', hours_per_month => 2, style => 'social=0.4') AS e) p;
