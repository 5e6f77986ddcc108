-- profile, factors(), score(), explain(), conflicts(), default_weights()
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- the constructor: named arguments, every one defaulting to NULL
SELECT profile();
SELECT profile(id => 7, grade => 4, languages => '{en}');
SELECT (profile(id => 7, skills => 'a:1')).skills, (profile(trained => true)).trained;

-- a mentor and a mentee who know every field
CREATE TEMP TABLE people (name text PRIMARY KEY, p profile);
INSERT INTO people VALUES
('mentor', profile(id => 1, skills => 'data.ml:5, data.viz:3, backend.python:4',
	goals => 'management.people:3', style => 'social=0.6, scope=0.7, structure=0.4, directive=0.5',
	grade => 7, hours_per_month => 6, utc_offset => 60, languages => '{en,de}',
	core_values => '{craft,impact,learning}', support => '{skills,career,network}',
	manager_chain => '{100,110}', projects => '{atlas}', trained => true)),
('mentee', profile(id => 2, skills => 'backend.python:2',
	goals => 'data.ml:4, data.ml.nlp:3, data.viz:4', style => 'social=0.4, scope=0.5, structure=0.6, directive=0.3',
	grade => 4, hours_per_month => 4, utc_offset => -300, languages => '{en}',
	core_values => '{learning,impact,balance}', support => '{skills,career}',
	manager_chain => '{100,120}', projects => '{borealis}', trained => true));

SELECT (factors(m.p, e.p)).* FROM people m, people e WHERE m.name = 'mentor' AND e.name = 'mentee';
SELECT score(m.p, e.p) AS score, score(m.p, e.p, NULL) AS null_weights,
	   score(m.p, e.p, '{}') AS empty_weights, score(m.p, e.p, default_weights()) AS explicit_defaults
FROM people m, people e WHERE m.name = 'mentor' AND e.name = 'mentee';

-- each factor on its own: a factor is NULL when its inputs are missing
SELECT (factors(profile(), profile())).*;
SELECT 'skills' AS factor, v FROM (VALUES
	((factors(profile(skills => 'a:3'), profile(goals => 'a:3'))).skills),
	((factors(profile(skills => 'a:3'), profile(goals => 'a:5'))).skills),
	((factors(profile(skills => 'a:3'), profile(goals => ''))).skills),
	((factors(profile(skills => 'a:3'), profile())).skills),
	((factors(profile(), profile(goals => 'a:3'))).skills),
	((factors(profile(skills => ''), profile(goals => 'a:3'))).skills)) t(v);

-- stage: by grade gap mentor - mentee, reverse mentoring turns inversions
SELECT gap, (factors(profile(grade => 5 + gap), profile(grade => 5))).stage AS stage,
	   (factors(profile(grade => 5 + gap), profile(grade => 5, support => '{reverse}'))).stage AS reverse_asked
FROM generate_series(-3, 8) gap;
SELECT (factors(profile(grade => 3), profile())).stage IS NULL AS one_grade_missing;

-- values: Jaccard overlap; NULL unless both sides list some
SELECT (factors(profile(core_values => '{a,b,c}'), profile(core_values => '{b,c,d}'))).values AS half,
	   (factors(profile(core_values => '{a}'), profile(core_values => '{b}'))).values AS none,
	   (factors(profile(core_values => '{a,a,b}'), profile(core_values => '{b,a,NULL}'))).values AS dup_and_null,
	   (factors(profile(core_values => '{}'), profile(core_values => '{b}'))).values AS empty,
	   (factors(profile(core_values => '{Craft}'), profile(core_values => '{craft}'))).values AS case_sensitive;

-- availability: mentor's hours against the hours the mentee wants
SELECT (factors(profile(hours_per_month => 6), profile(hours_per_month => 4))).availability AS enough,
	   (factors(profile(hours_per_month => 1), profile(hours_per_month => 4))).availability AS quarter,
	   (factors(profile(hours_per_month => 0), profile(hours_per_month => 0))).availability AS nothing_wanted,
	   (factors(profile(hours_per_month => 0), profile(hours_per_month => 2))).availability AS nothing_offered,
	   (factors(profile(), profile(hours_per_month => 2))).availability AS unknown;

-- logistics: shared working hours (8 h from 09:00 local) times a shared language
SELECT m, e, (factors(profile(utc_offset => m), profile(utc_offset => e))).logistics
FROM (VALUES (0, 0), (60, -300), (0, 180), (0, 480), (0, 600), (-720, 840), (840, -600), (330, 0)) v(m, e);
SELECT (factors(profile(languages => '{en,de}'), profile(languages => '{de}'))).logistics AS shared_language,
	   (factors(profile(languages => '{en}'), profile(languages => '{ja}'))).logistics AS no_shared_language,
	   (factors(profile(utc_offset => 0, languages => '{en}'), profile(utc_offset => 120, languages => '{ja}'))).logistics AS both_parts,
	   (factors(profile(utc_offset => 0, languages => '{}'), profile(utc_offset => 120, languages => '{ja}'))).logistics AS language_unknown,
	   (factors(profile(languages => '{en}'), profile())).logistics AS nothing_known;

-- expectations: the share of the support the mentee wants that the mentor offers
SELECT (factors(profile(support => '{skills,career}'), profile(support => '{skills,career,network}'))).expectations AS two_of_three,
	   (factors(profile(support => '{}'), profile(support => '{skills}'))).expectations AS offers_nothing,
	   (factors(profile(), profile(support => '{skills}'))).expectations AS offer_unknown,
	   (factors(profile(support => '{skills}'), profile(support => '{}'))).expectations AS wants_nothing;

-- style: style_fit of the two
SELECT (factors(profile(style => 'social=0.2'), profile(style => 'social=0.6'))).style AS apart,
	   (factors(profile(style => 'social=0.2'), profile(style => 'scope=0.6'))).style AS nothing_shared;

-- bad profiles: 22023 naming the field
SELECT try($$SELECT score(profile(id => 3, hours_per_month => -1), profile())$$) AS negative_hours;
SELECT try($$SELECT score(profile(), profile(hours_per_month => 'NaN'))$$) AS nan_hours;
SELECT try($$SELECT score(profile(), profile(hours_per_month => 'Infinity'))$$) AS infinite_hours;
SELECT try($$SELECT factors(profile(utc_offset => 900), profile())$$) AS offset_too_far_east;
SELECT try($$SELECT factors(profile(utc_offset => -721), profile())$$) AS offset_too_far_west;

-- score: the weighted mean of the factors, an unknown factor counting as a
-- neutral 0.5 (weights key "unknown"); NULL only when no weighted factor is
-- known
SELECT score(profile(grade => 7), profile(grade => 4)) AS stage_only,
	   0.15 * 1.0 + 0.85 * 0.5 AS stage_only_by_hand,
	   score(profile(grade => 7, hours_per_month => 1), profile(grade => 4, hours_per_month => 4)) AS two_factors,
	   0.15 * 1.0 + 0.10 * 0.25 + 0.75 * 0.5 AS two_factors_by_hand,
	   score(profile(), profile()) AS nothing_known,
	   score(NULL, profile()) AS null_mentor,
	   score(profile(), NULL) AS null_mentee;
-- a pair known by one excellent factor no longer beats a fully known good one
SELECT score(profile(grade => 7), profile(grade => 5)) < score(m.p, e.p) AS known_good_pair_first
FROM people m, people e WHERE m.name = 'mentor' AND e.name = 'mentee';
-- "unknown": another value, or null for 0.1.0's renormalisation over the
-- known factors
SELECT score(profile(grade => 7), profile(grade => 4), '{"unknown": 0}') AS unknown_0,
	   score(profile(grade => 7), profile(grade => 4), '{"unknown": 1}') AS unknown_1,
	   score(profile(grade => 7), profile(grade => 4), '{"unknown": null}') AS renormalised,
	   score(profile(grade => 7, hours_per_month => 1), profile(grade => 4, hours_per_month => 4),
			 '{"unknown": null}') AS two_factors_renormalised,
	   (0.15 * 1.0 + 0.10 * 0.25) / 0.25 AS by_hand;
SELECT score(profile(grade => 7, hours_per_month => 1), profile(grade => 4, hours_per_month => 4),
			 '{"stage": 1, "availability": 3, "unknown": null}') AS custom,
	   (1 * 1.0 + 3 * 0.25) / 4 AS by_hand,
	   score(profile(grade => 7, hours_per_month => 1), profile(grade => 4, hours_per_month => 4),
			 '{"stage": 0, "unknown": null}') AS stage_weight_zero,
	   score(profile(grade => 7), profile(grade => 4), '{"stage": 0}') AS known_carry_no_weight;
SELECT w, try(format('SELECT score(profile(grade => 1), profile(grade => 2), %L)', w)) AS bad_unknown
FROM unnest(ARRAY['{"unknown": -0.1}', '{"unknown": 1.01}', '{"unknown": "half"}', '{"unknown": [0.5]}']) AS w;
SELECT default_weights();
SELECT sum(value::float8) AS default_weights_sum FROM jsonb_each_text(default_weights());

-- bad weights: 22023
SELECT w, try(format('SELECT score(profile(grade => 1), profile(grade => 2), %L)', w)) AS error
FROM unnest(ARRAY[
	'{"skill": 1}',
	'{"skills": -0.1}',
	'{"skills": "1"}',
	'{"skills": null}',
	'{"skills": 1e400}',
	'{"skills": 0, "style": 0, "stage": 0, "values": 0, "availability": 0, "logistics": 0, "expectations": 0}',
	'[1, 2]',
	'3'
]) AS w;

-- weights each finite whose sum is not
SELECT try($$SELECT score(profile(grade => 5, hours_per_month => 1), profile(grade => 3, hours_per_month => 1),
						  '{"stage": 1e308, "availability": 1e308}')$$) AS weights_sum_overflows;
-- grades far apart do not overflow the gap
SELECT (factors(profile(grade => 2147483647), profile(grade => -2))).stage AS far_above,
	   (factors(profile(grade => -2147483648), profile(grade => 1))).stage AS far_below,
	   (risk(profile(grade => 2147483647), profile(grade => -2))).reasons AS reasons_far_above;
-- many distinct names in one call (the name dictionary grows many times)
SELECT coverage((SELECT skillset(array_agg(format('a%s.b%s.c%s', k, k, k)), array_agg(3)) FROM generate_series(1, 1024) k),
				(SELECT skillset(array_agg(format('x%s.y%s.z%s', k, k, k)), array_agg(3)) FROM generate_series(1, 1024) k))
	   AS no_shared_root,
	   coverage((SELECT skillset(array_agg(format('a%s.b%s.c%s', k, k, k)), array_agg(3)) FROM generate_series(1, 1024) k),
				(SELECT skillset(array_agg(format('a%s.b%s.c%s', k, k, k)), array_agg(2)) FROM generate_series(1, 1024) k))
	   AS all_met;

-- explain: contributions add up to the score; an unknown factor shows value
-- null, known false and the value it counted with; known_weight is the
-- share of the weight on known factors
SELECT jsonb_pretty(explain(m.p, e.p)) FROM people m, people e WHERE m.name = 'mentor' AND e.name = 'mentee';
SELECT abs((x->>'score')::float8 - (SELECT sum((f.value->>'contribution')::float8) FROM jsonb_each(x->'factors') f)) < 1e-12 AS sums,
	   (x->>'score')::float8 = score(m.p, e.p) AS same_as_score
FROM people m, people e, LATERAL explain(m.p, e.p) x WHERE m.name = 'mentor' AND e.name = 'mentee';
SELECT x->'factors'->'skills' AS unknown_factor, x->'score' AS score, x->'known_weight' AS known_weight
FROM explain(profile(grade => 5), profile(grade => 3)) x;
SELECT x->'factors'->'skills' AS renormalised_unknown, x->'score' AS score, x->'unknown' AS unknown
FROM explain(profile(grade => 5), profile(grade => 3), '{"unknown": null}') x;
SELECT abs((x->>'score')::float8 - (SELECT sum((f.value->>'contribution')::float8) FROM jsonb_each(x->'factors') f)) < 1e-12 AS sums_with_unknowns
FROM explain(profile(grade => 5, hours_per_month => 3), profile(grade => 3, goals => 'a:3')) x;
SELECT explain(profile(), profile())->'score' AS nothing_known, explain(NULL, profile()) IS NULL AS null_profile;
SELECT try($$SELECT explain(profile(), profile(), '{"bogus": 1}')$$) AS bad_weights;

-- conflicts of interest: hard rules from ids, manager chains and projects
SELECT c, conflicts(m, e)
FROM (VALUES
	('none', profile(id => 1, manager_chain => '{9,10}', projects => '{p}'), profile(id => 2, manager_chain => '{9,11}', projects => '{q}')),
	('self', profile(id => 1), profile(id => 1)),
	('mentor manages mentee', profile(id => 10), profile(id => 2, manager_chain => '{9,10}')),
	('mentor above in chain', profile(id => 9), profile(id => 2, manager_chain => '{9,10}')),
	('mentee manages mentor', profile(id => 1, manager_chain => '{5,2}'), profile(id => 2)),
	('same direct manager', profile(id => 1, manager_chain => '{9,10}'), profile(id => 2, manager_chain => '{8,10}')),
	('same grand-manager only', profile(id => 1, manager_chain => '{9,10}'), profile(id => 2, manager_chain => '{9,11}')),
	('shared project', profile(id => 1, projects => '{atlas,zeus}'), profile(id => 2, projects => '{zeus}')),
	('everything', profile(id => 3, manager_chain => '{3,10}', projects => '{p}'), profile(id => 3, manager_chain => '{10}', projects => '{p}')),
	('unknown fields', profile(), profile())
) v(c, m, e);
SELECT conflicts(NULL, profile()) IS NULL AS strict;

-- determinism: results depend on the arguments only (same value twice, any order)
SELECT count(*) FILTER (WHERE float8send(s1) <> float8send(s2)) AS differing
FROM (SELECT score(m.p, e.p) AS s1, score(m.p, e.p) AS s2 FROM people m, people e) t;
