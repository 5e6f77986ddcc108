-- priority: assign(..., priorities => '(mentee_id, priority)') and match()'s
-- mentees (id, profile, priority).  For every priority above the lowest
-- among the mentees in the solve, as many mentees of that priority or higher
-- are matched as can be, from the highest down (coverage and fair: the
-- lowest too), then the objective as before; kept pairs stay kept.  Checked
-- against an exhaustive search in SQL, against assign() over every pair for
-- match()'s pruned solve, and on a rematch round.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- by hand: one seat, two mentees; the higher priority takes it whatever the
-- scores, for every objective, with the score as given
SELECT o, r.* FROM unnest('{coverage,total,fair}'::text[]) o,
LATERAL assign($$SELECT * FROM (VALUES (1, 10, 0.9), (2, 10, 0.2)) AS t(mentee_id, mentor_id, score)$$,
			   objective => o,
			   priorities => $$SELECT 2 AS mentee_id, 1 AS priority$$) r;
-- a higher priority does not take a seat another mentee needs when both fit
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.1), (2, 10, 0.2), (2, 11, 0.3))
					   AS t(mentee_id, mentor_id, score)$$,
					 priorities => $$SELECT 2 AS mentee_id, 5 AS priority$$);
-- total: a mentee of the lowest priority is matched only where the total
-- gains; one of a higher priority wherever it can be (here at 0.1 for 0.9)
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (2, 10, 0.1)) AS t(mentee_id, mentor_id, score)$$,
					 objective => 'total', priorities => $$SELECT 2::bigint AS mentee_id, 1::smallint AS priority$$);
-- priorities are ordered, not weighed: -7 < 0 (the default) < 40
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (2, 10, 0.5), (3, 10, 0.1), (3, 11, 0.8))
					   AS t(mentee_id, mentor_id, score)$$,
					 priorities => $$SELECT * FROM (VALUES (1, -7), (3, 40)) p(mentee_id, priority)$$);
-- a kept pair stays kept whatever the priorities; a mentee not among the
-- candidates is ignored
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (2, 10, 0.5), (2, 11, 0.4)) AS t(mentee_id, mentor_id, score)$$,
					 keep => $$SELECT 1 AS mentee_id, 10 AS mentor_id$$,
					 priorities => $$SELECT * FROM (VALUES (1, 0), (2, 3), (99, 9)) p(mentee_id, priority)$$);

-- one priority (no query, all 0, all 7, none listed): the answer without
-- priorities, to the bit
CREATE TABLE regress.pri_one AS
SELECT e AS mentee_id, m AS mentor_id, ((hashint4(e * 131 + m) & 1023) / 1023.0)::float8 AS score
FROM generate_series(1, 60) e, generate_series(1, 25) m WHERE (hashint4(e * 7 + m * 3) & 3) > 0;
SELECT o, count(*) FILTER (WHERE a IS DISTINCT FROM b) AS rows_differ
FROM unnest('{coverage,total,fair}'::text[]) o,
	 unnest(array[NULL, 'SELECT DISTINCT mentee_id, 0 AS priority FROM regress.pri_one',
				  'SELECT DISTINCT mentee_id, 7 AS priority FROM regress.pri_one',
				  'SELECT 1000 AS mentee_id, 1 AS priority']) q,
LATERAL (SELECT array_agg(r ORDER BY r.mentee_id) AS a
		 FROM assign('SELECT * FROM regress.pri_one', 'SELECT 3 AS mentor_id, 2 AS capacity', o) r) x,
LATERAL (SELECT array_agg(r ORDER BY r.mentee_id) AS b
		 FROM assign('SELECT * FROM regress.pri_one', 'SELECT 3 AS mentor_id, 2 AS capacity', o,
					 priorities => q) r) y
GROUP BY o ORDER BY o;

-- errors
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score',
		   priorities => 'SELECT 1 AS mentee_id, NULL::int AS priority')$$) AS null_priority;
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score',
		   priorities => 'SELECT 1 AS mentee_id, 1.5 AS priority')$$) AS numeric_priority;
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score',
		   priorities => 'SELECT 1 AS mentee_id, ''high''::text AS priority')$$) AS text_priority;
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score',
		   priorities => 'SELECT * FROM (VALUES (1, 1), (1, 2), (3, 1), (3, 1), (2, 1)) p(mentee_id, priority)')$$) AS mentee_twice;
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score',
		   priorities => 'SELECT 1 AS mentee_id, 1 AS priority, 2 AS rank')$$) AS unread_column;
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score',
		   priorities => 'SELECT 1 AS mentee_id')$$) AS no_priority_column;
-- more priorities than the solve resolves: each class costs precision
SELECT try($$SELECT count(*) FROM assign('SELECT e AS mentee_id, 1 AS mentor_id, 0.5 AS score FROM generate_series(1, 1100) e',
		   priorities => 'SELECT e AS mentee_id, e AS priority FROM generate_series(1, 1100) e')$$) AS too_many_priorities;
SELECT count(*) FROM assign('SELECT e AS mentee_id, 1 AS mentor_id, 0.5 AS score FROM generate_series(1, 1100) e',
							priorities => 'SELECT e AS mentee_id, e % 900 AS priority FROM generate_series(1, 1100) e');
SELECT try($$SELECT count(*) FROM match('SELECT 1 AS id, profile(grade => 3) AS profile, NULL::int AS priority',
		   'SELECT 2 AS id, profile(grade => 5) AS profile')$$) AS match_null_priority;
SELECT try($$SELECT count(*) FROM match('SELECT 1 AS id, profile(grade => 3) AS profile, 2.0::float8 AS priority',
		   'SELECT 2 AS id, profile(grade => 5) AS profile')$$) AS match_float_priority;
SELECT try($$SELECT count(*) FROM match('SELECT 1 AS id, profile(grade => 3) AS profile, 2 AS prio',
		   'SELECT 2 AS id, profile(grade => 5) AS profile')$$) AS match_misspelt_priority;
-- recommend() reads no priority: the column is an error as any unread one
SELECT try($$SELECT count(*) FROM recommend('SELECT 1 AS id, profile(grade => 3) AS profile, 2 AS priority',
		   'SELECT 2 AS id, profile(grade => 5) AS profile')$$) AS recommend_priority;

-- optimality: hundreds of random small instances (three priorities, some
-- mentees left out of the priorities query (0), capacities 0..2, missing
-- pairs, tied and negative scores, min_score, a kept pair), all three
-- objectives, against an exhaustive search written in SQL
CREATE TABLE regress.pinst AS
SELECT i AS inst,
	   2 + i % 5 AS mentees,
	   1 + (i / 5) % 4 AS mentors,
	   CASE WHEN i % 6 = 0 THEN 0.3 END AS min_score,
	   i % 4 = 1 AS with_keep,
	   -- priority levels 0, 1, 2 as these values (mentees with priority 0
	   -- are left out of the query half the time)
	   CASE WHEN i % 3 = 0 THEN array[-7, 0, 40] ELSE array[0, 1, 2] END AS level_value
FROM generate_series(1, 360) i;
CREATE TABLE regress.pinst_edge AS
SELECT inst, e AS mentee_id, m AS mentor_id,
	   round((((hashint4(inst * 1000 + e * 10 + m) & 1023) / 1023.0) * 1.2 - 0.2)::numeric, 1)::float8 AS score
FROM regress.pinst, generate_series(1, mentees) e, generate_series(1, mentors) m
WHERE (hashint4(inst * 7919 + e * 31 + m) & 7) < 5;
CREATE TABLE regress.pinst_cap AS
SELECT inst, m AS mentor_id, (hashint4(inst * 104729 + m) & 3) % 3 AS capacity
FROM regress.pinst, generate_series(1, mentors) m;
CREATE TABLE regress.pinst_level AS
SELECT inst, e AS mentee_id, (hashint4(inst * 7877 + e * 3) & 255) % 3 AS level
FROM regress.pinst, generate_series(1, mentees) e;
-- kept: mentee 1 with its first listed mentor that has a seat
CREATE TABLE regress.pinst_keep AS
SELECT DISTINCT ON (inst) inst, e.mentee_id, e.mentor_id
FROM regress.pinst i JOIN regress.pinst_edge e USING (inst) JOIN regress.pinst_cap k USING (inst, mentor_id)
WHERE i.with_keep AND e.mentee_id = 1 AND k.capacity > 0
ORDER BY inst, e.mentor_id;
-- the lowest level among the mentees in the solve (listed, not kept)
CREATE TABLE regress.pinst_low AS
SELECT inst, min(level) AS low
FROM regress.pinst_level l
WHERE EXISTS (SELECT 1 FROM regress.pinst_edge e WHERE e.inst = l.inst AND e.mentee_id = l.mentee_id)
  AND NOT EXISTS (SELECT 1 FROM regress.pinst_keep k WHERE k.inst = l.inst AND k.mentee_id = l.mentee_id)
GROUP BY inst;

-- every way to assign each mentee to nothing or a listed mentor with a seat
-- left (a kept mentee: its mentor only, counted nowhere else), with the
-- mentees matched at each level and whether a pair scores 0 or less
CREATE TABLE regress.pinst_all AS
WITH RECURSIVE walk (inst, level, used, n0, n1, n2, total, lowest, nonpositive) AS (
	SELECT inst, 0, array_fill(0, ARRAY[mentors]), 0, 0, 0, 0::float8, NULL::float8, false FROM regress.pinst
	UNION ALL
	SELECT w.inst, w.level + 1,
		   CASE WHEN c.mentor_id IS NULL THEN w.used
				ELSE w.used[:c.mentor_id - 1] || (w.used[c.mentor_id] + 1) || w.used[c.mentor_id + 1:] END,
		   w.n0 + (c.counted AND l.level = 0)::int,
		   w.n1 + (c.counted AND l.level = 1)::int,
		   w.n2 + (c.counted AND l.level = 2)::int,
		   w.total + CASE WHEN c.counted THEN c.score ELSE 0 END,
		   CASE WHEN c.counted THEN least(w.lowest, c.score) ELSE w.lowest END,
		   w.nonpositive OR (c.counted AND c.score <= 0)
	FROM walk w
	JOIN regress.pinst i ON i.inst = w.inst AND w.level < i.mentees
	JOIN regress.pinst_level l ON l.inst = w.inst AND l.mentee_id = w.level + 1
	LEFT JOIN regress.pinst_keep kp ON kp.inst = w.inst AND kp.mentee_id = w.level + 1
	CROSS JOIN LATERAL (
		SELECT NULL::int AS mentor_id, NULL::float8 AS score, false AS counted
		WHERE kp.mentee_id IS NULL
		UNION ALL
		SELECT kp.mentor_id, NULL, false WHERE kp.mentee_id IS NOT NULL
		UNION ALL
		SELECT e.mentor_id, e.score, true FROM regress.pinst_edge e
		JOIN regress.pinst_cap k ON k.inst = e.inst AND k.mentor_id = e.mentor_id
		WHERE kp.mentee_id IS NULL AND e.inst = w.inst AND e.mentee_id = w.level + 1
		  AND (i.min_score IS NULL OR e.score >= i.min_score)
		  AND w.used[e.mentor_id] < k.capacity) c
)
SELECT w.inst, n0, n1, n2, total, lowest, nonpositive FROM walk w JOIN regress.pinst i USING (inst)
WHERE level = i.mentees;

-- the best by objective: the levels from the highest down (total: those
-- above the lowest in the solve, and pairs scoring above 0 only, as
-- ever), then as before
CREATE TABLE regress.pinst_best AS
SELECT inst,
	   (SELECT array[n2, n1, n0, total] FROM regress.pinst_all a WHERE a.inst = i.inst
		ORDER BY n2 DESC, n1 DESC, n0 DESC, total DESC LIMIT 1) AS coverage,
	   (SELECT array[CASE WHEN lo.low < 2 THEN n2 ELSE 0 END, CASE WHEN lo.low < 1 THEN n1 ELSE 0 END, total]
		FROM regress.pinst_all a WHERE a.inst = i.inst AND NOT nonpositive
		ORDER BY 1 DESC LIMIT 1) AS total,
	   (SELECT array[n2, n1, n0, coalesce(lowest, 0), total] FROM regress.pinst_all a WHERE a.inst = i.inst
		ORDER BY n2 DESC, n1 DESC, n0 DESC, lowest DESC NULLS LAST, total DESC LIMIT 1) AS fair
FROM regress.pinst i LEFT JOIN regress.pinst_low lo USING (inst);
SELECT count(*) AS instances, sum(x) AS assignments_enumerated,
	   count(*) FILTER (WHERE levels > 1) AS with_two_levels_or_more
FROM (SELECT inst, count(*) AS x FROM regress.pinst_all GROUP BY inst) t
JOIN (SELECT inst, count(DISTINCT level) AS levels FROM regress.pinst_level GROUP BY inst) l USING (inst);

CREATE TABLE regress.pinst_result AS
SELECT i.inst, o.objective, r.*
FROM regress.pinst i
CROSS JOIN (VALUES ('coverage'), ('total'), ('fair')) o(objective)
CROSS JOIN LATERAL assign(
	format('SELECT mentee_id, mentor_id, score FROM regress.pinst_edge WHERE inst = %s', i.inst),
	format('SELECT mentor_id, capacity FROM regress.pinst_cap WHERE inst = %s', i.inst),
	o.objective, i.min_score,
	keep => CASE WHEN i.with_keep THEN
		format('SELECT mentee_id, mentor_id FROM regress.pinst_keep WHERE inst = %s', i.inst) END,
	priorities => format('SELECT mentee_id, (%L::int[])[level + 1] AS priority FROM regress.pinst_level
						  WHERE inst = %s AND ((%L::int[])[level + 1] <> 0 OR mentee_id %% 2 = 0)
						  UNION ALL SELECT 99, 5', i.level_value, i.inst, i.level_value)) r;

-- valid: capacities held, listed pairs with their scores, kept pairs kept
SELECT count(*) AS over_capacity FROM
	(SELECT r.inst, r.objective, r.mentor_id, count(*) AS n, min(k.capacity) AS cap
	 FROM regress.pinst_result r JOIN regress.pinst_cap k USING (inst, mentor_id)
	 GROUP BY 1, 2, 3) t WHERE n > cap;
SELECT count(*) AS unlisted_or_wrong_score
FROM regress.pinst_result r LEFT JOIN regress.pinst_edge e USING (inst, mentee_id, mentor_id)
WHERE r.mentor_id IS NOT NULL AND (e.score IS NULL OR e.score IS DISTINCT FROM r.score);
SELECT count(*) AS kept_pairs, count(*) FILTER (WHERE r.reason = 'kept' AND r.mentor_id = k.mentor_id) AS kept_as_kept
FROM regress.pinst_keep k JOIN regress.pinst_result r USING (inst, mentee_id);
-- optimal: equal to the exhaustive optimum, level by level
SELECT r.objective, count(*) AS instances,
	   count(*) FILTER (WHERE CASE r.objective
		   WHEN 'coverage' THEN got[1:3] <> best.coverage[1:3] OR abs(got[4] - best.coverage[4]) > 1e-9
		   WHEN 'total' THEN (CASE WHEN lo.low < 2 THEN got[1] ELSE 0 END) <> best.total[1]
							 OR (CASE WHEN lo.low < 1 THEN got[2] ELSE 0 END) <> best.total[2]
							 OR abs(got[4] - best.total[3]) > 1e-9
		   ELSE got[1:3] <> best.fair[1:3] OR abs(got[5] - best.fair[4]) > 1e-9
				OR abs(got[4] - best.fair[5]) > 1e-9 END) AS not_optimal
FROM (SELECT r.inst, r.objective,
			 array[count(*) FILTER (WHERE l.level = 2 AND r.mentor_id IS NOT NULL),
				   count(*) FILTER (WHERE l.level = 1 AND r.mentor_id IS NOT NULL),
				   count(*) FILTER (WHERE l.level = 0 AND r.mentor_id IS NOT NULL),
				   coalesce(sum(r.score) FILTER (WHERE r.mentor_id IS NOT NULL), 0),
				   coalesce(min(r.score) FILTER (WHERE r.mentor_id IS NOT NULL), 0)]::float8[] AS got
	  FROM regress.pinst_result r JOIN regress.pinst_level l USING (inst, mentee_id)
	  WHERE r.reason IS DISTINCT FROM 'kept'
	  GROUP BY 1, 2) r
JOIN regress.pinst_best best USING (inst)
LEFT JOIN regress.pinst_low lo USING (inst)
GROUP BY r.objective ORDER BY r.objective;
-- the reasons stay as without priorities
SELECT count(*) AS reasons_differ
FROM regress.pinst_result r
JOIN regress.pinst i USING (inst)
JOIN LATERAL assign(
	format('SELECT mentee_id, mentor_id, score FROM regress.pinst_edge WHERE inst = %s', i.inst),
	format('SELECT mentor_id, capacity FROM regress.pinst_cap WHERE inst = %s', i.inst),
	r.objective, i.min_score,
	keep => CASE WHEN i.with_keep THEN
		format('SELECT mentee_id, mentor_id FROM regress.pinst_keep WHERE inst = %s', i.inst) END) p
  ON p.mentee_id = r.mentee_id
WHERE (r.mentor_id IS NULL) = (p.mentor_id IS NULL) AND r.reason IS DISTINCT FROM p.reason;

-- match(): a priority column in the mentees query, at a size where the
-- solve is pruned and proved by its certificate (400 mentees, 150 mentors,
-- more than a mentee keeps): its answer is assign()'s over every pair with
-- the same priorities, class by class, for every objective; the scores are
-- score()'s
\set ECHO none
SET client_min_messages = warning;
\i demo/hr_schema.sql
\i demo/generate.sql
SELECT hr.generate(2500, 11) IS NOT NULL AS generated \gset
\i demo/profiles.sql
RESET client_min_messages;
\set ECHO all
CREATE TABLE pq_mentees AS
	SELECT id, profile, (id % 3 = 0)::int + (id % 7 = 0)::int AS priority
	FROM mentoring.mentees ORDER BY id LIMIT 400;
CREATE TABLE pq_mentors AS
	SELECT id, profile, 1 + (id % 3)::int AS capacity FROM mentoring.mentors ORDER BY id LIMIT 150;
SELECT priority, count(*) FROM pq_mentees GROUP BY 1 ORDER BY 1;
SELECT (SELECT count(*) FROM pq_mentors) > 64 AS more_than_kept, (SELECT sum(capacity) FROM pq_mentors) AS seats;
CREATE TABLE pq_pairs AS
	SELECT e.id AS mentee_id, m.id AS mentor_id, score(m.profile, e.profile) AS score
	FROM pq_mentees e, pq_mentors m WHERE conflicts(m.profile, e.profile) = '{}';
-- per priority (2, 1, 0): matched; then matched, total, lowest
CREATE FUNCTION pg_temp.summary(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	s text;
BEGIN
	EXECUTE format($f$
		SELECT format('%%s %%s %%s / %%s / %%s / %%s',
					  count(r.mentor_id) FILTER (WHERE e.priority = 2),
					  count(r.mentor_id) FILTER (WHERE e.priority = 1),
					  count(r.mentor_id) FILTER (WHERE e.priority = 0),
					  count(r.mentor_id), round(sum(r.score)::numeric, 9), round(min(r.score)::numeric, 9))
		FROM (%s) r JOIN pq_mentees e ON e.id = r.mentee_id$f$, q) INTO s;
	RETURN s;
END $$;
SELECT o,
	   pg_temp.summary(format($$SELECT mentee_id, mentor_id, score FROM match('SELECT id, profile, priority FROM pq_mentees',
							  'SELECT id, profile, capacity FROM pq_mentors', objective => %L)$$, o)) AS match,
	   pg_temp.summary(format($$SELECT mentee_id, mentor_id, score FROM assign('SELECT * FROM pq_pairs WHERE score IS NOT NULL',
							  'SELECT id AS mentor_id, capacity FROM pq_mentors', %L,
							  priorities => 'SELECT id AS mentee_id, priority FROM pq_mentees')$$, o)) AS every_pair,
	   pg_temp.summary(format($$SELECT mentee_id, mentor_id, score FROM match('SELECT id, profile FROM pq_mentees',
							  'SELECT id, profile, capacity FROM pq_mentors', objective => %L)$$, o)) AS without_priorities
FROM unnest('{coverage,total,fair}'::text[]) o;
-- scarce seats (one each, 150 for 400) and min_score
SELECT o,
	   pg_temp.summary(format($$SELECT mentee_id, mentor_id, score FROM match('SELECT id, profile, priority FROM pq_mentees',
							  'SELECT id, profile, 1 AS capacity FROM pq_mentors', objective => %L, min_score => 0.55)$$, o)) AS match,
	   pg_temp.summary(format($$SELECT mentee_id, mentor_id, score FROM assign('SELECT * FROM pq_pairs WHERE score >= 0.55',
							  NULL, %L, priorities => 'SELECT id AS mentee_id, priority FROM pq_mentees')$$, o)) AS every_pair
FROM unnest('{coverage,total,fair}'::text[]) o;
SELECT count(*) AS proposed, count(*) FILTER (WHERE r.score = score(m.profile, e.profile)) AS real_scores
FROM match('SELECT id, profile, priority FROM pq_mentees', 'SELECT id, profile, capacity FROM pq_mentors') r
JOIN pq_mentees e ON e.id = r.mentee_id JOIN pq_mentors m ON m.id = r.mentor_id;

-- a rematch round as one call: the running pairs stay (keep), the stalled
-- ones are rematched away from their mentor (forbid) with priority 1, and
-- new mentees (priority 0) take what seats are left.  Seats are scarce:
-- one each, and the first round took 100 of the 150.
CREATE TABLE pq_round1 AS
	SELECT mentee_id, mentor_id FROM match('SELECT id, profile FROM pq_mentees WHERE id IN (SELECT id FROM pq_mentees ORDER BY id LIMIT 100)',
										   'SELECT id, profile, 1 AS capacity FROM pq_mentors')
	WHERE mentor_id IS NOT NULL;
CREATE TABLE pq_stalled AS SELECT * FROM pq_round1 ORDER BY mentee_id LIMIT 40;
CREATE TABLE pq_running AS SELECT * FROM pq_round1 EXCEPT SELECT * FROM pq_stalled;
SELECT (SELECT count(*) FROM pq_running) AS running, (SELECT count(*) FROM pq_stalled) AS stalled,
	   (SELECT count(*) FROM pq_mentees) - (SELECT count(*) FROM pq_round1) AS new_mentees;
CREATE FUNCTION pg_temp.rematch(with_priority boolean)
RETURNS TABLE (stalled_matched bigint, stalled_unmatched bigint, new_matched bigint, kept bigint,
			   old_mentor_again bigint)
LANGUAGE sql AS $$
	WITH r AS (
		SELECT * FROM match(
			CASE WHEN with_priority
				 THEN 'SELECT id, profile, (id IN (SELECT mentee_id FROM pq_stalled))::int AS priority FROM pq_mentees'
				 ELSE 'SELECT id, profile FROM pq_mentees' END,
			'SELECT id, profile, 1 AS capacity FROM pq_mentors',
			keep => 'SELECT mentee_id, mentor_id FROM pq_running',
			forbid => 'SELECT mentee_id, mentor_id FROM pq_stalled'))
	SELECT count(*) FILTER (WHERE s.mentee_id IS NOT NULL AND r.mentor_id IS NOT NULL),
		   count(*) FILTER (WHERE s.mentee_id IS NOT NULL AND r.mentor_id IS NULL),
		   count(*) FILTER (WHERE r.mentee_id NOT IN (SELECT mentee_id FROM pq_round1) AND r.mentor_id IS NOT NULL),
		   count(*) FILTER (WHERE r.reason = 'kept'),
		   count(*) FILTER (WHERE r.mentor_id = s.mentor_id)
	FROM r LEFT JOIN pq_stalled s USING (mentee_id)
$$;
SELECT 'with priority' AS round, * FROM pg_temp.rematch(true)
UNION ALL
SELECT 'without', * FROM pg_temp.rematch(false);
