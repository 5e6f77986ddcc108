-- objective => 'parity' in assign() and match(): the highest lowest matched
-- rate over the mentees' groups, then the most matched, then the highest
-- total, against an exhaustive search on random rounds; a NULL group is
-- unknown; one group, all NULL, no mentees, a group without a mentor, kept
-- and forbidden pairs, min_score; what coverage leaves and parity lifts;
-- errors.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- pa_best(candidates, capacities, groups[, keep]): by exhaustive search over
-- every assignment within the seats, the best lowest rate over the groups
-- (kept mentees count as matched), then the most matched, then the highest
-- total of the pairs proposed.  The mentees are those of the candidates
-- and kept pairs, as assign() has them; groups (mentee_id, "group") gives
-- their groups, a NULL group or a mentee it leaves out is unknown.
CREATE FUNCTION regress.pa_best(cands text, caps text, grps text, keep text DEFAULT NULL,
								OUT rate float8, OUT matched int, OUT total float8)
LANGUAGE plpgsql AS $$
DECLARE
	mentees bigint[];
	grp text[];
	names text[];
	gsize int[];
	gbase int[];
	mentors bigint[];
	cap int[];
	kept_m bigint[] := '{}';
	kept_c bigint[] := '{}';
	cm int[];
	cc int[];
	cs float8[];
	first int[];
	nopt int[];
	n int;
	g int;
	i int;
	combo bigint;
	prod bigint := 1;
	digit int;
	rest bigint;
	used int[];
	got int[];
	cnt int;
	tot float8;
	r float8;
	ok boolean;
BEGIN
	IF keep IS NOT NULL THEN
		EXECUTE format('SELECT coalesce(array_agg(mentee_id), ''{}''), coalesce(array_agg(mentor_id), ''{}'') FROM (%s) k', keep)
		   INTO kept_m, kept_c;
	END IF;
	-- the mentees are those of the candidates and the kept pairs, as assign's
	EXECUTE format('SELECT array_agg(m.mentee_id ORDER BY m.mentee_id), array_agg(coalesce(g."group", %L) ORDER BY m.mentee_id)
					  FROM (SELECT mentee_id FROM (%s) a UNION SELECT unnest(%L::bigint[])) m
					  LEFT JOIN (%s) g USING (mentee_id)',
				   'unknown', cands, kept_m, grps) INTO mentees, grp;
	n := coalesce(array_length(mentees, 1), 0);
	SELECT array_agg(DISTINCT x) INTO names FROM unnest(grp) x;
	gsize := array_fill(0, ARRAY[coalesce(array_length(names, 1), 1)]);
	FOR i IN 1 .. n LOOP
		g := array_position(names, grp[i]);
		gsize[g] := gsize[g] + 1;
	END LOOP;
	EXECUTE format('SELECT array_agg(DISTINCT m) FROM (SELECT mentor_id AS m FROM (%s) a UNION SELECT unnest(%L::bigint[])) x',
				   cands, kept_c) INTO mentors;
	cap := array_fill(1, ARRAY[coalesce(array_length(mentors, 1), 1)]);
	IF caps IS NOT NULL THEN
		FOR i IN 1 .. coalesce(array_length(mentors, 1), 0) LOOP
			EXECUTE format('SELECT capacity FROM (%s) c WHERE mentor_id = %s', caps, mentors[i]) INTO g;
			IF g IS NOT NULL THEN
				cap[i] := g;
			END IF;
		END LOOP;
	END IF;
	-- kept pairs: matched in their group, a seat taken, no choice
	gbase := array_fill(0, ARRAY[coalesce(array_length(names, 1), 1)]);
	FOR i IN 1 .. coalesce(array_length(kept_m, 1), 0) LOOP
		g := array_position(names, grp[array_position(mentees, kept_m[i])]);
		gbase[g] := gbase[g] + 1;
		cap[array_position(mentors, kept_c[i])] := cap[array_position(mentors, kept_c[i])] - 1;
	END LOOP;
	-- each mentee's options: none, or one of its candidates
	EXECUTE format('SELECT array_agg(array_position(%L::bigint[], mentee_id) ORDER BY mentee_id, mentor_id),
						   array_agg(array_position(%L::bigint[], mentor_id) ORDER BY mentee_id, mentor_id),
						   array_agg(score::float8 ORDER BY mentee_id, mentor_id)
					  FROM (%s) a WHERE mentee_id <> ALL (%L::bigint[])', mentees, mentors, cands, kept_m)
	   INTO cm, cc, cs;
	first := array_fill(0, ARRAY[greatest(n, 1)]);
	nopt := array_fill(1, ARRAY[greatest(n, 1)]);
	FOR i IN 1 .. coalesce(array_length(cm, 1), 0) LOOP
		IF first[cm[i]] = 0 THEN
			first[cm[i]] := i;
		END IF;
		nopt[cm[i]] := nopt[cm[i]] + 1;
	END LOOP;
	FOR i IN 1 .. n LOOP
		prod := prod * nopt[i];
	END LOOP;
	rate := -1;
	FOR combo IN 0 .. prod - 1 LOOP
		used := array_fill(0, ARRAY[coalesce(array_length(mentors, 1), 1)]);
		got := gbase;
		cnt := 0;
		tot := 0;
		ok := true;
		rest := combo;
		FOR i IN 1 .. n LOOP
			digit := rest % nopt[i];
			rest := rest / nopt[i];
			IF digit > 0 THEN
				g := first[i] + digit - 1;
				used[cc[g]] := used[cc[g]] + 1;
				IF used[cc[g]] > cap[cc[g]] THEN
					ok := false;
					EXIT;
				END IF;
				got[array_position(names, grp[i])] := got[array_position(names, grp[i])] + 1;
				cnt := cnt + 1;
				tot := tot + cs[g];
			END IF;
		END LOOP;
		CONTINUE WHEN NOT ok;
		r := 1;
		FOR g IN 1 .. coalesce(array_length(names, 1), 0) LOOP
			r := least(r, got[g]::float8 / gsize[g]);
		END LOOP;
		IF r > rate OR (r = rate AND (cnt > matched OR (cnt = matched AND tot > total + 1e-12))) THEN
			rate := r;
			matched := cnt;
			total := tot;
		END IF;
	END LOOP;
END
$$;

-- pa_value(result, groups): the same three of a result (mentee_id,
-- mentor_id, score, reason), its rows the mentees: kept rows count in
-- their group's rate only
CREATE FUNCTION regress.pa_value(result text, grps text,
								 OUT rate float8, OUT matched int, OUT total float8)
LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format($q$
		WITH r AS (%s), g AS (SELECT mentee_id, "group" FROM (%s) x)
		SELECT (SELECT min(m::float8 / n) FROM (SELECT coalesce("group", 'unknown'), count(*) AS n, count(r.mentor_id) AS m
												   FROM r LEFT JOIN g USING (mentee_id) GROUP BY 1) t),
			   (SELECT count(*) FROM r WHERE mentor_id IS NOT NULL AND reason IS DISTINCT FROM 'kept')::int,
			   (SELECT coalesce(sum(score), 0) FROM r WHERE mentor_id IS NOT NULL AND reason IS DISTINCT FROM 'kept')
	$q$, result, grps) INTO rate, matched, total;
END
$$;

-- 60 random rounds: 2 to 7 mentees in 2 or 3 groups (some NULL), 3 mentors
-- of 0 to 3 seats, each mentee with up to 3 candidates, scores with ties
SELECT setseed(0.31);
CREATE TABLE regress.pa_rounds AS
SELECT p, 2 + (p * 7) % 6 AS n, 2 + p % 2 AS ngroups FROM generate_series(1, 60) p;
CREATE TABLE regress.pa_mentees AS
SELECT r.p, 100 * r.p + i AS mentee_id,
	   CASE WHEN random() < 0.1 THEN NULL ELSE 'g' || (floor(random() * r.ngroups))::int END AS grp
FROM regress.pa_rounds r, generate_series(1, r.n) i;
CREATE TABLE regress.pa_caps AS
SELECT r.p, 10 * r.p + j AS mentor_id, floor(random() * 4)::int AS capacity
FROM regress.pa_rounds r, generate_series(1, 3) j;
CREATE TABLE regress.pa_cands AS
SELECT m.p, m.mentee_id, c.mentor_id, round(random()::numeric * 4) / 4 AS score
FROM regress.pa_mentees m JOIN regress.pa_caps c USING (p)
WHERE random() < 0.6;

CREATE TABLE regress.pa_checked AS
SELECT r.p,
	   b.rate AS best_rate, b.matched AS best_matched, b.total AS best_total,
	   a.rate AS assign_rate, a.matched AS assign_matched, a.total AS assign_total,
	   c.rate AS coverage_rate, c.matched AS coverage_matched, c.total AS coverage_total
FROM regress.pa_rounds r,
	 LATERAL (SELECT format('SELECT mentee_id, mentor_id, score FROM regress.pa_cands WHERE p = %s', r.p) AS cands,
					 format('SELECT mentor_id, capacity FROM regress.pa_caps WHERE p = %s', r.p) AS caps,
					 format('SELECT mentee_id, grp AS "group" FROM regress.pa_mentees WHERE p = %s', r.p) AS grps) q,
	 LATERAL regress.pa_best(q.cands, q.caps, q.grps) b,
	 LATERAL regress.pa_value(format('SELECT * FROM assign(%L, %L, objective => %L, groups => %L)',
									 q.cands, q.caps, 'parity', q.grps), q.grps) a,
	 LATERAL regress.pa_value(format('SELECT * FROM assign(%L, %L)', q.cands, q.caps), q.grps) c;
-- parity is the exhaustive search's optimum in every round; coverage falls
-- short of its lowest rate in some, never matches more
SELECT count(*) AS rounds,
	   count(*) FILTER (WHERE assign_rate = best_rate AND assign_matched = best_matched
						AND abs(assign_total - best_total) < 1e-9) AS parity_optimal,
	   count(*) FILTER (WHERE coverage_rate < best_rate) AS coverage_lower_rate,
	   count(*) FILTER (WHERE coverage_matched > best_matched) AS coverage_more_matched,
	   count(*) FILTER (WHERE coverage_matched = best_matched AND best_total < coverage_total - 1e-9) AS parity_lower_total
FROM regress.pa_checked;
SELECT * FROM regress.pa_checked
WHERE assign_rate <> best_rate OR assign_matched <> best_matched OR abs(assign_total - best_total) >= 1e-9;

-- the same rounds through match(): profiles whose scores are score()'s,
-- groups in the mentees query; against the search over score()'s pairs
CREATE TABLE regress.pa_people AS
SELECT m.p, m.mentee_id AS id, m.grp,
	   profile(id => m.mentee_id,
			   goals => skillset(ARRAY['data.ml', 'people.coach'],
								 ARRAY[1 + (m.mentee_id * 7) % 5, 1 + (m.mentee_id * 3) % 5]),
			   grade => 1 + m.mentee_id % 3, hours_per_month => (1 + m.mentee_id % 4)::real) AS profile
FROM regress.pa_mentees m WHERE m.p <= 30;
CREATE TABLE regress.pa_leaders AS
SELECT c.p, c.mentor_id AS id, c.capacity,
	   profile(id => c.mentor_id,
			   skills => skillset(ARRAY['data.ml', 'people.coach'],
								  ARRAY[1 + (c.mentor_id * 5) % 5, 1 + (c.mentor_id * 2) % 5]),
			   grade => 2 + c.mentor_id % 3, hours_per_month => (2 + c.mentor_id % 3)::real) AS profile
FROM regress.pa_caps c WHERE c.p <= 30;
CREATE TABLE regress.pa_match_checked AS
SELECT r.p, b.rate AS best_rate, b.matched AS best_matched, b.total AS best_total,
	   m.rate, m.matched, m.total
FROM regress.pa_rounds r,
	 LATERAL (SELECT format('SELECT x.id AS mentee_id, y.id AS mentor_id, score(y.profile, x.profile) AS score
							   FROM regress.pa_people x JOIN regress.pa_leaders y USING (p)
							  WHERE p = %s AND score(y.profile, x.profile) >= 0.3', r.p) AS cands,
					 format('SELECT id AS mentor_id, capacity FROM regress.pa_leaders WHERE p = %s', r.p) AS caps,
					 format('SELECT id AS mentee_id, grp AS "group" FROM regress.pa_people WHERE p = %s', r.p) AS grps) q,
	 LATERAL regress.pa_best(q.cands, q.caps, q.grps) b,
	 LATERAL regress.pa_value(format('SELECT mentee_id, mentor_id, score, reason FROM match(%L, %L, objective => %L, min_score => 0.3)',
									 format('SELECT id, profile, grp AS "group" FROM regress.pa_people WHERE p = %s', r.p),
									 format('SELECT id, profile, capacity FROM regress.pa_leaders WHERE p = %s', r.p),
									 'parity'), q.grps) m
WHERE r.p <= 30;
SELECT count(*) AS rounds,
	   count(*) FILTER (WHERE rate = best_rate AND matched = best_matched AND abs(total - best_total) < 1e-9) AS optimal
FROM regress.pa_match_checked;

-- by hand: group a has two mentees with strong pairs, group b one with a
-- weaker pair to the same single mentor; coverage and total serve a,
-- parity gives b its seat when a has another
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.8), (2, 10, 0.95), (3, 10, 0.2))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'coverage');
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.8), (2, 10, 0.95), (3, 10, 0.2))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'parity',
					 groups => $$SELECT * FROM (VALUES (1, 'a'), (2, 'a'), (3, 'b')) AS t(mentee_id, "group")$$);
-- one group: parity is coverage
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.8), (2, 10, 0.95), (3, 10, 0.2))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'parity',
					 groups => $$SELECT * FROM (VALUES (1, 'a'), (2, 'a'), (3, 'a')) AS t(mentee_id, "group")$$);
-- every group NULL: one group, unknown; a mentee the groups query leaves
-- out is unknown too (here with 3: still one group)
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.8), (2, 10, 0.95), (3, 10, 0.2))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'parity',
					 groups => $$SELECT * FROM (VALUES (1, NULL), (2, NULL)) AS t(mentee_id, "group")$$);
-- NULL and 'unknown' are one group; a groups row for a mentee not in the
-- candidates is ignored
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.8), (2, 10, 0.95), (3, 10, 0.2))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'parity',
					 groups => $$SELECT * FROM (VALUES (1, 'a'), (2, NULL), (3, 'unknown'), (99, 'z')) AS t(mentee_id, "group")$$);
-- no mentees: no rows
SELECT count(*) FROM assign($$SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score WHERE false$$,
							objective => 'parity', groups => $$SELECT 1 AS mentee_id, 'a' AS "group"$$);
-- a group no mentor can take (c): the lowest rate is 0 whatever is done,
-- so the rest is coverage's, the most matched then the highest total
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.8), (2, 10, 0.95), (3, 10, 0.2), (4, 12, 0.5))
					   AS t(mentee_id, mentor_id, score)$$, $$SELECT 12 AS mentor_id, 0 AS capacity$$,
					 objective => 'parity',
					 groups => $$SELECT * FROM (VALUES (1, 'a'), (2, 'a'), (3, 'b'), (4, 'c')) AS t(mentee_id, "group")$$);
-- kept pairs count as matched in their group: with 2 kept with 11, group
-- a is at 1/2 already, so b takes mentor 10 from 1
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (2, 11, 0.5), (3, 10, 0.2), (4, 10, 0.3))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'parity',
					 keep => $$SELECT 2 AS mentee_id, 11 AS mentor_id$$,
					 groups => $$SELECT * FROM (VALUES (1, 'a'), (2, 'a'), (3, 'b'), (4, 'b')) AS t(mentee_id, "group")$$);
-- the same against the search, with keep
SELECT (regress.pa_best($$SELECT * FROM (VALUES (1, 10, 0.9), (2, 11, 0.5), (3, 10, 0.2), (4, 10, 0.3))
						  AS t(mentee_id, mentor_id, score)$$, NULL,
						$$SELECT * FROM (VALUES (1, 'a'), (2, 'a'), (3, 'b'), (4, 'b')) AS t(mentee_id, "group")$$,
						$$SELECT 2 AS mentee_id, 11 AS mentor_id$$)).*;
-- forbid: a forbidden pair is never proposed, even when parity wants it
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.8), (2, 10, 0.95), (3, 10, 0.2))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'parity',
					 forbid => $$SELECT 3 AS mentee_id, 10 AS mentor_id$$,
					 groups => $$SELECT * FROM (VALUES (1, 'a'), (2, 'a'), (3, 'b')) AS t(mentee_id, "group")$$);
-- min_score: below it is no candidate
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.8), (2, 10, 0.95), (3, 10, 0.2))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'parity', min_score => 0.5,
					 groups => $$SELECT * FROM (VALUES (1, 'a'), (2, 'a'), (3, 'b')) AS t(mentee_id, "group")$$);
-- wide input, and varchar groups
SELECT * FROM assign($$SELECT * FROM (VALUES (1, ARRAY[10, 11]::bigint[], ARRAY[0.9, 0.8]::float8[]),
											  (2, ARRAY[10], ARRAY[0.95]), (3, ARRAY[10], ARRAY[0.2]))
					   AS t(mentee_id, mentor_ids, scores)$$, objective => 'parity',
					 groups => $$SELECT * FROM (VALUES (1, 'a'::varchar), (2, 'a'), (3, 'b')) AS t(mentee_id, "group")$$);

-- match(): the group column, NULL as unknown; reasons and risk as ever
CREATE TABLE regress.pa_hand AS
SELECT * FROM (VALUES
	(1, 'a', profile(id => 1, goals => 'data.ml:4', grade => 1)),
	(2, 'a', profile(id => 2, goals => 'data.ml:4', grade => 1)),
	(3, 'b', profile(id => 3, goals => 'people.coach:2', grade => 1)),
	(4, NULL, profile(id => 4, goals => 'people.coach:2', grade => 1))) AS t(id, grp, profile);
CREATE TABLE regress.pa_hand_mentors AS
SELECT * FROM (VALUES
	(10, 2, profile(id => 10, skills => 'data.ml:5', grade => 3)),
	(11, 1, profile(id => 11, skills => 'data.ml:5,people.coach:3', grade => 3))) AS t(id, capacity, profile);
SELECT mentee_id, mentor_id, round(score::numeric, 4) AS score, reason
FROM match('SELECT id, profile FROM regress.pa_hand',
		   'SELECT id, profile, capacity FROM regress.pa_hand_mentors');
SELECT mentee_id, mentor_id, round(score::numeric, 4) AS score, reason
FROM match('SELECT id, profile, grp AS "group" FROM regress.pa_hand',
		   'SELECT id, profile, capacity FROM regress.pa_hand_mentors', objective => 'parity');
-- kept, forbid and rules hold with parity
SELECT mentee_id, mentor_id, reason, reasons
FROM match('SELECT id, profile, grp AS "group" FROM regress.pa_hand',
		   'SELECT id, profile, capacity FROM regress.pa_hand_mentors', objective => 'parity',
		   keep => 'SELECT 1 AS mentee_id, 11 AS mentor_id',
		   forbid => 'SELECT 3 AS mentee_id, 10 AS mentor_id');
-- no mentees
SELECT count(*) FROM match('SELECT id, profile, grp AS "group" FROM regress.pa_hand WHERE false',
						   'SELECT id, profile, capacity FROM regress.pa_hand_mentors', objective => 'parity');

-- What coverage leaves and parity lifts: 40 mentees of group major whose
-- goals the mentors' skills meet well, 10 of group minor met less well,
-- 30 seats.  Coverage fills the seats by score; parity by rate, then score.
CREATE TABLE regress.pa_cohort AS
SELECT i AS id, CASE WHEN i <= 40 THEN 'major' ELSE 'minor' END AS grp,
	   profile(id => i, goals => (CASE WHEN i <= 40 THEN 'data.ml:3' ELSE 'people.coach:4' END)::skillset,
			   grade => 1, hours_per_month => 4::real) AS profile
FROM generate_series(1, 50) i;
CREATE TABLE regress.pa_cohort_mentors AS
SELECT 1000 + j AS id, 3 AS capacity,
	   profile(id => 1000 + j, skills => (CASE WHEN j <= 8 THEN 'data.ml:4,people.coach:1' ELSE 'data.ml:4,people.coach:3' END)::skillset,
			   grade => 3, hours_per_month => 4::real) AS profile
FROM generate_series(1, 10) j;
SELECT objective, grp, count(*) AS mentees, count(mentor_id) AS matched,
	   round(count(mentor_id)::numeric / count(*), 3) AS rate, round(sum(score)::numeric, 3) AS total
FROM unnest(ARRAY['coverage', 'parity']) objective,
	 LATERAL match(CASE objective WHEN 'parity' THEN 'SELECT id, profile, grp AS "group" FROM regress.pa_cohort'
				   ELSE 'SELECT id, profile FROM regress.pa_cohort' END,
				   'SELECT id, profile, capacity FROM regress.pa_cohort_mentors', objective => objective) m
	 JOIN regress.pa_cohort c ON c.id = m.mentee_id
GROUP BY objective, grp ORDER BY objective, grp;

-- errors: parity without groups (22023, with where they go); groups
-- without parity (assign: 22023; match: the column is not read, 42703);
-- a mentee named twice; a group of the wrong type; an unknown objective
SELECT hint($$SELECT * FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score', objective => 'parity')$$);
SELECT hint($$SELECT * FROM match('SELECT id, profile FROM regress.pa_hand',
								  'SELECT id, profile, capacity FROM regress.pa_hand_mentors', objective => 'parity')$$);
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score',
										 groups => 'SELECT 1 AS mentee_id, ''a'' AS "group"')$$);
SELECT try($$SELECT count(*) FROM match('SELECT id, profile, grp AS "group" FROM regress.pa_hand',
										'SELECT id, profile, capacity FROM regress.pa_hand_mentors')$$);
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score', objective => 'parity',
										 groups => 'SELECT * FROM (VALUES (1, ''a''), (1, ''b'')) AS t(mentee_id, "group")')$$);
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score', objective => 'parity',
										 groups => 'SELECT 1 AS mentee_id, 7 AS "group"')$$);
SELECT try($$SELECT count(*) FROM match('SELECT id, profile, 7 AS "group" FROM regress.pa_hand',
										'SELECT id, profile, capacity FROM regress.pa_hand_mentors', objective => 'parity')$$);
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score', objective => 'parity',
										 groups => 'SELECT 1 AS mentee_id')$$);
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score', objective => 'parity',
										 groups => 'SELECT 1 AS mentee_id, ''a'' AS grp')$$);
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score', objective => 'equity')$$);
-- priorities with parity: 22023 (parity ranks the groups' lowest rate
-- first); one priority for everyone ranks nobody above anyone, so it runs
SELECT try($$SELECT count(*) FROM assign('SELECT i AS mentee_id, 2 AS mentor_id, 0.5 AS score FROM generate_series(1, 2) i',
										 objective => 'parity',
										 priorities => 'SELECT i AS mentee_id, 5 * i AS priority FROM generate_series(1, 2) i',
										 groups => 'SELECT 1 AS mentee_id, ''a'' AS "group"')$$);
SELECT count(mentor_id) AS matched
FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score', objective => 'parity',
			priorities => 'SELECT 1 AS mentee_id, 5 AS priority',
			groups => 'SELECT 1 AS mentee_id, ''a'' AS "group"');
SELECT try($$SELECT count(*) FROM match('SELECT id, profile, id % 2 AS priority, grp AS "group" FROM regress.pa_hand',
										'SELECT id, profile, capacity FROM regress.pa_hand_mentors', objective => 'parity')$$);
SELECT count(mentor_id) AS matched
FROM match('SELECT id, profile, 1 AS priority, grp AS "group" FROM regress.pa_hand',
		   'SELECT id, profile, capacity FROM regress.pa_hand_mentors', objective => 'parity');
