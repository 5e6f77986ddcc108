-- kernel: match() and recommend() score every pair from compact copies of
-- the profiles (src/scoring/cohort_scoring.c); their scores must equal
-- score() to the bit and their conflicts conflicts(), whether a cohort's names fit the
-- compact form (64 names of a kind, 8 style dimensions) or not.
\set VERBOSITY terse
SET search_path = mentormatch, regress, public;
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- Random profiles over vocabularies of a given size: names of each kind
-- (languages, core values, support, projects) and style dimensions; ids as
-- the id column has them, manager chains among them so that every conflict
-- occurs.  Some fields are NULL or empty.
CREATE FUNCTION regress.random_people(n int, first_id int, names int, dims int, seed float8)
RETURNS TABLE (id bigint, profile mentormatch.profile)
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM setseed(seed);
	RETURN QUERY
	SELECT i::bigint, mentormatch.profile(
		id => i,
		skills => CASE WHEN r[2] < 0.9 THEN (SELECT string_agg('s' || g / 4 || '.t' || g % 4 || ':' || 1 + (random() * 4)::int, ', ') FROM generate_series(0, 19) g WHERE random() < 0.1 + r[3] * 0.2)::mentormatch.skillset END,
		goals => CASE WHEN r[4] < 0.9 THEN (SELECT string_agg('s' || g / 4 || '.t' || g % 4 || ':' || 1 + (random() * 4)::int, ', ') FROM generate_series(0, 19) g WHERE random() < r[5] * 0.15)::mentormatch.skillset END,
		style => CASE WHEN r[6] < 0.85 THEN (SELECT string_agg('d' || g || '=' || round(random()::numeric, 2), ', ') FROM generate_series(0, dims - 1) g WHERE random() < 0.2 + r[7] * 0.5)::mentormatch.workstyle END,
		grade => CASE WHEN r[8] < 0.9 THEN (r[9] * 9)::int END,
		hours_per_month => CASE WHEN r[10] < 0.9 THEN round((r[11] * 8)::numeric, 1) END,
		utc_offset => CASE WHEN r[12] < 0.9 THEN ((r[13] * 52)::int - 24) * 30 END,
		languages => CASE WHEN r[14] < 0.9 THEN ARRAY(SELECT 'l' || (random() * (names - 1))::int FROM generate_series(1, (r[15] * 3)::int)) END,
		core_values => CASE WHEN r[16] < 0.9 THEN ARRAY(SELECT 'v' || (random() * (names - 1))::int FROM generate_series(1, (r[17] * 5)::int)) END,
		support => CASE WHEN r[18] < 0.9 THEN ARRAY(SELECT (ARRAY['reverse', 'u' || (random() * (names - 1))::int])[1 + (random() < 0.9)::int] FROM generate_series(1, (r[19] * 4)::int)) END,
		manager_chain => CASE WHEN r[20] < 0.9 THEN ARRAY(SELECT (random() * n)::bigint + 1 FROM generate_series(1, (r[21] * 4)::int)) END,
		projects => CASE WHEN r[22] < 0.9 THEN ARRAY(SELECT 'p' || (random() * (names - 1))::int FROM generate_series(1, (r[23] * 3)::int)) END)
	FROM (SELECT i, ARRAY(SELECT random() FROM generate_series(1, 23 + i * 0)) AS r
		  FROM generate_series(first_id, first_id + n - 1) i) g;
END $$;

-- Three cohorts: names that fit the compact form, more names of every kind
-- than 64 (and style dimensions than 8), and a few names only.
CREATE TABLE regress.kernel_people AS
SELECT 'fits' AS cohort, * FROM regress.random_people(140, 1, 20, 6, 0.1)
UNION ALL SELECT 'wide', * FROM regress.random_people(140, 1, 300, 14, 0.2)
UNION ALL SELECT 'narrow', * FROM regress.random_people(140, 1, 3, 2, 0.3);

-- every pair: recommend() returns each mentee's mentors, all of them, with
-- the conflicts excluded or none
CREATE FUNCTION regress.kernel_differs(which text, excluded text[], w jsonb DEFAULT NULL)
RETURNS bigint LANGUAGE sql AS $$
WITH mentees AS (SELECT * FROM regress.kernel_people WHERE cohort = which AND id <= 80),
	 mentors AS (SELECT * FROM regress.kernel_people WHERE cohort = which AND id > 60),
	 want AS (SELECT e.id AS mentee_id, m.id AS mentor_id, score(m.profile, e.profile, w) AS score
			  FROM mentees e, mentors m
			  WHERE score(m.profile, e.profile, w) IS NOT NULL
				AND NOT conflicts(m.profile, e.profile) && excluded),
	 got AS (SELECT mentee_id, mentor_id, score
			 FROM recommend(format('SELECT id, profile FROM regress.kernel_people WHERE cohort = %L AND id <= 80', which),
							format('SELECT id, profile FROM regress.kernel_people WHERE cohort = %L AND id > 60', which),
							k => 1000, weights => w, exclude => excluded))
SELECT count(*)
FROM want FULL JOIN got USING (mentee_id, mentor_id)
WHERE float8send(want.score) IS DISTINCT FROM float8send(got.score)
$$;
SELECT cohort,
	   regress.kernel_differs(cohort, '{self,reporting_line,same_team,shared_project}') AS differs_excluding_all,
	   regress.kernel_differs(cohort, '{}') AS differs_excluding_none,
	   regress.kernel_differs(cohort, '{reporting_line,shared_project}') AS differs_excluding_two
FROM (VALUES ('fits'), ('wide'), ('narrow')) c(cohort) ORDER BY cohort;

-- other weights, and the 0.1.0 renormalised ones
SELECT w, regress.kernel_differs(cohort, '{}', w::jsonb) AS differs
FROM (VALUES ('{"skills": 1, "style": 0, "values": 2.5}'), ('{"unknown": null}'),
			 ('{"unknown": 0.1, "logistics": 3}')) t(w),
	 (VALUES ('fits'), ('wide')) c(cohort)
ORDER BY w, cohort;

-- the cohorts make every factor known and unknown, and every conflict
SELECT cohort,
	   count(*) FILTER (WHERE conflicts(m.profile, e.profile) @> '{self}') > 0 AS self,
	   count(*) FILTER (WHERE conflicts(m.profile, e.profile) @> '{reporting_line}') > 0 AS reporting_line,
	   count(*) FILTER (WHERE conflicts(m.profile, e.profile) @> '{same_team}') > 0 AS same_team,
	   count(*) FILTER (WHERE conflicts(m.profile, e.profile) @> '{shared_project}') > 0 AS shared_project,
	   count(*) FILTER (WHERE score(m.profile, e.profile) IS NULL) > 0 AS unscored,
	   count(DISTINCT score(m.profile, e.profile)) > 100 AS varied
FROM regress.kernel_people e JOIN regress.kernel_people m USING (cohort)
WHERE e.id <= 80 AND m.id > 60
GROUP BY cohort ORDER BY cohort;

-- Blocks (src/matching/mentor_blocks.c): with 1024 mentors with seats or
-- more, recommend() scans a mentee's blocks of similar mentors by their
-- bound, the highest first, and stops where no block left can beat its
-- worst pick.  The bound must hold to the bit: the picks are the best by
-- score() over every pair, ties by mentor id.
CREATE TABLE regress.block_people AS
SELECT 'fits' AS cohort, * FROM regress.random_people(1400, 1, 20, 6, 0.4)
UNION ALL SELECT 'wide', * FROM regress.random_people(1400, 1, 300, 14, 0.5)
-- and blocks alike in all but a part or two: grades far apart (the skills
-- wanted only five grades up or more), offsets a day apart, few hours, one
-- language or value each
UNION ALL SELECT 'plain', i, mentormatch.profile(
	id => i,
	skills => CASE WHEN (i / 3) % 10 >= 6
				   THEN (ARRAY['s0.t0:3', 's0.t1:5, s1.t0:2', 's2.t2:4'])[1 + i % 3]
				   ELSE 's5.t5:1' END::mentormatch.skillset,
	goals => (ARRAY['s0.t0:4', 's1.t0:3, s2.t2:1', 's0.t1:2', 's3.t1:1'])[1 + i % 4]::mentormatch.skillset,
	style => CASE WHEN i % 5 > 0 THEN ('d' || i % 2 || '=' || (i % 10) / 10.0)::mentormatch.workstyle END,
	grade => (i / 3) % 10,
	hours_per_month => (i / 30) % 4,
	utc_offset => ((i / 120) % 5) * 360 - 720,
	languages => ARRAY[(ARRAY['en', 'de', 'fr'])[1 + (i / 7) % 3]],
	core_values => ARRAY[(ARRAY['a', 'b', 'c', 'd'])[1 + (i / 11) % 4]],
	support => CASE WHEN i % 13 = 0 THEN ARRAY['reverse'] ELSE ARRAY[(ARRAY['x', 'y'])[1 + (i / 17) % 2]] END)
FROM generate_series(1, 1400) i;
CREATE FUNCTION regress.blocks_differ(which text, k int, w jsonb DEFAULT NULL)
RETURNS bigint LANGUAGE sql AS $$
WITH mentees AS (SELECT * FROM regress.block_people WHERE cohort = which AND id <= 60),
	 mentors AS (SELECT * FROM regress.block_people WHERE cohort = which AND id > 40),
	 scored AS (SELECT e.id AS mentee_id, m.id AS mentor_id, score(m.profile, e.profile, w) AS score
				FROM mentees e, mentors m),
	 ranked AS (SELECT *, row_number() OVER (PARTITION BY mentee_id ORDER BY score DESC, mentor_id) AS rank
				FROM scored WHERE score IS NOT NULL),
	 want AS (SELECT * FROM ranked WHERE rank <= k),
	 got AS (SELECT mentee_id, rank, mentor_id, score
			 FROM recommend(format('SELECT id, profile FROM regress.block_people WHERE cohort = %L AND id <= 60', which),
							format('SELECT id, profile FROM regress.block_people WHERE cohort = %L AND id > 40', which),
							k => k, weights => w, exclude => '{}'))
SELECT count(*)
FROM want FULL JOIN got USING (mentee_id, rank)
WHERE want.mentor_id IS DISTINCT FROM got.mentor_id
   OR float8send(want.score) IS DISTINCT FROM float8send(got.score)
$$;
SELECT cohort, k, w, regress.blocks_differ(cohort, k, w::jsonb) AS differs
FROM (VALUES ('fits'), ('wide'), ('plain')) c(cohort), (VALUES (1), (4)) n(k),
	 (VALUES (NULL), ('{"skills": 1, "style": 0, "values": 2.5}'), ('{"unknown": null}')) t(w)
ORDER BY cohort, k, w;

-- many pairs are only bounded (the counts are the cohort's, to the pair)
SET client_min_messages = debug1;
SELECT count(*) FROM recommend('SELECT id, profile FROM regress.block_people WHERE cohort = ''fits'' AND id <= 60',
							   'SELECT id, profile FROM regress.block_people WHERE cohort = ''fits'' AND id > 40',
							   k => 1, exclude => '{}');
RESET client_min_messages;
