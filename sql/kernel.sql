-- kernel: match() and recommend() score every pair from compact copies of
-- the profiles (src/kernel.c); their scores must equal score() to the bit
-- and their conflicts conflicts(), whether a cohort's names fit the
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
