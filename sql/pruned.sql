-- pruned: match() keeps each mentee's best candidates (and each mentor's)
-- and proves the answer with the solver's duals, adding back the left-out
-- pairs the proof cannot rule out.  Its answer must be the optimum over
-- every pair: assign() over score() in a cross join, for every objective,
-- with scarce and ample seats, min_score, keep and forbid.  (Scoring in
-- parallel workers, from 2^22 pairs on, is checked in test/faults.sh,
-- which sees the workers run.)
SET search_path = mentormatch, public;
\set VERBOSITY terse
\set ECHO none
SET client_min_messages = warning;
\i demo/hr_schema.sql
\i demo/generate.sql
SELECT hr.generate(2500, 11) IS NOT NULL AS generated \gset
\i demo/profiles.sql
RESET client_min_messages;
\set ECHO all

-- more mentors than a mentee keeps, so that pruning happens
CREATE TABLE pr_mentees AS SELECT id, profile FROM mentoring.mentees ORDER BY id LIMIT 400;
CREATE TABLE pr_mentors AS SELECT id, profile, 1 + (id % 3)::int AS capacity FROM mentoring.mentors ORDER BY id LIMIT 150;
SELECT (SELECT count(*) FROM pr_mentees) AS mentees, (SELECT count(*) FROM pr_mentors) > 64 AS more_than_kept;

-- the n-th mentee kept with the (n + 20)-th mentor: poor pairs, mostly
CREATE TABLE pr_kept AS
	SELECT e.id AS mentee_id, m.id AS mentor_id
	FROM (SELECT id, row_number() OVER (ORDER BY id) n FROM pr_mentees) e
	JOIN (SELECT id, row_number() OVER (ORDER BY id) n FROM pr_mentors) m ON m.n = e.n + 20
	JOIN pr_mentees ep ON ep.id = e.id JOIN pr_mentors mp ON mp.id = m.id
	WHERE e.n <= 40 AND conflicts(mp.profile, ep.profile) = '{}';
CREATE TABLE pr_forbidden AS
	SELECT e.id AS mentee_id, m.id AS mentor_id
	FROM pr_mentees e, pr_mentors m WHERE (e.id + m.id) % 7 = 0
	EXCEPT SELECT mentee_id, mentor_id FROM pr_kept;

-- the two answers side by side: matched, total, lowest score
CREATE FUNCTION pg_temp.compare(objective text, capacity_sql text, min_score float8 DEFAULT NULL,
								keep text DEFAULT NULL, forbid text DEFAULT NULL)
RETURNS TABLE (pruned text, every_pair text) LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE format($q$
		SELECT (SELECT format('%%s / %%s / %%s', count(mentor_id), round(sum(score)::numeric, 9), round(min(score)::numeric, 9))
				FROM match('SELECT id, profile FROM pr_mentees', %1$L, objective => %2$L, min_score => %3$L,
						   keep => %4$L, forbid => %5$L)),
			   (SELECT format('%%s / %%s / %%s', count(mentor_id), round(sum(score)::numeric, 9), round(min(score)::numeric, 9))
				FROM assign('SELECT * FROM (SELECT e.id AS mentee_id, m.id AS mentor_id,
											  score(m.profile, e.profile) AS score
											FROM pr_mentees e, pr_mentors m
											WHERE conflicts(m.profile, e.profile) = ''{}'') s
							 WHERE score IS NOT NULL',
							regexp_replace(%1$L, 'SELECT id, profile,', 'SELECT id AS mentor_id,'),
							objective => %2$L, min_score => %3$L, keep => %4$L, forbid => %5$L))$q$,
		capacity_sql, objective, min_score, keep, forbid);
END $$;

-- scarce seats (about 300 for 400 mentees)
SELECT o, c.* FROM unnest('{coverage,total,fair}'::text[]) o,
	LATERAL pg_temp.compare(o, 'SELECT id, profile, capacity FROM pr_mentors') c;
-- one seat each (150 for 400)
SELECT o, c.* FROM unnest('{coverage,total,fair}'::text[]) o,
	LATERAL pg_temp.compare(o, 'SELECT id, profile, 1 AS capacity FROM pr_mentors') c;
-- ample seats
SELECT o, c.* FROM unnest('{coverage,total,fair}'::text[]) o,
	LATERAL pg_temp.compare(o, 'SELECT id, profile, 5 AS capacity FROM pr_mentors') c;
-- min_score
SELECT o, c.* FROM unnest('{coverage,total,fair}'::text[]) o,
	LATERAL pg_temp.compare(o, 'SELECT id, profile, capacity FROM pr_mentors', min_score => 0.55) c;
-- kept pairs and a forbidden seventh of the pairs
SELECT o, c.* FROM unnest('{coverage,total,fair}'::text[]) o,
	LATERAL pg_temp.compare(o, 'SELECT id, profile, capacity FROM pr_mentors',
							keep => 'SELECT mentee_id, mentor_id FROM pr_kept',
							forbid => 'SELECT mentee_id, mentor_id FROM pr_forbidden') c;
-- fewer seats than mentees (300), some of which no mentee above min_score
-- can take together with the others: coverage holds them empty
SELECT o, c.* FROM unnest('{coverage,total,fair}'::text[]) o,
	LATERAL pg_temp.compare(o, 'SELECT id, profile, 2 AS capacity FROM pr_mentors', min_score => 0.62) c;
-- mentors without seats but one
SELECT o, c.* FROM unnest('{coverage,fair}'::text[]) o,
	LATERAL pg_temp.compare(o, 'SELECT id, profile, CASE WHEN id = (SELECT max(id) FROM pr_mentors) THEN 3 ELSE 0 END AS capacity FROM pr_mentors') c;


-- more mentors (374) than a mentee keeps and holds (256): conflicts,
-- forbidden pairs and rules are asked of the pairs that matter only, and
-- many of the best are removed (a tenth conflict; six sevenths or two thirds
-- forbidden; same:department leaves a mentee a fifth of the mentors or
-- none: the security department has no mentor here)
CREATE TABLE pr_wide_mentees AS SELECT id, profile FROM mentoring.mentees ORDER BY id LIMIT 600;
CREATE TABLE pr_wide_mentors AS
	SELECT id, profile, 1 + (id % 2)::int AS capacity FROM mentoring.mentors
	WHERE NOT (profile).tags @> '{department:security}' ORDER BY id LIMIT 374;
SELECT (SELECT count(*) FROM pr_wide_mentees) AS mentees, (SELECT count(*) FROM pr_wide_mentors) AS mentors;
CREATE TABLE pr_wide_pairs AS
	SELECT e.id AS mentee_id, m.id AS mentor_id, score(m.profile, e.profile) AS score,
		   conflicts(m.profile, e.profile) = '{}' AS no_conflict,
		   EXISTS (SELECT 1 FROM unnest((m.profile).tags) t
				   WHERE t LIKE 'department:%' AND t = ANY ((e.profile).tags)) AS same_department
	FROM pr_wide_mentees e, pr_wide_mentors m;
CREATE FUNCTION pg_temp.compare_wide(objective text, forbid_mod int, rules text[])
RETURNS TABLE (pruned text, every_pair text, reasons_differ bigint) LANGUAGE plpgsql AS $$
DECLARE
	forbid text := format('SELECT e.id AS mentee_id, m.id AS mentor_id FROM pr_wide_mentees e, pr_wide_mentors m
						   WHERE (e.id + m.id) %% %s <> 0', forbid_mod);
	allowed text := format('no_conflict AND (mentee_id + mentor_id) %% %s = 0 AND (%L IS NULL OR same_department)',
						   forbid_mod, rules);
BEGIN
	IF forbid_mod = 1 THEN
		forbid := NULL;
	END IF;
	RETURN QUERY EXECUTE format($q$
		WITH got AS (SELECT * FROM match('SELECT id, profile FROM pr_wide_mentees',
										 'SELECT id, profile, capacity FROM pr_wide_mentors',
										 objective => %1$L, forbid => %2$L, rules => %3$L)),
			 had AS (SELECT mentee_id, bool_or(%4$s) AS candidate FROM pr_wide_pairs
					 WHERE score IS NOT NULL GROUP BY mentee_id)
		SELECT (SELECT format('%%s / %%s / %%s', count(mentor_id), round(sum(score)::numeric, 9), round(min(score)::numeric, 9))
				FROM got),
			   (SELECT format('%%s / %%s / %%s', count(mentor_id), round(sum(score)::numeric, 9), round(min(score)::numeric, 9))
				FROM assign('SELECT mentee_id, mentor_id, score FROM pr_wide_pairs WHERE score IS NOT NULL AND ' || %4$L,
							'SELECT id AS mentor_id, capacity FROM pr_wide_mentors', objective => %1$L)),
			   (SELECT count(*) FROM got JOIN had USING (mentee_id)
				WHERE got.mentor_id IS NULL AND
					  got.reason IS DISTINCT FROM CASE WHEN had.candidate THEN 'capacity' ELSE 'excluded' END)$q$,
		objective, forbid, rules, allowed);
END $$;
SELECT o, f, r, c.* FROM unnest('{coverage,total,fair}'::text[]) o,
	(VALUES (1, NULL::text[]), (7, NULL), (3, NULL), (1, '{same:department}'), (7, '{same:department}')) v(f, r),
	LATERAL pg_temp.compare_wide(o, f, r) c;
-- the security department's mentees, left without a mentor of their own
SELECT reason, reasons, count(*) FROM match('SELECT id, profile FROM pr_wide_mentees',
											'SELECT id, profile, capacity FROM pr_wide_mentors',
											rules => '{same:department}')
WHERE mentor_id IS NULL GROUP BY 1, 2 ORDER BY 1, 2;
