-- differential: the C scoring functions against the PL/pgSQL oracle
-- (test/fixtures/score_oracle.sql, written from docs/reference.md alone), on
-- the demo HR data and on synthetic edge cases.  Every count of disagreements must be 0.
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- Load the demo organisation (400 employees, seed 7), its profiles and the
-- oracle.  The scripts are not echoed, so this file does not change when
-- they do; the generator's summary is reduced to "it ran".
\set ECHO none
SET client_min_messages = warning;
\i demo/hr_schema.sql
\i demo/generate.sql
SELECT hr.generate(400, 7) IS NOT NULL AS generated \gset
\i demo/profiles.sql
\i test/fixtures/score_oracle.sql
RESET client_min_messages;
\set ECHO all
SELECT :'generated' AS generated,
	   (SELECT count(*) FROM mentoring.mentors) >= 50 AS enough_mentors,
	   (SELECT count(*) FROM mentoring.mentees) >= 80 AS enough_mentees;

-- a and b differ: beyond 1e-9, or exactly one of them NULL
CREATE FUNCTION pg_temp.differs(a float8, b float8) RETURNS boolean
LANGUAGE sql IMMUTABLE
RETURN a IS DISTINCT FROM b AND NOT abs(a - b) <= 1e-9;

-- The pairs compared: demo pairs (the first 50 mentors x the first 80
-- mentees by id) and synthetic pairs (below).
CREATE TEMP TABLE pairs (source text, mentor mentormatch.profile, mentee mentormatch.profile);
INSERT INTO pairs
SELECT 'demo', m.profile, e.profile
FROM (SELECT profile FROM mentoring.mentors ORDER BY id LIMIT 50) m,
	 (SELECT profile FROM mentoring.mentees ORDER BY id LIMIT 80) e;

-- Synthetic profiles covering the edge cases: NULL fields, empty arrays,
-- NULL and repeated set elements, reverse support, far-apart offsets,
-- negative grade gaps, hierarchical skill paths, custom style dimensions,
-- and ids and manager chains that make every conflict.
CREATE TEMP TABLE edge_a (p mentormatch.profile);
INSERT INTO edge_a VALUES
	(mentormatch.profile(id => 1, skills => 'data.ml:5, data.viz:3, backend.java:4',
		style => 'social=0.2, scope=0.8, structure=0.5', grade => 7, hours_per_month => 6,
		utc_offset => 60, languages => '{en,de}', core_values => '{craft,impact}',
		support => '{skills,career}', manager_chain => '{100,101}', projects => '{p1,p2}',
		trained => true)),
	(mentormatch.profile()),
	(mentormatch.profile(id => 2)),
	(mentormatch.profile(id => 3, skills => '', goals => '', style => '', grade => 5,
		hours_per_month => 0, utc_offset => 0, languages => '{}', core_values => '{}',
		support => '{}', manager_chain => '{}', projects => '{}', trained => false)),
	(mentormatch.profile(id => 4, skills => 'data:2, data.ml:1, backend:5', grade => 1,
		hours_per_month => 0.5, utc_offset => -720, languages => '{en,NULL,en}',
		core_values => '{craft,NULL,craft,Craft}', support => '{skills,NULL,skills,reverse}',
		manager_chain => '{100,NULL}', projects => '{NULL,p3}')),
	(mentormatch.profile(id => 5, skills => 'data.ml.nlp.transformers:2, data:5',
		goals => 'backend.java:3', style => 'social=1, directive=0', grade => 10,
		hours_per_month => 40, utc_offset => 840, languages => '{pt}',
		core_values => '{learning}', support => '{sponsorship,network}',
		manager_chain => '{100}', projects => '{p9}', trained => true)),
	(mentormatch.profile(id => 21, skills => 'management.people:4', grade => 6,
		hours_per_month => 3, utc_offset => 330, languages => '{hi,en}',
		support => '{reverse,career}', manager_chain => '{100,7}', trained => true)),
	(mentormatch.profile(id => 101, skills => 'backend.java.spring:3, ux.research:4',
		style => 'focus=0.3, pace=0.9, social=0', grade => 9, hours_per_month => 2.5,
		utc_offset => 720, languages => '{de}', core_values => '{stability,balance}',
		support => '{wellbeing}', manager_chain => '{100}', projects => '{p2}', trained => true)),
	(mentormatch.profile(id => 6, skills => 'data.ml:3', grade => -3, hours_per_month => 1,
		utc_offset => -300, languages => '{NULL}', core_values => '{NULL}', support => '{NULL}',
		manager_chain => '{NULL}', projects => '{NULL}', trained => false)),
	(mentormatch.profile(id => 7, skills => 'data.ml:5', style => 'focus=0.5',
		hours_per_month => 8, core_values => '{craft,learning,impact}',
		support => '{skills,career,network,leadership}', trained => true)),
	(mentormatch.profile(id => 8, skills => 'data.ml:4, data.viz:4', grade => 4,
		languages => '{en}', support => '{skills}', manager_chain => '{100,101,21}'));

CREATE TEMP TABLE edge_b (p mentormatch.profile);
INSERT INTO edge_b VALUES
	(mentormatch.profile(id => 31, goals => 'data.ml:4, data.viz:3',
		style => 'social=0.7, scope=0.1, directive=1', grade => 4, hours_per_month => 4,
		utc_offset => 0, languages => '{en}', core_values => '{craft,learning}',
		support => '{skills,career,network}', manager_chain => '{100,101}', projects => '{p2}',
		trained => true)),
	(mentormatch.profile()),
	(mentormatch.profile(id => 32, goals => 'management.people:3', grade => 9,
		support => '{reverse,skills}', hours_per_month => 2, utc_offset => 840)),
	(mentormatch.profile(id => 33, skills => 'data.ml:1', goals => '', grade => 5,
		hours_per_month => 0, support => '{}', languages => '{}', core_values => '{}',
		manager_chain => '{}', projects => '{}', trained => false)),
	(mentormatch.profile(id => 34, grade => 8, hours_per_month => 0, utc_offset => -720,
		languages => '{en}')),
	(mentormatch.profile(id => 35, goals => 'data:3', utc_offset => -720,
		languages => '{NULL}', core_values => '{NULL}', support => '{NULL}',
		manager_chain => '{NULL}', projects => '{NULL}', grade => 1)),
	(mentormatch.profile(id => 36, goals => 'data.ml:5, data:1, data.ml.vision:2', style => 'scope=1',
		grade => 2, hours_per_month => 12, utc_offset => 60,
		languages => '{de,de}', core_values => '{craft,craft,Craft}',
		support => '{skills,skills,career,NULL}', manager_chain => '{100,NULL}',
		projects => '{p1,p1}', trained => true)),
	(mentormatch.profile(id => 1, goals => 'backend.java:5', grade => 3, manager_chain => '{}',
		trained => true)),
	(mentormatch.profile(id => 37, goals => 'data.ml.nlp:5, backend.java.spring:1, ux:2, zzz:1',
		style => 'focus=0.5, pace=0.4', grade => 7, hours_per_month => 100,
		utc_offset => 330, languages => '{hi}', core_values => '{balance,stability}',
		support => '{wellbeing,career}', manager_chain => '{100,7}', projects => '{p9,p2}',
		trained => true)),
	(mentormatch.profile(id => 100, goals => 'management:5', grade => 12, hours_per_month => 1,
		support => '{leadership,network}', manager_chain => '{}', projects => '{}')),
	(mentormatch.profile(id => 38, goals => 'data.viz:5', grade => 6, hours_per_month => 7,
		utc_offset => 61, languages => '{EN}', core_values => '{Craft}',
		support => '{reverse}', manager_chain => '{100,101,21}', trained => false));

-- both directions: every edge profile as mentor and as mentee
INSERT INTO pairs
SELECT 'edge', a.p, b.p FROM edge_a a, edge_b b
UNION ALL
SELECT 'edge', b.p, a.p FROM edge_a a, edge_b b;

SELECT source, count(*) AS pairs FROM pairs GROUP BY source ORDER BY source;

-- Custom weight objects besides the defaults: a partial override; one where
-- only style and values count, so the score is NULL when both are unknown;
-- and the three ways an unknown factor can count (0, 1 and, with null,
-- not at all: 0.1.0's renormalisation).
\set w1 '\'{"skills": 0.5, "values": 0, "availability": 0.25}\''
\set w2 '\'{"skills": 0, "style": 1, "stage": 0, "values": 2, "availability": 0, "logistics": 0, "expectations": 0}\''
\set w3 '\'{"unknown": 0}\''
\set w4 '\'{"unknown": 1, "skills": 0.6}\''
\set w5 '\'{"unknown": null, "style": 0.4}\''

CREATE TEMP TABLE results AS
SELECT source,
	   mentormatch.factors(mentor, mentee) AS c_f, oracle.factors(mentor, mentee) AS o_f,
	   mentormatch.score(mentor, mentee) AS c_s0, oracle.score(mentor, mentee) AS o_s0,
	   mentormatch.score(mentor, mentee, :w1) AS c_s1, oracle.score(mentor, mentee, :w1) AS o_s1,
	   mentormatch.score(mentor, mentee, :w2) AS c_s2, oracle.score(mentor, mentee, :w2) AS o_s2,
	   mentormatch.score(mentor, mentee, :w3) AS c_s3, oracle.score(mentor, mentee, :w3) AS o_s3,
	   mentormatch.score(mentor, mentee, :w4) AS c_s4, oracle.score(mentor, mentee, :w4) AS o_s4,
	   mentormatch.score(mentor, mentee, :w5) AS c_s5, oracle.score(mentor, mentee, :w5) AS o_s5,
	   mentormatch.conflicts(mentor, mentee) AS c_c, oracle.conflicts(mentor, mentee) AS o_c,
	   mentormatch.risk(mentor, mentee) AS c_r0, oracle.risk(mentor, mentee) AS o_r0,
	   mentormatch.risk(mentor, mentee, :w2) AS c_r2, oracle.risk(mentor, mentee, :w2) AS o_r2,
	   mentormatch.risk(mentor, mentee, :w5) AS c_r5, oracle.risk(mentor, mentee, :w5) AS o_r5
FROM pairs;

-- Disagreements per item (expected: all 0).
SELECT v.ord, v.item,
	   count(*) FILTER (WHERE source = 'demo' AND v.bad) AS demo,
	   count(*) FILTER (WHERE source = 'edge' AND v.bad) AS edge
FROM results CROSS JOIN LATERAL (VALUES
	(1, 'skills', pg_temp.differs((c_f).skills, (o_f).skills)),
	(2, 'style', pg_temp.differs((c_f).style, (o_f).style)),
	(3, 'stage', pg_temp.differs((c_f).stage, (o_f).stage)),
	(4, 'values', pg_temp.differs((c_f)."values", (o_f)."values")),
	(5, 'availability', pg_temp.differs((c_f).availability, (o_f).availability)),
	(6, 'logistics', pg_temp.differs((c_f).logistics, (o_f).logistics)),
	(7, 'expectations', pg_temp.differs((c_f).expectations, (o_f).expectations)),
	(8, 'score default weights', pg_temp.differs(c_s0, o_s0)),
	(9, 'score weights w1', pg_temp.differs(c_s1, o_s1)),
	(10, 'score weights w2', pg_temp.differs(c_s2, o_s2)),
	(11, 'conflicts', c_c IS DISTINCT FROM o_c),
	(12, 'risk level', (c_r0).level IS DISTINCT FROM (o_r0).level),
	(13, 'risk reasons', (c_r0).reasons IS DISTINCT FROM (o_r0).reasons),
	(14, 'risk score', pg_temp.differs((c_r0).score, (o_r0).score)),
	(15, 'risk level w2', (c_r2).level IS DISTINCT FROM (o_r2).level),
	(16, 'risk reasons w2', (c_r2).reasons IS DISTINCT FROM (o_r2).reasons),
	(17, 'risk score w2', pg_temp.differs((c_r2).score, (o_r2).score)),
	(18, 'score, unknown 0', pg_temp.differs(c_s3, o_s3)),
	(19, 'score, unknown 1', pg_temp.differs(c_s4, o_s4)),
	(20, 'score, unknown null', pg_temp.differs(c_s5, o_s5)),
	(21, 'risk level, unknown null', (c_r5).level IS DISTINCT FROM (o_r5).level),
	(22, 'risk reasons, unknown null', (c_r5).reasons IS DISTINCT FROM (o_r5).reasons)
) AS v(ord, item, bad)
GROUP BY v.ord, v.item ORDER BY v.ord;

-- The comparison is not vacuous: every factor is both known and NULL in
-- some pairs, every conflict, risk level and risk reason occurs, and the
-- w2 score is NULL in some pairs.
SELECT bool_and(known > 0 AND unknown > 0) AS every_factor_known_and_null
FROM (SELECT name, count(value) AS known, count(*) - count(value) AS unknown
	  FROM results CROSS JOIN LATERAL (VALUES
		  ('skills', (c_f).skills), ('style', (c_f).style), ('stage', (c_f).stage),
		  ('values', (c_f)."values"), ('availability', (c_f).availability),
		  ('logistics', (c_f).logistics), ('expectations', (c_f).expectations)
	  ) AS f(name, value)
	  GROUP BY name) per_factor;
SELECT (SELECT array_agg(DISTINCT c ORDER BY c) FROM results, unnest(c_c) AS c) AS conflicts_seen,
	   (SELECT array_agg(DISTINCT (c_r0).level ORDER BY (c_r0).level) FROM results) AS levels_seen,
	   (SELECT count(DISTINCT r) FROM results, unnest((c_r0).reasons) AS r) AS reasons_seen,
	   (SELECT count(*) > 0 FROM results WHERE c_s2 IS NULL) AS null_scores_seen;

-- Invalid profiles and weights: both sides raise the same SQLSTATE.
SELECT v.what,
	   left(regress.try(format('SELECT mentormatch.%s', v.call)), 5) AS c,
	   left(regress.try(format('SELECT oracle.%s', v.call)), 5) AS oracle
FROM (VALUES
	('negative hours', 'factors(mentormatch.profile(hours_per_month => -1), mentormatch.profile())'),
	('NaN hours', 'score(mentormatch.profile(), mentormatch.profile(hours_per_month => ''NaN''))'),
	('infinite hours', 'risk(mentormatch.profile(hours_per_month => ''Infinity''), mentormatch.profile())'),
	('offset 841', 'factors(mentormatch.profile(utc_offset => 841), mentormatch.profile())'),
	('offset -721', 'score(mentormatch.profile(), mentormatch.profile(utc_offset => -721))'),
	('unknown weight', 'score(mentormatch.profile(), mentormatch.profile(), ''{"skill": 1}'')'),
	('negative weight', 'score(mentormatch.profile(), mentormatch.profile(), ''{"skills": -0.1}'')'),
	('string weight', 'score(mentormatch.profile(), mentormatch.profile(), ''{"skills": "1"}'')'),
	('all weights zero', 'risk(mentormatch.profile(), mentormatch.profile(), ''{"skills": 0, "style": 0, "stage": 0, "values": 0, "availability": 0, "logistics": 0, "expectations": 0}'')'),
	('weights not an object', 'score(mentormatch.profile(), mentormatch.profile(), ''[1]'')'),
	('unknown above 1', 'score(mentormatch.profile(), mentormatch.profile(), ''{"unknown": 1.5}'')'),
	('unknown a string', 'score(mentormatch.profile(), mentormatch.profile(), ''{"unknown": "0.5"}'')')
) AS v(what, call);

-- Clean up, so later tests start from an empty database.
\set ECHO none
SET client_min_messages = warning;
DROP SCHEMA oracle CASCADE;
DROP SCHEMA mentoring CASCADE;
DROP SCHEMA hr CASCADE;
RESET client_min_messages;
\set ECHO all
SELECT count(*) AS leftover_schemas FROM pg_namespace
WHERE nspname IN ('hr', 'mentoring', 'oracle');
