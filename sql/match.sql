-- match() and recommend(): scores equal to score(), conflicts never
-- proposed, the same optimum as assign() over a score() cross join,
-- reasons, errors.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- a cohort of random profiles
CREATE TABLE regress.cohort_mentors AS
SELECT 100 + i AS id,
	   profile(id => 100 + i,
			   skills => skillset(ARRAY['data.ml', 'backend.java', 'frontend.react', 'infra.k8s'],
								  ARRAY[1 + i % 5, 1 + (i * 3) % 5, 1 + (i * 7) % 5, 1 + (i * 2) % 5]),
			   style => workstyle(ARRAY['social', 'scope'], ARRAY[(i % 10) / 9.0, ((i * 7) % 10) / 9.0]::float8[]),
			   grade => 4 + i % 6, hours_per_month => (2 + i % 6)::real, utc_offset => 60 * (i % 4),
			   languages => CASE WHEN i % 9 = 0 THEN '{de}' ELSE '{en}' END::text[],
			   core_values => ARRAY['v' || (i % 4), 'v' || (i % 3)], support => '{skills,career}',
			   manager_chain => ARRAY[1, 10 + i % 5]::bigint[], projects => ARRAY['p' || (i % 7)],
			   trained => i % 4 > 0) AS profile,
	   1 + i % 3 AS capacity
FROM generate_series(1, 15) i;
CREATE TABLE regress.cohort_mentees AS
SELECT 1000 + i AS id,
	   profile(id => 1000 + i,
			   goals => skillset(ARRAY['data.ml', 'frontend.vue'], ARRAY[1 + (i * 5) % 5, 1 + i % 5]),
			   style => workstyle(ARRAY['social', 'scope'], ARRAY[((i * 3) % 10) / 9.0, (i % 10) / 9.0]::float8[]),
			   grade => 1 + i % 5, hours_per_month => (1 + i % 4)::real, utc_offset => -60 * (i % 6),
			   languages => '{en}', core_values => ARRAY['v' || (i % 5)], support => '{skills}',
			   manager_chain => ARRAY[1, 10 + i % 5]::bigint[], projects => ARRAY['p' || (i % 11)],
			   trained => true) AS profile
FROM generate_series(1, 40) i;

CREATE TABLE regress.matched AS
SELECT * FROM match('SELECT id, profile FROM regress.cohort_mentees',
					'SELECT id, profile, capacity FROM regress.cohort_mentors');
SELECT count(*) AS mentees, count(mentor_id) AS matched, count(*) FILTER (WHERE reason = 'capacity') AS capacity,
	   count(*) FILTER (WHERE reason = 'conflict') AS conflict, count(*) FILTER (WHERE reason = 'no_candidate') AS no_candidate
FROM regress.matched;
-- scores equal score() bit for bit, risk equals risk(), no conflict proposed, capacities held
SELECT count(*) FILTER (WHERE float8send(m.score) <> float8send(score(b.profile, e.profile))) AS score_differs,
	   count(*) FILTER (WHERE m.risk <> (risk(b.profile, e.profile)).level) AS risk_differs,
	   count(*) FILTER (WHERE conflicts(b.profile, e.profile) <> '{}') AS conflicted
FROM regress.matched m JOIN regress.cohort_mentors b ON b.id = m.mentor_id JOIN regress.cohort_mentees e ON e.id = m.mentee_id;
SELECT count(*) AS over_capacity
FROM (SELECT mentor_id, count(*) AS n FROM regress.matched WHERE mentor_id IS NOT NULL GROUP BY 1) t
JOIN regress.cohort_mentors b ON b.id = t.mentor_id WHERE n > b.capacity;
-- the same optimum as assign() over a score() cross join without conflicts
SELECT o.objective,
	   abs((SELECT coalesce(sum(score), 0) FROM match('SELECT id, profile FROM regress.cohort_mentees',
							'SELECT id, profile, capacity FROM regress.cohort_mentors', objective => o.objective))
		 - (SELECT coalesce(sum(score), 0) FROM assign(
			   'SELECT e.id AS mentee_id, m.id AS mentor_id, mentormatch.score(m.profile, e.profile) AS score
				FROM regress.cohort_mentees e, regress.cohort_mentors m
				WHERE mentormatch.conflicts(m.profile, e.profile) = ''{}''',
			   'SELECT id AS mentor_id, capacity FROM regress.cohort_mentors', o.objective))) < 1e-9 AS same_total,
	   (SELECT count(mentor_id) FROM match('SELECT id, profile FROM regress.cohort_mentees',
							'SELECT id, profile, capacity FROM regress.cohort_mentors', objective => o.objective))
	 = (SELECT count(mentor_id) FROM assign(
			   'SELECT e.id AS mentee_id, m.id AS mentor_id, mentormatch.score(m.profile, e.profile) AS score
				FROM regress.cohort_mentees e, regress.cohort_mentors m
				WHERE mentormatch.conflicts(m.profile, e.profile) = ''{}''',
			   'SELECT id AS mentor_id, capacity FROM regress.cohort_mentors', o.objective)) AS same_count
FROM (VALUES ('coverage'), ('total'), ('fair')) o(objective);
-- excluding nothing lets conflicted pairs through (the optimum over every pair)
SELECT count(*) FILTER (WHERE conflicts(b.profile, e.profile) <> '{}') > 0 AS conflicted_pairs_matched,
	   abs(sum(m.score) - (SELECT sum(score) FROM assign(
			   'SELECT e.id AS mentee_id, m.id AS mentor_id, mentormatch.score(m.profile, e.profile) AS score
				FROM regress.cohort_mentees e, regress.cohort_mentors m',
			   'SELECT id AS mentor_id, capacity FROM regress.cohort_mentors'))) < 1e-9 AS same_total
FROM match('SELECT id, profile FROM regress.cohort_mentees', 'SELECT id, profile, capacity FROM regress.cohort_mentors',
		   exclude => '{}') m
JOIN regress.cohort_mentors b ON b.id = m.mentor_id JOIN regress.cohort_mentees e ON e.id = m.mentee_id;
SELECT count(*) FILTER (WHERE 'same_team' = ANY (conflicts(b.profile, e.profile))) AS same_team
FROM match('SELECT id, profile FROM regress.cohort_mentees', 'SELECT id, profile, capacity FROM regress.cohort_mentors',
		   exclude => '{same_team}') m
JOIN regress.cohort_mentors b ON b.id = m.mentor_id JOIN regress.cohort_mentees e ON e.id = m.mentee_id;
-- weights and min_score move the result the way they should
SELECT count(*) FILTER (WHERE float8send(m.score) <> float8send(score(b.profile, e.profile, '{"skills": 1, "stage": 0}'))) AS weighted_differs,
	   min(m.score) >= 0.5 AS above_min
FROM match('SELECT id, profile FROM regress.cohort_mentees', 'SELECT id, profile, capacity FROM regress.cohort_mentors',
		   weights => '{"skills": 1, "stage": 0}', min_score => 0.5) m
JOIN regress.cohort_mentors b ON b.id = m.mentor_id JOIN regress.cohort_mentees e ON e.id = m.mentee_id;

-- every unmatched reason, on a constructed cohort
--	 mentee 1: its only qualifying mentor is its own manager   -> conflict
--	 mentee 2: nobody reaches min_score                          -> no_candidate
--	 mentees 3, 4: one good mentor with one seat                 -> one gets it, the other capacity
SELECT * FROM match(
	$$SELECT * FROM (VALUES
		(1, mentormatch.profile(id => 1, goals => 'x:3', manager_chain => '{50}')),
		(2, mentormatch.profile(id => 2, goals => 'zzz:3')),
		(3, mentormatch.profile(id => 3, goals => 'y:3', grade => 2)),
		(4, mentormatch.profile(id => 4, goals => 'y:3', grade => 4))) AS t(id, profile)$$,
	$$SELECT * FROM (VALUES
		(50, mentormatch.profile(id => 50, skills => 'x:5')),
		(60, mentormatch.profile(id => 60, skills => 'y:5', grade => 5))) AS t(id, profile)$$,
	min_score => 0.5);
-- capacity 0 takes nobody (reason capacity, as in assign); without a
-- capacity column every mentor takes one
SELECT * FROM match($$SELECT 1 AS id, mentormatch.profile(goals => 'y:3') AS profile$$,
					$$SELECT 60 AS id, mentormatch.profile(skills => 'y:5') AS profile, 0 AS capacity$$);
-- a qualifying mentor without seats and no conflict: capacity, not conflict
SELECT * FROM match($$SELECT 1 AS id, mentormatch.profile(grade => 2, manager_chain => '{5}') AS profile$$,
					$$SELECT * FROM (VALUES (5, mentormatch.profile(grade => 5), 1),
										(6, mentormatch.profile(grade => 5), 0)) AS t(id, profile, capacity)$$);
-- the only qualifying mentor, without seats, is the manager: conflict
SELECT * FROM match($$SELECT 1 AS id, mentormatch.profile(grade => 2, manager_chain => '{5}') AS profile$$,
					$$SELECT 5 AS id, mentormatch.profile(grade => 5) AS profile, 0 AS capacity$$);
-- the id column names a person whose profile has no id
SELECT * FROM match($$SELECT 7 AS id, mentormatch.profile(goals => 'y:3') AS profile$$,
					$$SELECT 7 AS id, mentormatch.profile(skills => 'y:5') AS profile$$);

-- bad input
SELECT q, try(format('SELECT count(*) FROM match(%L, %L)', q, 'SELECT id, profile FROM regress.cohort_mentors')) AS error
FROM unnest(ARRAY[
	'SELECT id FROM regress.cohort_mentees',
	'SELECT id AS mentee_id, profile FROM regress.cohort_mentees',
	'SELECT id, profile::text AS profile FROM regress.cohort_mentees',
	'SELECT id::text AS id, profile FROM regress.cohort_mentees',
	'SELECT NULL::bigint AS id, profile FROM regress.cohort_mentees',
	'SELECT id, NULL::mentormatch.profile AS profile FROM regress.cohort_mentees',
	'SELECT 1 AS id, mentormatch.profile(grade => 1) AS profile FROM regress.cohort_mentees',
	'SELECT 1 AS id, mentormatch.profile(hours_per_month => -1) AS profile',
	'SELECT 5 AS id, mentormatch.profile(id => 77) AS profile'
]) AS q;
SELECT q, try(format('SELECT count(*) FROM match(%L, %L)', 'SELECT id, profile FROM regress.cohort_mentees', q)) AS error
FROM unnest(ARRAY[
	'SELECT id, profile, -1 AS capacity FROM regress.cohort_mentors',
	'SELECT id, profile, NULL::int AS capacity FROM regress.cohort_mentors',
	'SELECT id, profile, 0.5 AS capacity FROM regress.cohort_mentors'
]) AS q;
-- an error about a query shows its whole text, however long (40 MB: see
-- assign.sql), for match() and recommend() as for assign()
SELECT fn, length(ctx) > 40000000 AS whole_text, position(' */' in ctx) > 0 AS ends_intact
FROM (VALUES ('match'), ('recommend')) AS f(fn),
LATERAL (SELECT regress.error_context(format('SELECT count(*) FROM %s(%L, %L)', fn,
	'SELECT 1 AS id, mentormatch.profile() AS profile UNION ALL SELECT 1, mentormatch.profile() /* '
	|| repeat('x', 40000000) || ' */', 'SELECT id, profile FROM regress.cohort_mentors')) AS ctx) c;

-- an invalid profile (made without profile(), which refuses it): the
-- error's context names the person and the query
SELECT regress.error_context($$SELECT count(*) FROM match('SELECT id, profile FROM regress.cohort_mentees',
	'SELECT 41 AS id, ROW(NULL, NULL, NULL, NULL, NULL, NULL, 5000, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::mentormatch.profile AS profile')$$) AS invalid_mentor;
SELECT regress.error_context($$SELECT count(*) FROM recommend('SELECT 8 AS id, ROW(NULL, NULL, NULL, NULL, NULL, ''NaN'', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::mentormatch.profile AS profile',
	'SELECT id, profile FROM regress.cohort_mentors')$$) AS invalid_mentee;
SELECT try($$SELECT count(*) FROM match('SELECT id, profile FROM regress.cohort_mentees', 'SELECT id, profile FROM regress.cohort_mentors', exclude => '{nepotism}')$$) AS bad_exclude;
SELECT try($$SELECT count(*) FROM match('SELECT id, profile FROM regress.cohort_mentees', 'SELECT id, profile FROM regress.cohort_mentors', weights => '{"luck": 1}')$$) AS bad_weights;
SELECT try($$SELECT count(*) FROM match('SELECT id, profile FROM regress.cohort_mentees', 'SELECT id, profile FROM regress.cohort_mentors', objective => 'max')$$) AS bad_objective;
SELECT try($$SELECT count(*) FROM match('SELECT id, profile FROM regress.cohort_mentees', NULL)$$) AS null_mentors;
SELECT count(*) AS no_mentees FROM match('SELECT id, profile FROM regress.cohort_mentees WHERE false', 'SELECT id, profile FROM regress.cohort_mentors');
SELECT count(*) AS no_mentors, count(*) FILTER (WHERE reason = 'no_candidate') AS all_no_candidate
FROM match('SELECT id, profile FROM regress.cohort_mentees', 'SELECT id, profile FROM regress.cohort_mentors WHERE false');

-- recommend: each mentee's top k eligible mentors, the same as sorting
-- score() over the eligible pairs, ties by lower mentor id
CREATE TABLE regress.recommended AS
SELECT * FROM recommend('SELECT id, profile FROM regress.cohort_mentees',
						'SELECT id, profile, capacity - (id % 4 = 0)::int AS capacity FROM regress.cohort_mentors', 3);
SELECT count(*) AS rows, count(DISTINCT mentee_id) AS mentees, max(rank) AS deepest FROM regress.recommended;
SELECT count(*) AS differs
FROM (SELECT e.id AS mentee_id, m.id AS mentor_id, score(m.profile, e.profile) AS score,
			 row_number() OVER (PARTITION BY e.id ORDER BY score(m.profile, e.profile) DESC, m.id) AS rank
	  FROM regress.cohort_mentees e, regress.cohort_mentors m
	  WHERE conflicts(m.profile, e.profile) = '{}' AND m.capacity - (m.id % 4 = 0)::int > 0
		AND score(m.profile, e.profile) IS NOT NULL) want
FULL JOIN regress.recommended got USING (mentee_id, rank)
WHERE (want.rank <= 3 OR got.rank IS NOT NULL)
  AND (want.mentor_id IS DISTINCT FROM got.mentor_id
	   OR float8send(want.score) IS DISTINCT FROM float8send(got.score));
-- ties: equal profiles rank by mentor id
SELECT * FROM recommend($$SELECT 1 AS id, mentormatch.profile(goals => 'y:3') AS profile$$,
						$$SELECT * FROM (VALUES (30, mentormatch.profile(skills => 'y:5')), (10, mentormatch.profile(skills => 'y:5')),
											  (20, mentormatch.profile(skills => 'y:5')), (40, mentormatch.profile(skills => 'y:1'))) t(id, profile)$$,
						k => 3);
SELECT count(*) AS k_zero FROM recommend('SELECT id, profile FROM regress.cohort_mentees', 'SELECT id, profile FROM regress.cohort_mentors', 0);
SELECT count(*) AS k_large FROM recommend('SELECT id, profile FROM regress.cohort_mentees WHERE id = 1001', 'SELECT id, profile FROM regress.cohort_mentors', 100, exclude => '{}');
SELECT try($$SELECT count(*) FROM recommend('SELECT id, profile FROM regress.cohort_mentees', 'SELECT id, profile FROM regress.cohort_mentors', -1)$$) AS negative_k;
SELECT try($$SELECT count(*) FROM recommend('SELECT id, profile FROM regress.cohort_mentees', 'SELECT id, profile FROM regress.cohort_mentors', NULL)$$) AS null_k;

-- many distinct names across the cohort (projects), beyond a few thousand;
-- every pair is scored (min_score 1 keeps the solve trivial)
SELECT count(*) AS mentees, count(*) FILTER (WHERE reason = 'no_candidate') AS no_candidate
FROM match($$SELECT g AS id, mentormatch.profile(grade => 1, projects => ARRAY['project-' || g]) AS profile
			 FROM generate_series(1, 3000) g$$,
		   $$SELECT 10000 + g AS id, mentormatch.profile(grade => 3, projects => ARRAY['other-' || g]) AS profile, 3 AS capacity
			 FROM generate_series(1, 2000) g$$, min_score => 1);

-- cancel: a long match stops on statement_timeout inside its C loops,
-- and the next call works
CREATE TABLE regress.many_mentees AS
SELECT i AS id, profile(id => i, goals => format('g%s.x:3', i % 7)::skillset, grade => 1 + i % 4,
						core_values => ARRAY['v' || (i % 5)]) AS profile
FROM generate_series(1, 6000) i;
CREATE TABLE regress.many_mentors AS
SELECT 100000 + i AS id, profile(id => 100000 + i, skills => format('g%s.x:4', i % 7)::skillset, grade => 4 + i % 4,
								 core_values => ARRAY['v' || (i % 3)]) AS profile
FROM generate_series(1, 2000) i;
SET statement_timeout = '200ms';
SELECT count(*) FROM match('SELECT id, profile FROM regress.many_mentees', 'SELECT id, profile FROM regress.many_mentors');
RESET statement_timeout;
SELECT count(*) AS matched_after_cancel
FROM match('SELECT id, profile FROM regress.many_mentees WHERE id <= 10', 'SELECT id, profile FROM regress.many_mentors WHERE id <= 100010')
WHERE mentor_id IS NOT NULL;

DROP TABLE regress.cohort_mentors, regress.cohort_mentees, regress.matched, regress.recommended,
	regress.many_mentees, regress.many_mentors;
