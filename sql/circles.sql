-- circles(mentees, mentors, min_size, max_size, cohesion, weights, exclude,
-- forbid, rules): each mentor leads at most one circle of min_size ..
-- max_size mentees, the scores plus cohesion times the mean peer fits
-- highest.  Checked against every assignment in PL/pgSQL on small random
-- rounds (capacities, forbidden pairs, rules, weights), then the edges and
-- the errors.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
SET client_min_messages = warning;
\i test/fixtures/score_oracle.sql
\i test/fixtures/peer_oracle.sql
RESET client_min_messages;
\set ECHO all

-- whether two members may share a circle: shared_language and
-- max_hours_apart hold between members, the other rules do not
CREATE FUNCTION pg_temp.member_rule_holds(rule text, a profile, b profile) RETURNS boolean
LANGUAGE sql IMMUTABLE
RETURN rule <> 'shared_language' AND rule NOT LIKE 'max_hours_apart=%'
	   OR oracle.rule_holds(rule, a, b);

-- The cases: seed, mentees, mentors, sizes, cohesion, a share of pairs
-- forbidden, rules, weights, mentor capacities (NULL: no column)
CREATE TABLE regress.mc_cases (case_id int, seed int, n int, k int, min_size int, max_size int,
							   cohesion float8, forbid_share float8, rules text[], weights jsonb,
							   caps int[]);
INSERT INTO regress.mc_cases VALUES
	(1, 11, 6, 2, 3, 6, 0.5, 0, NULL, NULL, NULL),
	(2, 12, 7, 2, 2, 4, 0.5, 0, NULL, NULL, NULL),
	(3, 13, 7, 3, 2, 3, 1.0, 0, NULL, NULL, NULL),
	(4, 14, 6, 3, 1, 2, 0.5, 0, NULL, NULL, NULL),
	(5, 15, 7, 3, 3, 6, 2.0, 0, NULL, NULL, NULL),
	(6, 16, 5, 3, 2, 2, 0.0, 0, NULL, NULL, NULL),
	(7, 17, 7, 2, 3, 4, 3.0, 0.2, NULL, NULL, NULL),
	(8, 18, 6, 3, 2, 4, 0.5, 0.3, NULL, NULL, NULL),
	(9, 19, 7, 3, 2, 5, 1.0, 0, '{shared_language}', NULL, NULL),
	(10, 20, 6, 2, 2, 6, 1.0, 0, '{max_hours_apart=6}', NULL, NULL),
	(11, 21, 7, 3, 2, 4, 0.5, 0, '{different:site}', NULL, NULL),
	(12, 22, 6, 3, 2, 3, 0.5, 0, NULL, '{"skills": 3, "unknown": "mean"}', NULL),
	(13, 23, 7, 3, 2, 6, 0.8, 0, NULL, NULL, '{2,5,1}'),
	(14, 24, 7, 3, 3, 6, 0.5, 0, NULL, NULL, '{6,2,4}'),
	(15, 25, 5, 2, 4, 6, 0.5, 0, NULL, NULL, NULL),
	(16, 26, 8, 2, 3, 4, 1.5, 0.1, '{max_hours_apart=9}', NULL, NULL),
	(17, 27, 7, 3, 1, 3, 4.0, 0, NULL, NULL, NULL),
	(18, 28, 6, 3, 2, 3, 10.0, 0, '{shared_language}', NULL, NULL),
	(19, 29, 7, 2, 2, 7, 0.3, 0.15, NULL, NULL, '{3,0}'),
	(20, 30, 8, 2, 2, 3, 1.0, 0, NULL, NULL, NULL);
CREATE TABLE regress.mc_mentees AS
SELECT c.case_id, i AS id, oracle.random_profile(c.seed, i) AS profile
FROM regress.mc_cases c, generate_series(1, c.n) i;
CREATE TABLE regress.mc_mentors AS
SELECT c.case_id, 100 + j AS id, oracle.random_profile(c.seed + 500, 100 + j) AS profile,
	   c.caps[j] AS capacity
FROM regress.mc_cases c, generate_series(1, c.k) j;
CREATE TABLE regress.mc_forbid AS
SELECT c.case_id, i AS mentee_id, 100 + j AS mentor_id
FROM regress.mc_cases c, generate_series(1, c.n) i, generate_series(1, c.k) j
WHERE oracle.draw(c.seed, i * 100 + j, 77) < c.forbid_share;

CREATE FUNCTION pg_temp.q(what text, case_no int) RETURNS text
LANGUAGE sql RETURN CASE what
	WHEN 'mentees' THEN format('SELECT id, profile FROM regress.mc_mentees WHERE case_id = %s', case_no)
	WHEN 'mentors' THEN CASE WHEN (SELECT caps IS NULL FROM regress.mc_cases WHERE case_id = case_no)
		THEN format('SELECT id, profile FROM regress.mc_mentors WHERE case_id = %s', case_no)
		ELSE format('SELECT id, profile, capacity FROM regress.mc_mentors WHERE case_id = %s', case_no) END
	WHEN 'plain_mentors' THEN format('SELECT id, profile FROM regress.mc_mentors WHERE case_id = %s', case_no)
	ELSE format('SELECT mentee_id, mentor_id FROM regress.mc_forbid WHERE case_id = %s', case_no) END;

-- circles on a case, into mc_solved
CREATE TABLE regress.mc_solved (case_id int, ord bigint, mentor_id bigint, mentee_id bigint,
								score float8, cohesion float8, reason text);
INSERT INTO regress.mc_solved
SELECT c.case_id, s.ordinality, s.mentor_id, s.mentee_id, s.score, s.cohesion, s.reason
FROM regress.mc_cases c,
	LATERAL circles(pg_temp.q('mentees', c.case_id), pg_temp.q('mentors', c.case_id),
					c.min_size, c.max_size, c.cohesion, c.weights,
					forbid => pg_temp.q('forbid', c.case_id), rules => c.rules) WITH ORDINALITY s;

-- The candidates and their scores, as recommend() has them (the same
-- conflicts, forbidden pairs and rules); the peer fits (unknown: 0); which
-- members may be together.
CREATE FUNCTION pg_temp.best(n int, k int, lo int, cap int[], coh float8, sc float8[], fit float8[],
							 ok boolean[], i int, cur int[], cnt int[])
RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
	best float8;
	v float8;
	c int;
	j int;
	l int;
	fine boolean;
	s float8;
	f float8;
BEGIN
	IF i > n THEN
		v := 0;
		FOR c IN 1 .. k LOOP
			CONTINUE WHEN cnt[c] = 0;
			IF cnt[c] < lo THEN
				RETURN NULL;
			END IF;
			s := 0;
			f := 0;
			FOR j IN 1 .. n LOOP
				CONTINUE WHEN cur[j] <> c;
				s := s + sc[(j - 1) * k + c];
				FOR l IN j + 1 .. n LOOP
					IF cur[l] = c THEN
						f := f + fit[(j - 1) * n + l];
					END IF;
				END LOOP;
			END LOOP;
			v := v + s + CASE WHEN cnt[c] > 1 THEN coh * 2 * f / (cnt[c] - 1) ELSE 0 END;
		END LOOP;
		RETURN v;
	END IF;
	cur[i] := 0;
	best := pg_temp.best(n, k, lo, cap, coh, sc, fit, ok, i + 1, cur, cnt);
	FOR c IN 1 .. k LOOP
		CONTINUE WHEN sc[(i - 1) * k + c] IS NULL OR cnt[c] >= cap[c];
		fine := true;
		FOR j IN 1 .. i - 1 LOOP
			IF cur[j] = c AND NOT ok[(i - 1) * n + j] THEN
				fine := false;
			END IF;
		END LOOP;
		CONTINUE WHEN NOT fine;
		cur[i] := c;
		cnt[c] := cnt[c] + 1;
		v := pg_temp.best(n, k, lo, cap, coh, sc, fit, ok, i + 1, cur, cnt);
		IF v IS NOT NULL AND (best IS NULL OR v > best) THEN
			best := v;
		END IF;
		cnt[c] := cnt[c] - 1;
	END LOOP;
	RETURN best;
END
$$;

CREATE FUNCTION pg_temp.brute(case_no int) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
	c regress.mc_cases;
	sc float8[];
	fit float8[];
	ok boolean[];
	cap int[];
BEGIN
	SELECT * INTO c FROM regress.mc_cases WHERE case_id = case_no;
	SELECT array_agg(r.score ORDER BY e.id, m.id) INTO sc
	FROM regress.mc_mentees e CROSS JOIN regress.mc_mentors m
	LEFT JOIN recommend(pg_temp.q('mentees', case_no), pg_temp.q('plain_mentors', case_no), 100, c.weights,
						forbid => pg_temp.q('forbid', case_no), rules => c.rules) r
		ON r.mentee_id = e.id AND r.mentor_id = m.id
	WHERE e.case_id = case_no AND m.case_id = case_no;
	SELECT array_agg(coalesce(peer_fit(a.profile, b.profile), 0) ORDER BY a.id, b.id),
		   array_agg(coalesce((SELECT bool_and(pg_temp.member_rule_holds(rule, a.profile, b.profile))
							   FROM unnest(c.rules) rule), true) ORDER BY a.id, b.id)
	INTO fit, ok
	FROM regress.mc_mentees a JOIN regress.mc_mentees b ON a.case_id = b.case_id
	WHERE a.case_id = case_no;
	SELECT array_agg(least(coalesce(m.capacity, c.max_size), c.max_size) ORDER BY m.id) INTO cap
	FROM regress.mc_mentors m WHERE m.case_id = case_no;
	RETURN pg_temp.best(c.n, c.k, c.min_size, cap, c.cohesion, sc, fit, ok, 1,
						array_fill(0, ARRAY[c.n]), array_fill(0, ARRAY[c.k]));
END
$$;

-- the objective of circles' answer: the scores plus cohesion times the
-- cohesion column, against the best over every assignment
SELECT c.case_id, c.n, c.k, c.min_size, c.max_size, c.cohesion, c.rules, c.caps,
	   round(s.total::numeric, 9) = round(pg_temp.brute(c.case_id)::numeric, 9) AS optimal,
	   s.matched
FROM regress.mc_cases c,
	LATERAL (SELECT coalesce(sum(score), 0) + c.cohesion * coalesce(sum(cohesion), 0) AS total,
					count(mentor_id) AS matched
			 FROM regress.mc_solved x WHERE x.case_id = c.case_id) s
ORDER BY c.case_id;

-- every answer: each mentee once, in order, circles of min_size .. the
-- mentor's maximum, every pair a candidate with recommend's score, the
-- members allowed together, cohesion the mean peer fit with the others
SELECT bool_and(once) AS each_mentee_once, bool_and(ordered) AS ordered, bool_and(sized) AS sized
FROM (SELECT c.case_id,
			 (SELECT count(*) = c.n AND count(DISTINCT mentee_id) = c.n FROM regress.mc_solved x WHERE x.case_id = c.case_id) AS once,
			 (SELECT array_agg(ord ORDER BY mentor_id NULLS LAST, mentee_id) = array_agg(ord ORDER BY ord)
			  FROM regress.mc_solved x WHERE x.case_id = c.case_id) AS ordered,
			 (SELECT coalesce(bool_and(z.m BETWEEN c.min_size AND least(c.max_size, coalesce(mm.capacity, c.max_size))), true)
			  FROM (SELECT mentor_id, count(*) AS m FROM regress.mc_solved x
					WHERE x.case_id = c.case_id AND mentor_id IS NOT NULL GROUP BY mentor_id) z
			  JOIN regress.mc_mentors mm ON mm.case_id = c.case_id AND mm.id = z.mentor_id) AS sized
	  FROM regress.mc_cases c) t;
SELECT count(*) AS pairs,
	   count(*) FILTER (WHERE r.score IS DISTINCT FROM x.score) AS not_a_candidate
FROM regress.mc_solved x JOIN regress.mc_cases c ON c.case_id = x.case_id
LEFT JOIN LATERAL recommend(pg_temp.q('mentees', c.case_id), pg_temp.q('plain_mentors', c.case_id), 100, c.weights,
							forbid => pg_temp.q('forbid', c.case_id), rules => c.rules) r
	ON r.mentee_id = x.mentee_id AND r.mentor_id = x.mentor_id
WHERE x.mentor_id IS NOT NULL;
SELECT count(*) FILTER (WHERE NOT pg_temp.member_rule_holds(rule, a.profile, b.profile)) AS members_breaking_a_rule
FROM regress.mc_solved x JOIN regress.mc_solved y ON x.case_id = y.case_id AND x.mentor_id = y.mentor_id
	AND x.mentee_id < y.mentee_id
JOIN regress.mc_cases c ON c.case_id = x.case_id
JOIN regress.mc_mentees a ON a.case_id = x.case_id AND a.id = x.mentee_id
JOIN regress.mc_mentees b ON b.case_id = x.case_id AND b.id = y.mentee_id,
	unnest(coalesce(c.rules, '{}')) rule;
SELECT count(*) AS matched,
	   count(*) FILTER (WHERE x.cohesion IS DISTINCT FROM m.fit AND coalesce(NOT abs(x.cohesion - m.fit) <= 1e-12, true)) AS cohesion_differs
FROM regress.mc_solved x JOIN LATERAL (
	SELECT CASE WHEN count(f) > 0 THEN sum(coalesce(f, 0)) / count(*) END AS fit
	FROM (SELECT peer_fit(a.profile, b.profile) AS f
		  FROM regress.mc_solved y
		  JOIN regress.mc_mentees a ON a.case_id = y.case_id AND a.id = x.mentee_id
		  JOIN regress.mc_mentees b ON b.case_id = y.case_id AND b.id = y.mentee_id
		  WHERE y.case_id = x.case_id AND y.mentor_id = x.mentor_id AND y.mentee_id <> x.mentee_id) z) m ON true
WHERE x.mentor_id IS NOT NULL;
SELECT reason, count(*) FROM regress.mc_solved WHERE mentor_id IS NULL GROUP BY reason ORDER BY reason;

-- an exact round says so at DEBUG1
SET client_min_messages = debug1;
SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1));
RESET client_min_messages;

-- a larger round: 300 mentees, 60 mentors (a search): sizes, candidates,
-- the member rule, no worse than pairs first, the same answer in another
-- order of the input
CREATE TABLE regress.mc_large_mentees AS
SELECT i AS id, oracle.random_profile(99, i) AS profile FROM generate_series(1, 300) i;
CREATE TABLE regress.mc_large_mentors AS
SELECT 1000 + j AS id, oracle.random_profile(98, 1000 + j) AS profile, 2 + j % 5 AS capacity
FROM generate_series(1, 60) j;
CREATE TEMP TABLE mc_large_1 AS
SELECT * FROM circles('SELECT id, profile FROM regress.mc_large_mentees',
					  'SELECT id, profile, capacity FROM regress.mc_large_mentors', rules => '{max_hours_apart=5}');
CREATE TEMP TABLE mc_large_2 AS
SELECT * FROM circles('SELECT id, profile FROM regress.mc_large_mentees ORDER BY id DESC',
					  'SELECT id, profile, capacity FROM regress.mc_large_mentors ORDER BY id DESC', rules => '{max_hours_apart=5}');
SELECT count(*) AS mentees, count(DISTINCT mentee_id) AS distinct_mentees, count(mentor_id) AS matched,
	   (SELECT bool_and(m BETWEEN 3 AND least(6, mm.capacity))
		FROM (SELECT mentor_id, count(*) AS m FROM mc_large_1 WHERE mentor_id IS NOT NULL GROUP BY mentor_id) z
		JOIN regress.mc_large_mentors mm ON mm.id = z.mentor_id) AS sized,
	   (SELECT count(*) FROM (TABLE mc_large_1 EXCEPT TABLE mc_large_2) d) AS differ_in_another_order
FROM mc_large_1;
SELECT count(*) FILTER (WHERE NOT pg_temp.member_rule_holds('max_hours_apart=5', a.profile, b.profile)) AS members_apart
FROM mc_large_1 x JOIN mc_large_1 y ON x.mentor_id = y.mentor_id AND x.mentee_id < y.mentee_id
JOIN regress.mc_large_mentees a ON a.id = x.mentee_id JOIN regress.mc_large_mentees b ON b.id = y.mentee_id;
-- no worse than pairs first: match with seats of 6, grouped as they come
-- (circles under 3 left out), scored the same way
SELECT (SELECT sum(score) + 0.5 * sum(coalesce(cohesion, 0)) FROM mc_large_1)
	   >= (SELECT sum(p.score) FROM match('SELECT id, profile FROM regress.mc_large_mentees',
										  'SELECT id, profile, least(capacity, 6) AS capacity FROM regress.mc_large_mentors') p
		   WHERE p.mentor_id IN (SELECT mentor_id FROM match('SELECT id, profile FROM regress.mc_large_mentees',
										  'SELECT id, profile, least(capacity, 6) AS capacity FROM regress.mc_large_mentors') q
								 GROUP BY mentor_id HAVING count(*) >= 3)) AS beats_pairs_first_scores;

-- mentormatch.max_solver_memory: refused at a small limit (54000), the
-- figure it gives lets it run, one kB less does not
SELECT need IS NOT NULL AS refused, needed_kb(q, need) IS NULL AS runs_at_figure,
	   needed_kb(q, need - 1) IS NOT NULL AS refused_below_figure
FROM (VALUES ($q$SELECT count(*) FROM circles('SELECT id, profile FROM regress.mc_large_mentees', 'SELECT id, profile FROM regress.mc_large_mentors')$q$)) t(q),
	 LATERAL (SELECT needed_kb(q, 1024) AS need) n;
RESET mentormatch.max_solver_memory;

-- a cancel (here statement_timeout) stops a long solve at once
SET statement_timeout = '300ms';
SELECT count(*) FROM circles('SELECT i AS id, profile(goals => format(''data.ml:%s'', 1 + i % 5)::skillset,
	skills => format(''data.viz:%s, backend:%s'', 1 + i % 4, 1 + i % 3)::skillset, utc_offset => 60 * (i % 11), languages => ''{en}'') AS profile
	FROM generate_series(1, 8000) i',
	'SELECT 100000 + j AS id, profile(skills => format(''data.ml:%s'', 1 + j % 5)::skillset, languages => ''{en}'') AS profile
	FROM generate_series(1, 1500) j');
RESET statement_timeout;

-- the edges
-- no mentees; no mentors; fewer mentees than min_size
SELECT count(*) AS no_mentees FROM circles('SELECT id, profile FROM regress.mc_mentees WHERE false', pg_temp.q('mentors', 1));
SELECT * FROM circles(pg_temp.q('mentees', 1), 'SELECT id, profile FROM regress.mc_mentors WHERE false');
SELECT * FROM circles('SELECT id, profile FROM regress.mc_mentees WHERE case_id = 1 AND id <= 2', pg_temp.q('mentors', 1));
-- a mentor whose capacity is below min_size leads no circle
SELECT mentor_id, mentee_id, reason FROM circles(pg_temp.q('mentees', 1),
	'SELECT id, profile, 2 AS capacity FROM regress.mc_mentors WHERE case_id = 1');
SELECT mentor_id, count(*) FROM circles(pg_temp.q('mentees', 1),
	'SELECT id, profile, CASE WHEN id = 101 THEN 2 ELSE 6 END AS capacity FROM regress.mc_mentors WHERE case_id = 1')
GROUP BY mentor_id ORDER BY mentor_id;
-- no circle can form: 20000 mentees against no mentors, or against mentors
-- whose capacity is below min_size: at once, everyone unmatched (not a
-- level of recursion per mentee)
SET statement_timeout = '60s';
SELECT count(*) AS mentees, count(mentor_id) AS in_circles, min(reason), max(reason)
FROM circles('SELECT i AS id, profile(languages => ''{en}'') AS profile FROM generate_series(1, 20000) i',
	'SELECT id, profile FROM regress.mc_mentors WHERE false');
SELECT count(*) AS mentees, count(mentor_id) AS in_circles, min(reason), max(reason)
FROM circles('SELECT i AS id, profile(languages => ''{en}'') AS profile FROM generate_series(1, 20000) i',
	'SELECT 100000 + j AS id, profile(languages => ''{en}'') AS profile, 2 AS capacity FROM generate_series(1, 3) j', 3, 6);
-- a max_size beyond any int32 sum: as the number of mentees would be
SELECT (SELECT array_agg(row(mentor_id, mentee_id, reason) ORDER BY mentee_id)
		FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), 3, 2147483647)) IS NOT DISTINCT FROM
	   (SELECT array_agg(row(mentor_id, mentee_id, reason) ORDER BY mentee_id)
		FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), 3, 6)) AS max_size_huge_as_n;
-- circles of a billion: none can form, everyone unmatched at once
SELECT count(*) AS mentees, count(mentor_id) AS in_circles, min(reason), max(reason)
FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), 1000000000, 1000000000);
RESET statement_timeout;
-- 3 mentees, 200 mentors, each mentee's best 64 mentors its own: a circle
-- of 3 needs a mentor outside every mentee's best 64, so a round this
-- small keeps every candidate (the best such circle's scores: 3 x 0.55)
CREATE TABLE regress.mc_wide_mentees AS
SELECT i AS id, profile(goals => (ARRAY['data.ml:4', 'backend:4', 'design:4'])[i]::skillset, languages => '{en}') AS profile
FROM generate_series(1, 3) i;
CREATE TABLE regress.mc_wide_mentors AS
SELECT j AS id, profile(skills => CASE WHEN j <= 64 THEN 'data.ml:5' WHEN j <= 128 THEN 'backend:5'
		WHEN j <= 192 THEN 'design:5' END::skillset, languages => '{en}') AS profile
FROM generate_series(1, 200) j;
SELECT count(mentor_id) AS in_circles, count(DISTINCT mentor_id) AS circles,
	   abs(sum(c.score) - (SELECT max(s) FROM (SELECT sum(score(m.profile, e.profile)) AS s
		FROM regress.mc_wide_mentors m, regress.mc_wide_mentees e GROUP BY m.id) b)) < 1e-9 AS optimal
FROM circles('SELECT id, profile FROM regress.mc_wide_mentees', 'SELECT id, profile FROM regress.mc_wide_mentors',
	3, 3, cohesion => 0) c;
-- a forbidden pair and a conflict: never together, and the reasons
SELECT mentor_id, mentee_id, reason FROM circles(
	'SELECT i AS id, profile(id => i, languages => ''{en}'') AS profile FROM generate_series(1, 4) i',
	'SELECT 100 AS id, profile(id => 100, languages => ''{en}'') AS profile', 1, 3,
	forbid => 'SELECT 2 AS mentee_id, 100 AS mentor_id');
SELECT mentor_id, mentee_id, reason FROM circles(
	'SELECT i AS id, profile(id => i, languages => ''{en}'', manager_chain => CASE WHEN i = 3 THEN ARRAY[100::bigint] END) AS profile
	 FROM generate_series(1, 4) i',
	'SELECT 100 AS id, profile(id => 100, languages => ''{en}'') AS profile', 1, 3);
-- shared_language between members: two circles of the languages
SELECT mentor_id, array_agg(mentee_id ORDER BY mentee_id) AS members FROM circles(
	'SELECT i AS id, profile(id => i, languages => CASE WHEN i <= 3 THEN ''{en}'' ELSE ''{fr}'' END::text[]) AS profile
	 FROM generate_series(1, 6) i',
	'SELECT 100 + j AS id, profile(id => 100 + j, languages => ''{en,fr}'') AS profile FROM generate_series(1, 2) j',
	2, 4, rules => '{shared_language}')
GROUP BY mentor_id ORDER BY mentor_id;

-- errors
SELECT regress.try($$SELECT count(*) FROM circles('SELECT 1 AS id, profile() AS profile UNION ALL SELECT 1, profile()', 'SELECT 100 AS id, profile() AS profile')$$) AS duplicate_mentee,
	   regress.try($$SELECT count(*) FROM match('SELECT 1 AS id, profile() AS profile UNION ALL SELECT 1, profile()', 'SELECT 100 AS id, profile() AS profile')$$) AS as_match;
SELECT regress.try($$SELECT count(*) FROM circles('SELECT 1 AS id, profile() AS profile', 'SELECT 100 AS id, profile() AS profile UNION ALL SELECT 100, profile()')$$) AS duplicate_mentor;
SELECT regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), 0)$$) AS min_0,
	   regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), 4, 3)$$) AS max_below_min,
	   regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), cohesion => 'NaN')$$) AS cohesion_nan,
	   regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), cohesion => 'Infinity')$$) AS cohesion_inf,
	   regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), cohesion => -0.1)$$) AS cohesion_negative;
-- a cohesion so large that the totals would overflow; 1e6 still runs
SELECT regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), cohesion => 1e308)$$) AS cohesion_huge,
	   regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), cohesion => 1e6 + 1)$$) AS cohesion_above_max,
	   regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), cohesion => 1e6)$$) AS cohesion_max;
SELECT regress.try($$SELECT count(*) FROM circles(NULL, pg_temp.q('mentors', 1))$$) AS mentees_null,
	   regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), NULL)$$) AS min_null,
	   regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), 3, NULL)$$) AS max_null,
	   regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), cohesion => NULL)$$) AS cohesion_null;
SELECT regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), 'SELECT id, profile, 1 AS capacty FROM regress.mc_mentors')$$) AS misspelt_capacity,
	   regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), weights => '{"nope": 1}')$$) AS bad_weights,
	   regress.try($$SELECT count(*) FROM circles(pg_temp.q('mentees', 1), pg_temp.q('mentors', 1), rules => '{same:department}')$$) AS unknown_key;
