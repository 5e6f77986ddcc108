-- pgTAP: the catalogue contract of docs/reference.md — names, signatures,
-- volatility, strictness, parallel safety, comments, error codes.
BEGIN;
SET search_path = mentormatch, public;

-- One row per SQL-callable function of the contract.
CREATE TEMP TABLE expect (fn name, args text[], volatility text, strict boolean, parallel "char");
INSERT INTO expect VALUES
	('skillset', '{text[],integer[]}', 'immutable', true, 's'),
	('skillset_from_jsonb', '{jsonb}', 'immutable', true, 's'),
	('skillset_to_jsonb', '{skillset}', 'immutable', true, 's'),
	('skills', '{skillset}', 'immutable', true, 's'),
	('coverage', '{skillset,skillset}', 'immutable', true, 's'),
	('workstyle', '{text[],"double precision[]"}', 'immutable', true, 's'),
	('workstyle_from_jsonb', '{jsonb}', 'immutable', true, 's'),
	('workstyle_to_jsonb', '{workstyle}', 'immutable', true, 's'),
	('style_fit', '{workstyle,workstyle}', 'immutable', true, 's'),
	('profile', '{bigint,skillset,skillset,workstyle,integer,real,integer,text[],text[],text[],bigint[],text[],boolean,text[]}',
		'immutable', false, 's'),
	('factors', '{profile,profile}', 'immutable', true, 's'),
	('score', '{profile,profile,jsonb}', 'immutable', false, 's'),
	('explain', '{profile,profile,jsonb,jsonb}', 'immutable', false, 's'),
	('conflicts', '{profile,profile}', 'immutable', true, 's'),
	('default_weights', '{}', 'immutable', false, 's'),
	('risk', '{profile,profile,jsonb,jsonb}', 'immutable', false, 's'),
	('success_probability', '{profile,profile,jsonb}', 'immutable', true, 's'),
	('success_probability', '{profile,profile,jsonb,relationship_health}', 'immutable', false, 's'),
	('interventions', '{text,text,text,jsonb,"timestamp with time zone",text,text[],text[]}', 'stable', false, 'r'),
	('assign', '{text,text,text,"double precision",text,text,text,text}', 'stable', false, 'r'),
	('match', '{text,text,jsonb,text,"double precision",text[],jsonb,text,text,text[]}', 'stable', false, 'r'),
	('stable_match', '{text,text,text}', 'stable', false, 'r'),
	('recommend', '{text,text,integer,jsonb,text[],jsonb,text,text,text[],"double precision"}', 'stable', false, 'r'),
	('audit', '{text,"double precision","double precision"}', 'stable', false, 'r'),
	('peer_fit', '{profile,profile}', 'immutable', true, 's'),
	('peer_fit', '{profile,profile,jsonb}', 'immutable', false, 's'),
	('peer_circles', '{text,integer,jsonb,text,text[]}', 'stable', false, 'r'),
	('circles', '{text,text,integer,integer,"double precision",jsonb,text[],text,text[]}', 'stable', false, 'r');

SELECT plan((SELECT count(*)::int * 4 FROM expect) + 66);

SELECT has_function('mentormatch', fn, args, format('%s(%s) exists', fn, array_to_string(args, ', ')))
FROM expect;
SELECT volatility_is('mentormatch', fn, args, volatility, format('%s is %s', fn, volatility))
FROM expect;
SELECT CASE WHEN strict THEN is_strict('mentormatch', fn, args, format('%s is strict', fn))
			ELSE isnt_strict('mentormatch', fn, args, format('%s is not strict', fn)) END
FROM expect;
SELECT is((SELECT p.proparallel FROM pg_proc p
		   WHERE p.oid = format('mentormatch.%I(%s)', fn, array_to_string(args, ','))::regprocedure),
		  parallel, format('%s is parallel %s', fn, parallel))
FROM expect;

-- types and enums
SELECT has_type('mentormatch', 'skillset', 'type skillset');
SELECT has_type('mentormatch', 'workstyle', 'type workstyle');
SELECT has_type('mentormatch', 'profile', 'type profile');
SELECT has_type('mentormatch', 'factor_scores', 'type factor_scores');
SELECT has_type('mentormatch', 'risk_assessment', 'type risk_assessment');
SELECT enum_has_labels('mentormatch', 'risk_level', ARRAY['low', 'moderate', 'high', 'critical'],
					   'risk_level sorts by severity');
SELECT results_eq(
	$$SELECT attname::text COLLATE "default", format_type(atttypid, atttypmod) FROM pg_attribute
	  WHERE attrelid = 'mentormatch.profile'::regclass AND attnum > 0 ORDER BY attnum$$,
	$$VALUES ('id', 'bigint'), ('skills', 'skillset'), ('goals', 'skillset'),
			 ('style', 'workstyle'), ('grade', 'integer'), ('hours_per_month', 'real'),
			 ('utc_offset', 'integer'), ('languages', 'text[]'), ('core_values', 'text[]'),
			 ('support', 'text[]'), ('manager_chain', 'bigint[]'), ('projects', 'text[]'),
			 ('trained', 'boolean'), ('tags', 'text[]')$$,
	'profile has the contract''s fields, in order');
SELECT results_eq(
	$$SELECT attname::text COLLATE "default" FROM pg_attribute
	  WHERE attrelid = 'mentormatch.factor_scores'::regclass AND attnum > 0 ORDER BY attnum$$,
	$$VALUES ('skills'), ('style'), ('stage'), ('values'), ('availability'), ('logistics'), ('expectations')$$,
	'factor_scores has one field per factor');
SELECT results_eq(
	$$SELECT attname::text COLLATE "default", format_type(atttypid, atttypmod) FROM pg_attribute
	  WHERE attrelid = 'mentormatch.risk_assessment'::regclass AND attnum > 0 ORDER BY attnum$$,
	$$VALUES ('level', 'risk_level'), ('reasons', 'text[]'), ('score', 'double precision')$$,
	'risk_assessment is (level, reasons, score)');

-- operators, opclasses, casts, aggregate
SELECT has_operator('skillset', 'mentormatch', '=', 'skillset', 'boolean', 'skillset = skillset');
SELECT has_operator('skillset', 'mentormatch', '<>', 'skillset', 'boolean', 'skillset <> skillset');
SELECT has_operator('skillset', 'mentormatch', '&&', 'skillset', 'boolean', 'skillset && skillset');
SELECT has_operator('skillset', 'mentormatch', '@>', 'skillset', 'boolean', 'skillset @> skillset');
SELECT has_operator('skillset', 'mentormatch', '<@', 'skillset', 'boolean', 'skillset <@ skillset');
SELECT has_opclass('mentormatch', 'skillset_ops', 'btree opclass for skillset');
SELECT has_opclass('mentormatch', 'skillset_hash_ops', 'hash opclass for skillset');
SELECT is((SELECT array_agg(o.oprname::text ORDER BY ao.amopstrategy)
		   FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod AND am.amname = 'gin'
		   JOIN pg_amop ao ON ao.amopfamily = c.opcfamily JOIN pg_operator o ON o.oid = ao.amopopr
		   WHERE c.opcname = 'skillset_gin_ops' AND c.opcdefault),
		  ARRAY['&&', '@>', '<@'], 'the default GIN opclass for skillset serves &&, @> and <@');
SELECT has_cast('jsonb', 'skillset', 'cast jsonb -> skillset');
SELECT has_cast('skillset', 'jsonb', 'cast skillset -> jsonb');
SELECT has_cast('jsonb', 'workstyle', 'cast jsonb -> workstyle');
SELECT has_cast('workstyle', 'jsonb', 'cast workstyle -> jsonb');
SELECT is_aggregate('mentormatch', 'skillset_agg', ARRAY['text', 'integer'], 'skillset_agg(text, int) is an aggregate');
SELECT is((SELECT aggcombinefn <> 0 AND p.proparallel = 's' FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
		   WHERE aggfnoid = 'mentormatch.skillset_agg(text, integer)'::regprocedure), true,
		  'skillset_agg is parallel safe with a combine function');

SELECT is_aggregate('mentormatch', 'health', ARRAY['timestamp with time zone', 'real', 'timestamp with time zone', 'timestamp with time zone'],
					'health(timestamptz, real, timestamptz, timestamptz) is an aggregate');
SELECT is((SELECT aggcombinefn <> 0 AND aggserialfn <> 0 AND aggdeserialfn <> 0 AND p.proparallel = 's'
		   FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
		   WHERE aggfnoid = 'mentormatch.health(timestamptz, real, timestamptz, timestamptz)'::regprocedure), true,
		  'health is parallel safe with combine, serialise and deserialise functions');
SELECT enum_has_labels('mentormatch', 'health_status', ARRAY['not_started', 'healthy', 'cooling', 'at_risk', 'stalled'],
					   'health_status labels in the contract''s order');
SELECT results_eq(
	$$SELECT attname::text COLLATE "default", format_type(atttypid, atttypmod) FROM pg_attribute
	  WHERE attrelid = 'mentormatch.relationship_health'::regclass AND attnum > 0 ORDER BY attnum$$,
	$$VALUES ('status', 'health_status'), ('reasons', 'text[]'), ('meetings', 'integer'),
			 ('last_met', 'timestamp with time zone'), ('days_since_last', 'double precision'),
			 ('typical_gap_days', 'double precision'), ('rating_mean', 'double precision'),
			 ('rating_trend', 'double precision'), ('days_running', 'double precision')$$,
	'relationship_health has the contract''s fields');
SELECT results_eq(
	$$SELECT array_to_string(proargnames, ',') COLLATE "default" FROM pg_proc
	  WHERE oid = 'mentormatch.interventions(text, text, text, jsonb, timestamptz, text, text[], text[])'::regprocedure$$,
	$$VALUES ('running,mentees,mentors,model,as_of,forbid,rules,exclude,mentee_id,mentor_id,action,new_mentor_id,probability,probability_after,gain,reasons')$$,
	'interventions(running, mentees, mentors, model, as_of, forbid, rules, exclude) returns (mentee_id, mentor_id, action, new_mentor_id, probability, probability_after, gain, reasons)');
SELECT results_eq(
	$$SELECT array_to_string(proargnames, ',') COLLATE "default" FROM pg_proc WHERE oid = 'mentormatch.assign(text, text, text, float8, text, text, text, text)'::regprocedure$$,
	$$VALUES ('candidates,capacities,objective,min_score,keep,forbid,priorities,groups,mentee_id,mentor_id,score,reason')$$,
	'assign(candidates, capacities, objective, min_score, keep, forbid, priorities, groups) returns (mentee_id, mentor_id, score, reason)');
SELECT results_eq(
	$$SELECT array_to_string(proargnames, ',') COLLATE "default" FROM pg_proc WHERE oid = 'mentormatch.match(text, text, jsonb, text, float8, text[], jsonb, text, text, text[])'::regprocedure$$,
	$$VALUES ('mentees,mentors,weights,objective,min_score,exclude,model,keep,forbid,rules,mentee_id,mentor_id,score,risk,reasons,reason')$$,
	'match(...) returns (mentee_id, mentor_id, score, risk, reasons, reason)');
SELECT results_eq(
	$$SELECT array_to_string(proargnames, ',') COLLATE "default" FROM pg_proc WHERE oid = 'mentormatch.stable_match(text, text, text)'::regprocedure$$,
	$$VALUES ('candidates,capacities,optimal,mentee_id,mentor_id,reason')$$,
	'stable_match(candidates, capacities, optimal) returns (mentee_id, mentor_id, reason)');
SELECT results_eq(
	$$SELECT array_to_string(proargnames, ',') COLLATE "default" FROM pg_proc WHERE oid = 'mentormatch.recommend(text, text, int, jsonb, text[], jsonb, text, text, text[], float8)'::regprocedure$$,
	$$VALUES ('mentees,mentors,k,weights,exclude,model,keep,forbid,rules,exposure,mentee_id,rank,mentor_id,score')$$,
	'recommend(mentees, mentors, k, weights, exclude, model, keep, forbid, rules, exposure) returns (mentee_id, rank, mentor_id, score)');
SELECT is((SELECT pg_get_expr(proargdefaults, 0) FROM pg_proc WHERE oid = 'mentormatch.match(text, text, jsonb, text, float8, text[], jsonb, text, text, text[])'::regprocedure),
		  'NULL::jsonb, ''coverage''::text, NULL::double precision, ''{self,reporting_line,same_team,shared_project}''::text[], NULL::jsonb, NULL::text, NULL::text, NULL::text[]',
		  'match defaults: default weights, coverage, no min_score, every conflict excluded, no model, nothing kept or forbidden, no rule');
SELECT results_eq(
	$$SELECT array_to_string(proargnames, ',') COLLATE "default" FROM pg_proc WHERE oid = 'mentormatch.peer_circles(text, int, jsonb, text, text[])'::regprocedure$$,
	$$VALUES ('people,size,weights,forbid,rules,circle,person_id,fit')$$,
	'peer_circles(people, size, weights, forbid, rules) returns (circle, person_id, fit)');
SELECT is((SELECT pg_get_expr(proargdefaults, 0) FROM pg_proc WHERE oid = 'mentormatch.peer_circles(text, int, jsonb, text, text[])'::regprocedure),
		  '5, NULL::jsonb, NULL::text, NULL::text[]',
		  'peer_circles defaults: circles of 5, the default peer weights, nothing forbidden, no rule');
SELECT results_eq(
	$$SELECT array_to_string(proargnames, ',') COLLATE "default" FROM pg_proc WHERE oid = 'mentormatch.circles(text, text, int, int, float8, jsonb, text[], text, text[])'::regprocedure$$,
	$$VALUES ('mentees,mentors,min_size,max_size,cohesion,weights,exclude,forbid,rules,mentor_id,mentee_id,score,cohesion,reason')$$,
	'circles(mentees, mentors, min_size, max_size, cohesion, weights, exclude, forbid, rules) returns (mentor_id, mentee_id, score, cohesion, reason)');
SELECT is((SELECT pg_get_expr(proargdefaults, 0) FROM pg_proc WHERE oid = 'mentormatch.circles(text, text, int, int, float8, jsonb, text[], text, text[])'::regprocedure),
		  '3, 6, 0.5, NULL::jsonb, ''{self,reporting_line,same_team,shared_project}''::text[], NULL::text, NULL::text[]',
		  'circles defaults: circles of 3 to 6, cohesion 0.5, default weights, every conflict excluded, nothing forbidden, no rule');
SELECT results_eq(
	$$SELECT array_to_string(proargnames, ',') COLLATE "default" FROM pg_proc WHERE oid = 'mentormatch.risk(profile, profile, jsonb, jsonb)'::regprocedure$$,
	$$VALUES ('mentor,mentee,weights,model')$$,
	'risk(mentor, mentee, weights, model)');
SELECT results_eq(
	$$SELECT array_to_string(proargnames, ',') COLLATE "default" FROM pg_proc WHERE oid = 'mentormatch.explain(profile, profile, jsonb, jsonb)'::regprocedure$$,
	$$VALUES ('mentor,mentee,weights,model')$$,
	'explain(mentor, mentee, weights, model)');
SELECT is_aggregate('mentormatch', 'learn', ARRAY['profile', 'profile', 'boolean'],
					'learn(profile, profile, boolean) is an aggregate');
SELECT is_aggregate('mentormatch', 'evaluate', ARRAY['double precision', 'boolean'],
					'evaluate(float8, boolean) is an aggregate');
SELECT is((SELECT array_agg(aggfnoid::regprocedure::text ORDER BY aggfnoid::regprocedure::text COLLATE "C") FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
		   WHERE aggfnoid IN ('mentormatch.learn(profile, profile, boolean)'::regprocedure,
							  'mentormatch.learn(profile, profile, boolean, relationship_health)'::regprocedure,
							  'mentormatch.evaluate(float8, boolean)'::regprocedure)
			 AND aggcombinefn <> 0 AND aggserialfn <> 0 AND aggdeserialfn <> 0 AND p.proparallel = 's'
			 AND format_type(p.prorettype, NULL) = 'jsonb'),
		  ARRAY['evaluate(double precision,boolean)', 'learn(profile,profile,boolean)',
				'learn(profile,profile,boolean,relationship_health)'],
		  'learn (with and without health) and evaluate return jsonb and are parallel safe with combine, serialise and deserialise functions');

-- house rules over the whole extension
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
		   JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mentormatch'
		   WHERE p.prosecdef), 0, 'no function is SECURITY DEFINER');
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
		   JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mentormatch'
		   WHERE p.provolatile = 'v'), 0, 'no function is VOLATILE');
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text) FROM pg_proc p
		   JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
		   JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mentormatch'
		   WHERE obj_description(p.oid, 'pg_proc') IS NULL), NULL, 'every function has a comment');
SELECT is((SELECT array_agg(t.typname::text ORDER BY t.typname) FROM pg_type t
		   JOIN pg_depend d ON d.objid = t.oid AND d.deptype = 'e'
		   JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mentormatch'
		   -- (from PostgreSQL 17 on, a type's array type is the extension's too)
		   WHERE obj_description(t.oid, 'pg_type') IS NULL
			 AND NOT EXISTS (SELECT FROM pg_type b WHERE b.typarray = t.oid)), NULL,
		  'every type has a comment');
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text) FROM pg_proc p
		   JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
		   JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'mentormatch'
		   WHERE p.provolatile = 'i' AND p.proparallel <> 's'), NULL,
		  'every immutable function is parallel safe');

-- error codes
SELECT throws_ok($$SELECT 'a..b:1'::mentormatch.skillset$$, '22P02', NULL, 'malformed skillset literal: 22P02');
SELECT throws_ok($$SELECT 'a:9'::mentormatch.skillset$$, '22P02', NULL, 'skillset level outside 1..5 in a literal: 22P02');
SELECT throws_ok($$SELECT (SELECT string_agg('s' || i || ':1', ',') FROM generate_series(1, 2000) i)::mentormatch.skillset$$,
				 '54000', NULL, 'too many skills: 54000');
SELECT throws_ok($$SELECT 'a=2'::mentormatch.workstyle$$, '22P02', NULL, 'workstyle value outside [0,1] in a literal: 22P02');
SELECT throws_ok($$SELECT 'a=NaN'::mentormatch.workstyle$$, '22P02', NULL, 'NaN workstyle literal: 22P02');
SELECT throws_ok($$SELECT mentormatch.score(mentormatch.profile(), mentormatch.profile(), '{"x": 1}')$$,
				 '22023', NULL, 'unknown weight: 22023');
SELECT throws_ok($$SELECT mentormatch.score(mentormatch.profile(), mentormatch.profile(), '{"skills": -1}')$$,
				 '22023', NULL, 'negative weight: 22023');

SELECT throws_ok($$SELECT * FROM mentormatch.assign('SELECT 1 AS mentee_id, 2 AS mentor_id')$$,
				 '42703', NULL, 'missing inner-query column: 42703');
SELECT throws_ok($$SELECT * FROM mentormatch.assign('SELECT 1 AS mentee_id, 2 AS mentor_id, ''x''::text AS score')$$,
				 '42804', NULL, 'inner-query column of the wrong type: 42804');
SELECT throws_ok($$SELECT * FROM mentormatch.assign('SELECT 1 AS mentee_id, 2 AS mentor_id, NULL::float8 AS score')$$,
				 '22023', NULL, 'NULL score: 22023');
SELECT throws_ok($$SELECT * FROM mentormatch.assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score', objective => 'greedy')$$,
				 '22023', NULL, 'unknown objective: 22023');
SELECT throws_ok($$SELECT * FROM mentormatch.stable_match('SELECT 1 AS mentee_id, 2 AS mentor_id, 1 AS mentee_pref, 1 AS mentor_pref', optimal => 'both')$$,
				 '22023', NULL, 'unknown optimal: 22023');
SELECT throws_ok($$SELECT * FROM mentormatch.match('SELECT 1 AS id, mentormatch.profile() AS profile',
		'SELECT 2 AS id, mentormatch.profile() AS profile', rules => '{nearby}')$$,
				 '22023', NULL, 'unknown rule: 22023');
SELECT throws_ok($$SELECT * FROM mentormatch.assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score',
		keep => 'SELECT 1 AS mentee_id, 2 AS mentor_id', forbid => 'SELECT 1 AS mentee_id, 2 AS mentor_id')$$,
				 '22023', NULL, 'a pair both kept and forbidden: 22023');
SELECT throws_ok($$SELECT mentormatch.score(mentormatch.profile(tags => '{data}'), mentormatch.profile())$$,
				 '22023', NULL, 'a tag that is not key:value: 22023');
SELECT throws_ok($$SELECT mentormatch.success_probability(mentormatch.profile(), mentormatch.profile(), '{"model": "tree"}')$$,
				 '22023', NULL, 'malformed model: 22023');
SELECT throws_ok($$SELECT mentormatch.learn(mentormatch.profile(), mentormatch.profile(), true) FROM generate_series(1, 50)$$,
				 '22023', NULL, 'learn from one outcome only: 22023');

-- DROP EXTENSION removes every object (PostgreSQL leaves the schema it
-- created for the extension, empty)
DROP EXTENSION mentormatch;
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'mentormatch'::regnamespace)
		  + (SELECT count(*)::int FROM pg_type WHERE typnamespace = 'mentormatch'::regnamespace)
		  + (SELECT count(*)::int FROM pg_class WHERE relnamespace = 'mentormatch'::regnamespace)
		  + (SELECT count(*)::int FROM pg_operator WHERE oprnamespace = 'mentormatch'::regnamespace),
		  0, 'DROP EXTENSION leaves no function, type, relation or operator behind');
SELECT is((SELECT count(*)::int FROM pg_cast c JOIN pg_type t ON t.oid IN (c.castsource, c.casttarget)
		   WHERE t.typname IN ('skillset', 'workstyle')), 0, 'and no cast');

SELECT * FROM finish();
ROLLBACK;
