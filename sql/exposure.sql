-- recommend(..., exposure): no mentor in more lists than ceil(exposure x its
-- free seats); the highest total, against an
-- exhaustive search over every set of pairs; lists ranked, ties by mentor
-- id; NULL is plain recommend; keep, forbid, rules and exclude still hold;
-- errors.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- 40 small programmes: 2 to 4 mentees, 2 or 3 mentors of 0 to 2 seats,
-- some profiles alike (tied scores), some in a reporting line (a conflict)
CREATE TABLE regress.ex_mentees AS
SELECT p, 1000 * p + i AS id,
	   profile(id => 1000 * p + i,
			   goals => skillset(ARRAY['data.ml', 'people.coach'], ARRAY[1 + (p * 7 + i * 3) % 5, 1 + (p + i * 5) % 5]),
			   grade => 1 + (p + i) % 4, hours_per_month => (1 + (p * 3 + i) % 4)::real,
			   core_values => ARRAY['v' || ((p + i) % 3)],
			   manager_chain => CASE WHEN (p + i) % 5 = 0 THEN ARRAY[1000 * p + 500]::bigint[] END) AS profile
FROM generate_series(1, 40) p, generate_series(1, 2 + p % 3) i;
CREATE TABLE regress.ex_mentors AS
SELECT p, 1000 * p + 500 + j AS id,
	   profile(id => 1000 * p + 500 + j,
			   skills => skillset(ARRAY['data.ml', 'people.coach'],
								  ARRAY[1 + (p * (j % 2 + 1) + j) % 5, 1 + (p * 5 + 3 * (j % 2)) % 5]),
			   grade => 3 + (p + j % 2) % 4, hours_per_month => (2 + (p + j) % 3)::real,
			   core_values => ARRAY['v' || (p % 3)]) AS profile,
	   (p + j) % 3 AS capacity
FROM generate_series(1, 40) p, generate_series(0, 1 + p % 2) j;

-- the best lists by exhaustive search: every set of eligible pairs (a
-- score, a free seat, no conflict) within the caps, the highest total (of
-- the sets of that total, the most pairs)
CREATE FUNCTION regress.ex_best(prog int, k int, exposure float8, OUT pairs int, OUT total float8)
LANGUAGE plpgsql AS $$
DECLARE
	e bigint[];
	m bigint[];
	s float8[];
	mentees bigint[];
	mentors bigint[];
	lim int[];
	n int;
	mask int;
	b int;
	rows int[];
	cols int[];
	cnt int;
	tot float8;
	ok boolean;
BEGIN
	SELECT array_agg(x.id ORDER BY x.id) INTO mentees FROM regress.ex_mentees x WHERE x.p = prog;
	SELECT array_agg(y.id ORDER BY y.id), array_agg(ceil(exposure * y.capacity)::int ORDER BY y.id)
	  INTO mentors, lim FROM regress.ex_mentors y WHERE y.p = prog;
	SELECT array_agg(x.id ORDER BY x.id, y.id), array_agg(y.id ORDER BY x.id, y.id),
		   array_agg(mentormatch.score(y.profile, x.profile) ORDER BY x.id, y.id)
	  INTO e, m, s
	  FROM regress.ex_mentees x JOIN regress.ex_mentors y USING (p)
	 WHERE x.p = prog AND y.capacity > 0 AND mentormatch.conflicts(y.profile, x.profile) = '{}'
	   AND mentormatch.score(y.profile, x.profile) IS NOT NULL;
	n := coalesce(array_length(e, 1), 0);
	pairs := 0;
	total := 0;
	FOR mask IN 0 .. (1 << n) - 1 LOOP
		rows := array_fill(0, ARRAY[array_length(mentees, 1)]);
		cols := array_fill(0, ARRAY[array_length(mentors, 1)]);
		cnt := 0;
		tot := 0;
		ok := true;
		FOR b IN 1 .. n LOOP
			IF mask & (1 << (b - 1)) <> 0 THEN
				rows[array_position(mentees, e[b])] := rows[array_position(mentees, e[b])] + 1;
				cols[array_position(mentors, m[b])] := cols[array_position(mentors, m[b])] + 1;
				IF rows[array_position(mentees, e[b])] > k
				   OR cols[array_position(mentors, m[b])] > lim[array_position(mentors, m[b])] THEN
					ok := false;
					EXIT;
				END IF;
				cnt := cnt + 1;
				tot := tot + s[b];
			END IF;
		END LOOP;
		IF ok AND (tot > total + 1e-12 OR (tot > total - 1e-12 AND cnt > pairs)) THEN
			pairs := cnt;
			total := tot;
		END IF;
	END LOOP;
END
$$;

-- the rows in one query's result and not in the other's, both ways
CREATE FUNCTION regress.ex_differ(a text, b text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	EXECUTE format('SELECT count(*) FROM ((%s EXCEPT ALL %s) UNION ALL (%s EXCEPT ALL %s)) d', a, b, b, a) INTO n;
	RETURN n;
END
$$;

-- each programme with its k and exposure, the lists and the search's best
CREATE TABLE regress.ex_runs AS
SELECT p, 1 + p % 3 AS k, (ARRAY[0.5, 1, 1.5, 2, 3])[1 + p % 5]::float8 AS exposure
FROM generate_series(1, 40) p;
CREATE TABLE regress.ex_lists AS
SELECT r.p, l.*
FROM regress.ex_runs r,
	 LATERAL recommend(format('SELECT id, profile FROM regress.ex_mentees WHERE p = %s', r.p),
					   format('SELECT id, profile, capacity FROM regress.ex_mentors WHERE p = %s', r.p),
					   r.k, exposure => r.exposure) l;
CREATE TABLE regress.ex_best AS
SELECT r.p, b.* FROM regress.ex_runs r, LATERAL regress.ex_best(r.p, r.k, r.exposure) b;
SELECT count(*) AS programmes, sum(pairs) AS pairs, count(*) FILTER (WHERE pairs > 0) AS with_pairs,
	   count(*) FILTER (WHERE plain.n <> pairs OR abs(plain.total - b.total) > 1e-9) AS limits_bind
FROM regress.ex_best b JOIN regress.ex_runs r USING (p),
	 LATERAL (SELECT count(*) AS n, coalesce(sum(score), 0) AS total
			  FROM recommend(format('SELECT id, profile FROM regress.ex_mentees WHERE p = %s', r.p),
							 format('SELECT id, profile, capacity FROM regress.ex_mentors WHERE p = %s', r.p),
							 r.k)) plain;
-- the same total as the exhaustive search
SELECT count(*) AS differ
FROM regress.ex_best b
LEFT JOIN (SELECT p, count(*) AS pairs, sum(score) AS total FROM regress.ex_lists GROUP BY p) l USING (p)
WHERE abs(coalesce(l.total, 0) - b.total) > 1e-9;
-- every pick eligible, scored as score() to the bit, a mentor once a list,
-- lists of k at most, every mentor within its limit
SELECT count(*) FILTER (WHERE float8send(l.score) <> float8send(score(m.profile, e.profile))) AS score_differs,
	   count(*) FILTER (WHERE conflicts(m.profile, e.profile) <> '{}' OR m.capacity = 0) AS ineligible
FROM regress.ex_lists l JOIN regress.ex_mentees e ON e.id = l.mentee_id JOIN regress.ex_mentors m ON m.id = l.mentor_id;
SELECT count(*) AS repeated FROM (SELECT mentee_id, mentor_id FROM regress.ex_lists GROUP BY 1, 2 HAVING count(*) > 1) t;
SELECT count(*) AS too_long
FROM (SELECT p, mentee_id, count(*) AS n FROM regress.ex_lists GROUP BY 1, 2) t JOIN regress.ex_runs USING (p) WHERE n > k;
SELECT count(*) AS over_limit
FROM (SELECT mentor_id, count(*) AS n FROM regress.ex_lists GROUP BY 1) t
JOIN regress.ex_mentors m ON m.id = t.mentor_id JOIN regress.ex_runs r USING (p)
WHERE n > ceil(r.exposure * m.capacity);
-- ranked: 1, 2, ... best first, ties by the lower mentor id
SELECT count(*) AS misranked
FROM (SELECT l.*, row_number() OVER (PARTITION BY mentee_id ORDER BY score DESC, mentor_id) AS want
	  FROM regress.ex_lists l) t
WHERE rank <> want;
-- a short list only when no eligible mentor scoring above 0 has room left
SELECT count(*) AS short_with_room
FROM regress.ex_runs r JOIN regress.ex_mentees e USING (p) JOIN regress.ex_mentors m USING (p)
WHERE m.capacity > 0 AND conflicts(m.profile, e.profile) = '{}' AND score(m.profile, e.profile) > 0
  AND (SELECT count(*) FROM regress.ex_lists l WHERE l.mentee_id = e.id) < r.k
  AND NOT EXISTS (SELECT FROM regress.ex_lists l WHERE l.mentee_id = e.id AND l.mentor_id = m.id)
  AND (SELECT count(*) FROM regress.ex_lists l WHERE l.mentor_id = m.id) < ceil(r.exposure * m.capacity);

-- a cohort where one mentor is everyone's first choice
CREATE TABLE regress.ex_cohort_mentees AS
SELECT i AS id, profile(id => i, goals => skillset(ARRAY['data.ml', 'backend.go'], ARRAY[2 + i % 3, 1 + (i * 7) % 5]),
						grade => 1 + i % 4, core_values => ARRAY['v' || (i % 4)], hours_per_month => (1 + i % 3)::real) AS profile
FROM generate_series(1, 60) i;
CREATE TABLE regress.ex_cohort_mentors AS
SELECT 100 + j AS id,
	   profile(id => 100 + j,
			   skills => CASE WHEN j = 1 THEN 'data.ml:5, backend.go:5'::skillset
						 ELSE skillset(ARRAY['data.ml', 'backend.go'], ARRAY[1 + j % 5, 1 + (j * 3) % 5]) END,
			   grade => CASE WHEN j = 1 THEN 7 ELSE 3 + j % 5 END, hours_per_month => (2 + j % 4)::real,
			   core_values => ARRAY['v' || (j % 4)]) AS profile,
	   CASE WHEN j = 1 THEN 2 ELSE 1 + j % 3 END AS capacity
FROM generate_series(1, 12) j;
-- how many lists each mentor is in, plain and with exposure 1
SELECT x.exposure, max(n) AS most_lists, (SELECT n FROM (SELECT count(*) AS n FROM recommend(
			'SELECT id, profile FROM regress.ex_cohort_mentees', 'SELECT id, profile, capacity FROM regress.ex_cohort_mentors',
			3, exposure => x.exposure) WHERE mentor_id = 101) s) AS star_lists,
	   sum(n) AS picks
FROM (VALUES (NULL::float8), (1), (2)) x(exposure),
	 LATERAL (SELECT mentor_id, count(*) AS n
			  FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
							 'SELECT id, profile, capacity FROM regress.ex_cohort_mentors', 3, exposure => x.exposure)
			  GROUP BY 1) t
GROUP BY x.exposure ORDER BY x.exposure NULLS FIRST;
-- NULL exposure is plain recommend, bit for bit
SELECT regress.ex_differ(
	$$SELECT * FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
							  'SELECT id, profile, capacity FROM regress.ex_cohort_mentors', 4, exposure => NULL)$$,
	$$SELECT * FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
							  'SELECT id, profile, capacity FROM regress.ex_cohort_mentors', 4)$$) AS differ;
-- limits that never bind: each mentee's own top k (the same picks and
-- scores, as no two of its mentors tie here)
SELECT regress.ex_differ(
	$$SELECT * FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
							  'SELECT id, profile, capacity FROM regress.ex_cohort_mentors', 4, exposure => 1e6)$$,
	$$SELECT * FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
							  'SELECT id, profile, capacity FROM regress.ex_cohort_mentors', 4)$$) AS differ;
-- a tiny exposure still shows every mentor with a free seat once (the
-- limit rounds up to 1)
SELECT count(DISTINCT mentor_id) AS mentors, max(n) AS most_lists
FROM (SELECT mentor_id, count(*) AS n
	  FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
					 'SELECT id, profile, capacity FROM regress.ex_cohort_mentors', 3, exposure => 0.001)
	  GROUP BY 1) t;
-- a product just above a whole number is that number: 1.1 x 10 seats is 11
SELECT count(*) AS lists
FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
			   'SELECT 101 AS id, profile, 10 AS capacity FROM regress.ex_cohort_mentors WHERE id = 101', 1, exposure => 1.1);
SELECT count(*) AS lists
FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
			   'SELECT 101 AS id, profile, 10 AS capacity FROM regress.ex_cohort_mentors WHERE id = 101', 1, exposure => 1.15);

-- kept pairs take seats: the star keeps one of its two, so exposure 1
-- shows it once; 102 and 103 keep every seat they have and are never
-- shown
SELECT mentor_id, count(*) AS lists
FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
			   'SELECT id, profile, capacity FROM regress.ex_cohort_mentors', 3, exposure => 1,
			   keep => 'SELECT 60 AS mentee_id, 101 AS mentor_id UNION ALL SELECT 59, 102 UNION ALL SELECT 58, 102
						UNION ALL SELECT 57, 102 UNION ALL SELECT 56, 103')
WHERE mentor_id IN (101, 102, 103) GROUP BY 1 ORDER BY 1;
-- forbid, rules and exclude hold with exposure
SELECT count(*) FILTER (WHERE mentee_id = 1 AND mentor_id = 101) AS forbidden_listed,
	   count(*) FILTER (WHERE mentor_id = 101) AS star_lists
FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
			   'SELECT id, profile, capacity FROM regress.ex_cohort_mentors', 3, exposure => 1,
			   forbid => 'SELECT 1 AS mentee_id, 101 AS mentor_id');
SELECT count(*) AS breaking_rule
FROM recommend($$SELECT id, mentormatch.profile(id => id, goals => 'data.ml:3', languages => CASE WHEN id % 2 = 0 THEN '{en}' ELSE '{de}' END::text[]) AS profile
				 FROM generate_series(1, 20) id$$,
			   $$SELECT 100 + id AS id, mentormatch.profile(id => 100 + id, skills => 'data.ml:4', languages => CASE WHEN id % 3 = 0 THEN '{de}' ELSE '{en}' END::text[]) AS profile, 2 AS capacity
				 FROM generate_series(1, 6) id$$,
			   2, rules => '{shared_language}', exposure => 2) l
WHERE (l.mentee_id % 2 = 0) <> ((l.mentor_id - 100) % 3 <> 0);
SELECT count(*) AS conflicted
FROM recommend($$SELECT id, mentormatch.profile(id => id, goals => 'data.ml:3', manager_chain => ARRAY[101]::bigint[]) AS profile
				 FROM generate_series(1, 6) id$$,
			   $$SELECT 100 + id AS id, mentormatch.profile(id => 100 + id, skills => 'data.ml:4') AS profile, 1 AS capacity
				 FROM generate_series(1, 3) id$$,
			   2, exposure => 2)
WHERE mentor_id = 101;
-- a cohort large enough that each mentee keeps only its best candidates
-- (the rest come back as the duals ask) and mentors go in blocks: with k
-- 1 the lists are an assignment within the limits, which assign() finds
-- over every pair of a score() cross join
CREATE TABLE regress.ex_big_mentees AS
SELECT i AS id, profile(id => i, goals => skillset(ARRAY['s' || (i % 2), 't.' || (i % 3)], ARRAY[3 + i % 3, 1 + i % 4]),
						grade => i % 5, hours_per_month => (1 + i % 4)::real, utc_offset => 60 * (i % 3),
						core_values => ARRAY['v' || (i % 4)]) AS profile
FROM generate_series(1, 120) i;
-- 27 strong mentors everyone wants, and 1073 others
CREATE TABLE regress.ex_big_mentors AS
SELECT 10000 + j AS id,
	   profile(id => 10000 + j,
			   skills => CASE WHEN j % 40 = 0 THEN 's0:5, s1:5, t.a:5, t.b:5'::skillset
						 ELSE skillset(ARRAY['s' || (j % 7), 't.' || (j % 3), 'u' || (j % 5)],
									   ARRAY[1 + j % 5, 1 + (j / 7) % 5, 1 + (j / 3) % 5]) END,
			   grade => 2 + j % 6, hours_per_month => (1 + j % 6)::real, utc_offset => 60 * (j % 5),
			   core_values => ARRAY['v' || (j % 3)]) AS profile,
	   1 + j % 2 AS capacity
FROM generate_series(1, 1100) j;
SELECT x AS exposure, got.n AS picks, want.n = got.n AS same_count, abs(want.total - got.total) < 1e-9 AS same_total
FROM unnest(ARRAY[0.5, 1]::float8[]) x,
	 LATERAL (SELECT count(*) AS n, sum(score) AS total
			  FROM recommend('SELECT id, profile FROM regress.ex_big_mentees',
							 'SELECT id, profile, capacity FROM regress.ex_big_mentors', 1, exposure => x)) got,
	 LATERAL (SELECT count(mentor_id) AS n, sum(score) AS total
			  FROM assign('SELECT e.id AS mentee_id, m.id AS mentor_id, mentormatch.score(m.profile, e.profile) AS score
						   FROM regress.ex_big_mentees e, regress.ex_big_mentors m
						   WHERE m.capacity > 0 AND mentormatch.conflicts(m.profile, e.profile) = ''{}''',
						  format('SELECT id AS mentor_id, ceil(%s * capacity)::int AS capacity
								  FROM regress.ex_big_mentors WHERE capacity > 0', x))) want;
-- with lists of 4, every mentor within its limit
SELECT max(n) AS most_lists_per_seat
FROM (SELECT mentor_id, count(*)::float8 / min(m.capacity) AS n
	  FROM recommend('SELECT id, profile FROM regress.ex_big_mentees',
					 'SELECT id, profile, capacity FROM regress.ex_big_mentors', 4, exposure => 1) l
	  JOIN regress.ex_big_mentors m ON m.id = l.mentor_id GROUP BY 1) t;

-- k 0, and empty inputs
SELECT count(*) AS k_zero FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
										 'SELECT id, profile, capacity FROM regress.ex_cohort_mentors', 0, exposure => 1);
SELECT count(*) AS no_mentors FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
											 'SELECT id, profile, capacity FROM regress.ex_cohort_mentors WHERE false', 3, exposure => 1);
SELECT count(*) AS no_mentees FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees WHERE false',
											 'SELECT id, profile, capacity FROM regress.ex_cohort_mentors', 3, exposure => 1);

-- exposure must be a finite number above 0
SELECT x AS exposure,
	   try(format($$SELECT count(*) FROM recommend('SELECT id, profile FROM regress.ex_cohort_mentees',
			'SELECT id, profile, capacity FROM regress.ex_cohort_mentors', 3, exposure => %L::float8)$$, x)) AS outcome
FROM unnest(ARRAY['0', '-1', '-0', 'NaN', 'Infinity', '-Infinity', '1e-300']) x;

DROP FUNCTION regress.ex_best(int, int, float8), regress.ex_differ(text, text);
DROP TABLE regress.ex_mentees, regress.ex_mentors, regress.ex_runs, regress.ex_lists, regress.ex_best,
	regress.ex_cohort_mentees, regress.ex_cohort_mentors, regress.ex_big_mentees, regress.ex_big_mentors;
