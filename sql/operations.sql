-- Programme operations: tags, keep, forbid, rules and reasons in match(),
-- assign() and recommend(); the optimum around kept pairs against an
-- exhaustive search.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- tags: key:value, repeats folded; anything else is an invalid profile
SELECT (profile(tags => '{department:data,site:berlin,department:data}')).tags;
SELECT try($$SELECT score(profile(tags => '{data}'), profile())$$) AS no_colon;
SELECT try($$SELECT score(profile(tags => '{:data}'), profile())$$) AS no_key;
SELECT try($$SELECT score(profile(tags => '{department:}'), profile())$$) AS no_value;
SELECT score(profile(tags => ARRAY[NULL, 'site:x']), profile()) IS NULL AS null_tags_skipped;

-- a small programme: mentors 10..13, mentees 1..4
CREATE TABLE regress.op_people (id bigint PRIMARY KEY, role text, capacity int, profile profile);
INSERT INTO regress.op_people VALUES
	(10, 'mentor', 2, profile(id => 10, skills => 'data.ml:5', grade => 7, languages => '{en}', utc_offset => 0,
							  hours_per_month => 4, tags => '{department:data,site:berlin}', trained => true)),
	(11, 'mentor', 1, profile(id => 11, skills => 'data.ml:4', grade => 6, languages => '{de}', utc_offset => 60,
							  hours_per_month => 4, tags => '{department:backend,site:berlin}', trained => true)),
	(12, 'mentor', 1, profile(id => 12, skills => 'data.ml:3', grade => 6, languages => '{en,de}', utc_offset => -300,
							  hours_per_month => 4, tags => '{department:data,site:newyork}', trained => true)),
	(13, 'mentor', 1, profile(id => 13, skills => 'backend.java:5', grade => 8, languages => '{en}',
							  hours_per_month => 4, trained => true)),
	(1, 'mentee', NULL, profile(id => 1, goals => 'data.ml:4', grade => 4, languages => '{en}', utc_offset => 0,
								hours_per_month => 2, tags => '{department:data,site:berlin}', trained => true)),
	(2, 'mentee', NULL, profile(id => 2, goals => 'data.ml:4', grade => 4, languages => '{de}', utc_offset => 60,
								hours_per_month => 2, tags => '{department:backend,site:berlin}', trained => true)),
	(3, 'mentee', NULL, profile(id => 3, goals => 'data.ml:3', grade => 3, languages => '{en}', utc_offset => -300,
								hours_per_month => 2, tags => '{department:data}', trained => true)),
	(4, 'mentee', NULL, profile(id => 4, goals => 'backend.java:4', grade => 5, languages => '{fr}',
								hours_per_month => 2, trained => true));
CREATE VIEW regress.op_mentees AS SELECT id, profile FROM regress.op_people WHERE role = 'mentee';
CREATE VIEW regress.op_mentors AS SELECT id, profile, capacity FROM regress.op_people WHERE role = 'mentor';
CREATE FUNCTION regress.op_match(keep text DEFAULT NULL, forbid text DEFAULT NULL, rules text[] DEFAULT NULL,
								 min_score float8 DEFAULT NULL, objective text DEFAULT 'coverage')
RETURNS TABLE (mentee_id bigint, mentor_id bigint, score numeric, risk risk_level, reasons text[], reason text)
LANGUAGE sql AS $$
	SELECT mentee_id, mentor_id, round(score::numeric, 3), risk, reasons, reason
	FROM match('SELECT id, profile FROM regress.op_mentees', 'SELECT id, profile, capacity FROM regress.op_mentors',
			   objective => objective, min_score => min_score, keep => keep, forbid => forbid, rules => rules)
$$;

-- the round as it is
SELECT * FROM regress.op_match();

-- keep: the pair stays (reason kept) and takes its mentor's seat; the rest
-- is solved around it.  A poor pair may be kept: its risk says so.
SELECT * FROM regress.op_match(keep => 'SELECT 2 AS mentee_id, 13 AS mentor_id UNION ALL SELECT 1, 11');
-- forbid: never proposed; a pair of ids not in the input is ignored
SELECT * FROM regress.op_match(forbid => $$SELECT * FROM (VALUES (1, 10), (3, 10), (3, 12), (99, 10), (1, 99))
										   AS f(mentee_id, mentor_id)$$);
-- every pair of mentee 4 forbidden: reason excluded, reasons forbidden
SELECT * FROM regress.op_match(forbid => 'SELECT 4 AS mentee_id, id AS mentor_id FROM regress.op_mentors')
WHERE mentee_id = 4;

-- rules
SELECT * FROM regress.op_match(rules => '{shared_language}');
SELECT * FROM regress.op_match(rules => '{max_hours_apart=1}');
SELECT * FROM regress.op_match(rules => '{same:department}');
SELECT * FROM regress.op_match(rules => '{different:site}');
SELECT * FROM regress.op_match(rules => '{same:site,shared_language}', min_score => 0.5);
-- a person without a key: tag fails same: and passes different:
SELECT mentee_id, mentor_id FROM regress.op_match(rules => '{same:site}') WHERE mentee_id IN (3, 4);
SELECT mentee_id, mentor_id FROM regress.op_match(rules => '{different:site}') WHERE mentee_id = 4;
-- a kept pair stays even when it breaks a rule
SELECT * FROM regress.op_match(keep => 'SELECT 4 AS mentee_id, 10 AS mentor_id', rules => '{shared_language}')
WHERE mentee_id = 4;
-- a kept pair with a conflict of interest stays too, critical
SELECT mentee_id, mentor_id, risk, reasons, reason FROM match(
	'SELECT 1 AS id, profile(id => 1, grade => 3, manager_chain => ''{10}'') AS profile',
	'SELECT 10 AS id, profile(id => 10, grade => 6) AS profile',
	keep => 'SELECT 1 AS mentee_id, 10 AS mentor_id');

-- reasons of an unmatched mentee: each conflict kind, rule and cause that
-- removed a qualifying candidate, or capacity
SELECT mentee_id, reasons, reason FROM match(
	$$SELECT 1 AS id, profile(id => 1, grade => 3, languages => '{en}', projects => '{p}', manager_chain => '{100, 10}') AS profile$$,
	$$SELECT * FROM (VALUES
		(10, profile(id => 10, grade => 6, languages => '{en}')),
		(11, profile(id => 11, grade => 6, languages => '{de}')),
		(12, profile(id => 12, grade => 6, languages => '{en}', projects => '{p}', manager_chain => '{100}')),
		(13, profile(id => 13, grade => 6, languages => '{en}')),
		(14, profile(id => 14, grade => 2, languages => '{en}'))) AS m(id, profile)$$,
	min_score => 0.5, forbid => 'SELECT 1 AS mentee_id, 13 AS mentor_id', rules => '{shared_language}');

-- unknown or malformed rules, NULLs, too many: 22023
SELECT r AS rules, try(format('SELECT count(*) FROM regress.op_match(rules => %L)', r)) AS outcome
FROM (VALUES ('{same_language}'), ('{max_hours_apart=}'), ('{max_hours_apart=-1}'), ('{max_hours_apart=25}'),
			 ('{max_hours_apart=NaN}'), ('{max_hours_apart=2h}'), ('{same:}'), ('{different:a:b}'),
			 ('{"shared_language",NULL}')) AS t(r);
SELECT try($$SELECT count(*) FROM regress.op_match(rules => array_fill('shared_language'::text, ARRAY[25]))$$) AS too_many;
SELECT count(*) AS max_hours_apart_fraction FROM regress.op_match(rules => '{max_hours_apart=5.5}');
-- N hours in decimals is exact in minutes: 2.05 hours take 123 minutes apart
SELECT r AS rule, (SELECT count(mentor_id) FROM match('SELECT 1 AS id, profile(grade => 3, utc_offset => 0) AS profile',
													   'SELECT 2 AS id, profile(grade => 5, utc_offset => 123) AS profile',
													   rules => ARRAY[r])) AS matched
FROM unnest(ARRAY['max_hours_apart=2.05', 'max_hours_apart=2.04']) r;

-- keep and forbid errors: 22023, with what is wrong
SELECT q AS keep, try(format('SELECT count(*) FROM regress.op_match(keep => %L)', q)) AS outcome
FROM (VALUES ('SELECT 1 AS mentee_id, 10 AS mentor_id UNION ALL SELECT 1, 11'),
			 ('SELECT 1 AS mentee_id, 11 AS mentor_id UNION ALL SELECT 2, 11'),
			 ('SELECT 99 AS mentee_id, 10 AS mentor_id'),
			 ('SELECT 1 AS mentee_id, 99 AS mentor_id'),
			 ('SELECT 1 AS mentee_id, NULL::int AS mentor_id'),
			 ('SELECT 1 AS mentee_id'),
			 ('SELECT 1 AS mentee_id, ''x''::text AS mentor_id')) AS t(q);
SELECT try($$SELECT count(*) FROM regress.op_match(keep => 'SELECT 1 AS mentee_id, 10 AS mentor_id',
												   forbid => 'SELECT 1 AS mentee_id, 10 AS mentor_id')$$) AS kept_and_forbidden;
SELECT try($$SELECT count(*) FROM regress.op_match(forbid => 'SELECT 1 AS mentee_id, NULL::bigint AS mentor_id')$$) AS forbid_null;
SELECT try($$SELECT count(*) FROM regress.op_match(forbid => 'DELETE FROM regress.op_people RETURNING id AS mentee_id, id AS mentor_id')$$) AS forbid_dml;
SELECT count(*) AS people_still_there FROM regress.op_people;
-- empty keep and forbid change nothing
SELECT (SELECT array_agg(t ORDER BY mentee_id) FROM regress.op_match() t) =
	   (SELECT array_agg(t ORDER BY mentee_id) FROM regress.op_match(keep => 'SELECT 1 AS mentee_id, 1 AS mentor_id WHERE false',
																	forbid => 'SELECT 1 AS mentee_id, 1 AS mentor_id WHERE false') t)
	   AS empty_lists_change_nothing;

-- recommend: forbidden pairs and rule breakers are never listed; kept
-- pairs take seats (mentor 11 has one, kept for a mentee not asking)
SELECT * FROM recommend('SELECT id, profile FROM regress.op_mentees', 'SELECT id, profile, capacity FROM regress.op_mentors',
						k => 2, forbid => 'SELECT 1 AS mentee_id, 10 AS mentor_id',
						keep => 'SELECT 77 AS mentee_id, 11 AS mentor_id UNION ALL SELECT 78, 99',
						rules => '{shared_language}');
SELECT try($$SELECT count(*) FROM recommend('SELECT id, profile FROM regress.op_mentees', 'SELECT id, profile, capacity FROM regress.op_mentors',
											keep => 'SELECT 77 AS mentee_id, 11 AS mentor_id UNION ALL SELECT 78, 11')$$) AS recommend_kept_beyond_capacity;
SELECT try($$SELECT count(*) FROM recommend('SELECT id, profile FROM regress.op_mentees', 'SELECT id, profile, capacity FROM regress.op_mentors',
											rules => '{nearby}')$$) AS recommend_unknown_rule;
-- a mentee of the input kept twice, or a pair kept and forbidden, is an
-- error in recommend too
SELECT try($$SELECT count(*) FROM recommend('SELECT id, profile FROM regress.op_mentees', 'SELECT id, profile, capacity FROM regress.op_mentors',
											keep => 'SELECT 1 AS mentee_id, 10 AS mentor_id UNION ALL SELECT 1, 12')$$) AS recommend_kept_twice;
SELECT try($$SELECT count(*) FROM recommend('SELECT id, profile FROM regress.op_mentees', 'SELECT id, profile, capacity FROM regress.op_mentors',
											keep => 'SELECT 1 AS mentee_id, 10 AS mentor_id',
											forbid => 'SELECT 1 AS mentee_id, 10 AS mentor_id')$$) AS recommend_kept_and_forbidden;

-- assign: keep and forbid mean the same; a kept pair's score is its
-- candidate score, NULL when it is no candidate
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.2), (2, 10, 0.8), (3, 11, 0.7), (3, 10, 0.6))
					   AS t(mentee_id, mentor_id, score)$$,
					 keep => 'SELECT 1 AS mentee_id, 11 AS mentor_id UNION ALL SELECT 2 AS mentee_id, 12 AS mentor_id',
					 forbid => 'SELECT 3 AS mentee_id, 10 AS mentor_id',
					 capacities => 'SELECT 12 AS mentor_id, 1 AS capacity');
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (2, 10, 0.8)) AS t(mentee_id, mentor_id, score)$$,
					 forbid => 'SELECT 1 AS mentee_id, 10 AS mentor_id UNION ALL SELECT 2, 10');
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 10 AS mentor_id, 0.5 AS score',
										 keep => 'SELECT 2 AS mentee_id, 10 AS mentor_id')$$) AS assign_keep_unknown_mentee;
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 10 AS mentor_id, 0.5 AS score UNION ALL SELECT 2, 10, 0.5',
										 keep => 'SELECT 1 AS mentee_id, 10 AS mentor_id UNION ALL SELECT 2, 10')$$) AS assign_keep_beyond_capacity;
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 10 AS mentor_id, 0.5 AS score',
										 'SELECT 10 AS mentor_id, 0 AS capacity',
										 keep => 'SELECT 1 AS mentee_id, 10 AS mentor_id')$$) AS assign_keep_no_seat;

-- the optimum around kept pairs, for every objective, against an
-- exhaustive search: random small instances whose kept pairs are poor on
-- purpose (the mentee's worst candidate, or no candidate at all), with
-- forbidden pairs; kept pairs count in no objective, their seats are taken
CREATE TABLE regress.kinst AS
SELECT i AS inst, 2 + i % 4 AS mentees, 1 + (i / 4) % 3 AS mentors,
	   CASE WHEN i % 6 = 0 THEN 0.3 END AS min_score
FROM generate_series(1, 240) i;
CREATE TABLE regress.kinst_edge AS
SELECT inst, e AS mentee_id, m AS mentor_id,
	   round((((hashint4(inst * 1000 + e * 10 + m) & 1023) / 1023.0) * 1.2 - 0.2)::numeric, 1)::float8 AS score
FROM regress.kinst, generate_series(1, mentees) e, generate_series(1, mentors) m
WHERE (hashint4(inst * 7919 + e * 31 + m) & 7) < 6;
CREATE TABLE regress.kinst_cap AS
SELECT inst, m AS mentor_id, 1 + (hashint4(inst * 104729 + m) & 1) AS capacity
FROM regress.kinst, generate_series(1, mentors) m;
-- mentee 1 kept with its worst candidate (odd instances) or with mentor 1
-- whether a candidate or not (even ones), in two of every three instances
CREATE TABLE regress.kinst_keep AS
SELECT k.inst, 1 AS mentee_id,
	   CASE WHEN k.inst % 2 = 1
			THEN (SELECT mentor_id FROM regress.kinst_edge e WHERE e.inst = k.inst AND e.mentee_id = 1
				  ORDER BY score, mentor_id LIMIT 1)
			ELSE 1 END AS mentor_id
FROM regress.kinst k WHERE k.inst % 3 <> 0;
-- (a kept mentee must be in the input: one with a candidate)
DELETE FROM regress.kinst_keep k WHERE mentor_id IS NULL
	OR NOT EXISTS (SELECT 1 FROM regress.kinst_edge e WHERE e.inst = k.inst AND e.mentee_id = 1);
CREATE TABLE regress.kinst_forbid AS
SELECT e.inst, e.mentee_id, e.mentor_id FROM regress.kinst_edge e
WHERE (hashint4(e.inst * 31 + e.mentee_id * 7 + e.mentor_id) & 3) = 0
  AND NOT EXISTS (SELECT 1 FROM regress.kinst_keep k WHERE (k.inst, k.mentee_id, k.mentor_id) = (e.inst, e.mentee_id, e.mentor_id));

CREATE TABLE regress.kinst_all AS
WITH RECURSIVE walk (inst, level, used, matched, total, lowest) AS (
	SELECT inst, 0, array_fill(0, ARRAY[mentors]), 0, 0::float8, NULL::float8 FROM regress.kinst
	UNION ALL
	SELECT w.inst, w.level + 1,
		   CASE WHEN c.mentor_id IS NULL THEN w.used
				ELSE w.used[:c.mentor_id - 1] || (w.used[c.mentor_id] + 1) || w.used[c.mentor_id + 1:] END,
		   w.matched + (c.mentor_id IS NOT NULL AND NOT c.kept)::int,
		   w.total + CASE WHEN c.kept THEN 0 ELSE coalesce(c.score, 0) END,
		   CASE WHEN c.mentor_id IS NULL OR c.kept THEN w.lowest ELSE least(w.lowest, c.score) END
	FROM walk w
	JOIN regress.kinst i ON i.inst = w.inst AND w.level < i.mentees
	LEFT JOIN regress.kinst_keep kk ON kk.inst = w.inst AND kk.mentee_id = w.level + 1
	CROSS JOIN LATERAL (
		-- a kept mentee takes its kept mentor, nothing else
		SELECT kk.mentor_id, NULL::float8 AS score, true AS kept WHERE kk.mentor_id IS NOT NULL
		UNION ALL
		SELECT NULL::int, NULL::float8, false WHERE kk.mentor_id IS NULL
		UNION ALL
		SELECT e.mentor_id, e.score, false FROM regress.kinst_edge e
		JOIN regress.kinst_cap k ON k.inst = e.inst AND k.mentor_id = e.mentor_id
		WHERE kk.mentor_id IS NULL AND e.inst = w.inst AND e.mentee_id = w.level + 1
		  AND (i.min_score IS NULL OR e.score >= i.min_score)
		  AND NOT EXISTS (SELECT 1 FROM regress.kinst_forbid f
						  WHERE (f.inst, f.mentee_id, f.mentor_id) = (e.inst, e.mentee_id, e.mentor_id))
		  AND w.used[e.mentor_id] < k.capacity) c
)
SELECT w.inst, matched, total, lowest FROM walk w JOIN regress.kinst i USING (inst) WHERE level = i.mentees;
CREATE TABLE regress.kinst_best AS
SELECT inst,
	   (SELECT array[matched, total] FROM regress.kinst_all a WHERE a.inst = i.inst
		ORDER BY matched DESC, total DESC LIMIT 1) AS coverage,
	   (SELECT max(total) FROM regress.kinst_all a WHERE a.inst = i.inst) AS total,
	   (SELECT array[matched, coalesce(lowest, 0), total] FROM regress.kinst_all a WHERE a.inst = i.inst
		ORDER BY matched DESC, lowest DESC NULLS LAST, total DESC LIMIT 1) AS fair
FROM regress.kinst i;
SELECT count(*) AS instances, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM regress.kinst_keep k WHERE k.inst = b.inst)) AS with_kept,
	   count(*) FILTER (WHERE coverage IS NULL) AS infeasible
FROM regress.kinst_best b;

CREATE TABLE regress.kinst_result AS
SELECT i.inst, o.objective, r.*
FROM regress.kinst i
CROSS JOIN (VALUES ('coverage'), ('total'), ('fair')) o(objective)
CROSS JOIN LATERAL assign(
	format('SELECT mentee_id, mentor_id, score FROM regress.kinst_edge WHERE inst = %s', i.inst),
	format('SELECT mentor_id, capacity FROM regress.kinst_cap WHERE inst = %s', i.inst),
	o.objective, i.min_score,
	keep => format('SELECT mentee_id, mentor_id FROM regress.kinst_keep WHERE inst = %s', i.inst),
	forbid => format('SELECT mentee_id, mentor_id FROM regress.kinst_forbid WHERE inst = %s', i.inst)) r;
-- kept pairs are in the result as kept, with their candidate score or NULL
SELECT count(*) AS kept_pairs,
	   count(*) FILTER (WHERE r.mentee_id IS NULL OR r.mentor_id <> k.mentor_id OR r.reason <> 'kept'
						OR r.score IS DISTINCT FROM e.score) AS kept_wrong
FROM regress.kinst_keep k
CROSS JOIN (VALUES ('coverage'), ('total'), ('fair')) o(objective)
LEFT JOIN regress.kinst_result r ON r.inst = k.inst AND r.objective = o.objective AND r.mentee_id = k.mentee_id
LEFT JOIN regress.kinst_edge e ON e.inst = k.inst AND e.mentee_id = k.mentee_id AND e.mentor_id = k.mentor_id;
-- never a forbidden pair; capacities held with the kept seats
SELECT count(*) AS forbidden_proposed FROM regress.kinst_result r
JOIN regress.kinst_forbid f USING (inst, mentee_id, mentor_id);
SELECT count(*) AS over_capacity FROM
	(SELECT r.inst, r.objective, r.mentor_id, count(*) AS n, min(k.capacity) AS cap
	 FROM regress.kinst_result r JOIN regress.kinst_cap k USING (inst, mentor_id)
	 GROUP BY 1, 2, 3) t WHERE n > cap;
-- optimal around the kept pairs
SELECT r.objective, count(*) AS instances,
	   count(*) FILTER (WHERE CASE r.objective
		   WHEN 'coverage' THEN got[1] <> best.coverage[1] OR abs(got[2] - best.coverage[2]) > 1e-9
		   WHEN 'total' THEN abs(got[2] - best.total) > 1e-9
		   ELSE got[1] <> best.fair[1] OR abs(got[3] - best.fair[2]) > 1e-9
				OR abs(got[2] - best.fair[3]) > 1e-9 END) AS not_optimal
FROM (SELECT inst, objective,
			 array[count(mentor_id) FILTER (WHERE reason IS NULL), coalesce(sum(score) FILTER (WHERE reason IS NULL), 0),
				   coalesce(min(score) FILTER (WHERE reason IS NULL), 0)]::float8[] AS got
	  FROM regress.kinst_result GROUP BY 1, 2) r
JOIN regress.kinst_best best USING (inst)
GROUP BY r.objective ORDER BY r.objective;
-- a solver that ignored keep would differ: the kept pairs are poor
SELECT count(*) AS instances_where_keep_changes_the_answer
FROM regress.kinst i
WHERE EXISTS (SELECT 1 FROM regress.kinst_keep k WHERE k.inst = i.inst)
  AND (SELECT coalesce(sum(score), 0) FROM assign(
		   format('SELECT mentee_id, mentor_id, score FROM regress.kinst_edge WHERE inst = %s', i.inst),
		   format('SELECT mentor_id, capacity FROM regress.kinst_cap WHERE inst = %s', i.inst), 'total', i.min_score,
		   forbid => format('SELECT mentee_id, mentor_id FROM regress.kinst_forbid WHERE inst = %s', i.inst)))
	  <> (SELECT coalesce(sum(score), 0) FROM regress.kinst_result r WHERE r.inst = i.inst AND r.objective = 'total');

-- match() with keep, forbid and rules equals assign() over score() with
-- the same pairs removed by hand, on a cohort of 60 x 20
CREATE TABLE regress.op_cohort AS
SELECT i AS id, CASE WHEN i <= 60 THEN 'mentee' ELSE 'mentor' END AS role,
	   profile(id => i, skills => skillset(ARRAY['s' || i % 7, 't' || i % 3], ARRAY[1 + i % 5, 1 + i % 4]),
			   goals => skillset(ARRAY['s' || (i * 3) % 7], ARRAY[2 + i % 3]),
			   grade => CASE WHEN i <= 60 THEN 1 + i % 4 ELSE 3 + i % 6 END,
			   languages => (ARRAY['{en}', '{de}', '{en,de}', '{fr}'])[1 + i % 4]::text[],
			   utc_offset => 60 * (i % 11 - 5),
			   manager_chain => ARRAY[1000 + i % 9]::bigint[],
			   tags => ARRAY['department:' || (ARRAY['data', 'web', 'ops'])[1 + i % 3], 'site:' || (i % 2)]) AS profile
FROM generate_series(1, 80) i;
CREATE TABLE regress.op_forbid AS
SELECT e.id AS mentee_id, m.id AS mentor_id FROM regress.op_cohort e, regress.op_cohort m
WHERE e.role = 'mentee' AND m.role = 'mentor' AND (hashint4(e.id * 131 + m.id) & 7) = 0
UNION ALL SELECT 5000, 61;		-- not in the input: ignored
CREATE TABLE regress.op_keep AS
SELECT e AS mentee_id, 61 + e % 20 AS mentor_id FROM generate_series(1, 5) e;
DELETE FROM regress.op_forbid f USING regress.op_keep k WHERE (f.mentee_id, f.mentor_id) = (k.mentee_id, k.mentor_id);
CREATE TABLE regress.op_by_match AS
SELECT * FROM match('SELECT id, profile FROM regress.op_cohort WHERE role = ''mentee''',
					'SELECT id, profile, 3 AS capacity FROM regress.op_cohort WHERE role = ''mentor''',
					keep => 'SELECT * FROM regress.op_keep', forbid => 'SELECT * FROM regress.op_forbid',
					rules => '{shared_language,max_hours_apart=4,different:department}', min_score => 0.3);
CREATE TABLE regress.op_by_assign AS
SELECT * FROM assign(
	$$SELECT e.id AS mentee_id, m.id AS mentor_id, score(m.profile, e.profile) AS score
	  FROM regress.op_cohort e, regress.op_cohort m
	  WHERE e.role = 'mentee' AND m.role = 'mentor' AND score(m.profile, e.profile) IS NOT NULL
		AND conflicts(m.profile, e.profile) = '{}'
		AND (m.profile).languages && (e.profile).languages
		AND least(abs((m.profile).utc_offset - (e.profile).utc_offset) % 1440,
				  1440 - abs((m.profile).utc_offset - (e.profile).utc_offset) % 1440) <= 240
		AND NOT EXISTS (SELECT 1 FROM unnest((m.profile).tags) a, unnest((e.profile).tags) b
						WHERE a = b AND a LIKE 'department:%')$$,
	$$SELECT id AS mentor_id, 3 AS capacity FROM regress.op_cohort WHERE role = 'mentor'$$,
	min_score => 0.3, keep => 'SELECT * FROM regress.op_keep', forbid => 'SELECT * FROM regress.op_forbid');
SELECT (SELECT count(*) FROM regress.op_by_match WHERE reason IS NULL) AS proposed,
	   (SELECT count(*) FROM regress.op_by_match WHERE reason = 'kept') AS kept,
	   abs((SELECT sum(score) FROM regress.op_by_match WHERE reason IS NULL)
		   - (SELECT sum(score) FROM regress.op_by_assign WHERE reason IS NULL)) < 1e-9 AS same_total,
	   (SELECT count(*) FROM regress.op_by_match WHERE reason IS NULL)
		   = (SELECT count(*) FROM regress.op_by_assign WHERE reason IS NULL) AS same_count;
-- every rule holds on every proposed pair, no forbidden pair is proposed
SELECT count(*) FILTER (WHERE NOT ((m.profile).languages && (e.profile).languages)) AS language_broken,
	   count(*) FILTER (WHERE least(abs((m.profile).utc_offset - (e.profile).utc_offset) % 1440,
									1440 - abs((m.profile).utc_offset - (e.profile).utc_offset) % 1440) > 240) AS hours_broken,
	   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM unnest((m.profile).tags) a, unnest((e.profile).tags) b
									  WHERE a = b AND a LIKE 'department:%')) AS department_broken,
	   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM regress.op_forbid f
									  WHERE (f.mentee_id, f.mentor_id) = (r.mentee_id, r.mentor_id))) AS forbidden
FROM regress.op_by_match r
JOIN regress.op_cohort e ON e.id = r.mentee_id JOIN regress.op_cohort m ON m.id = r.mentor_id
WHERE r.reason IS NULL;
-- an unmatched mentee's reasons name only what removed its candidates
SELECT reason, reasons, count(*) FROM regress.op_by_match WHERE mentor_id IS NULL GROUP BY 1, 2 ORDER BY 1, 2;

DROP TABLE regress.op_cohort, regress.op_forbid, regress.op_keep, regress.op_by_match, regress.op_by_assign,
	regress.kinst, regress.kinst_edge, regress.kinst_cap, regress.kinst_keep, regress.kinst_forbid,
	regress.kinst_all, regress.kinst_best, regress.kinst_result;
DROP FUNCTION regress.op_match;
DROP VIEW regress.op_mentees, regress.op_mentors;
DROP TABLE regress.op_people;
