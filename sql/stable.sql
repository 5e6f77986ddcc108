-- stable_match(): textbook answers, no blocking pair, mentee- and
-- mentor-optimality against every stable matching, ties, errors.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- Gale and Shapley's kind of example: two stable matchings, one best for
-- each side.  Mentees a=1, b=2, c=3; mentors x=10, y=20, z=30.
--	 a: x > y > z	 b: y > x > z	 c: x > y > z
--	 x: b > a > c	 y: a > b > c	 z: a > b > c
CREATE TABLE regress.gs (mentee_id int, mentor_id int, mentee_pref int, mentor_pref int);
INSERT INTO regress.gs VALUES
	(1, 10, 3, 2), (1, 20, 2, 3), (1, 30, 1, 3),
	(2, 10, 2, 3), (2, 20, 3, 2), (2, 30, 1, 2),
	(3, 10, 3, 1), (3, 20, 2, 1), (3, 30, 1, 1);
SELECT * FROM stable_match('SELECT * FROM regress.gs');
SELECT * FROM stable_match('SELECT * FROM regress.gs', optimal => 'mentee');
SELECT * FROM stable_match('SELECT * FROM regress.gs', optimal => 'mentor');

-- hospitals/residents: capacities, unacceptable pairs, someone left over
--	 mentor 10 has two seats, mentor 20 one; mentee 1 is left over
CREATE TABLE regress.hr (mentee_id int, mentor_id int, mentee_pref float8, mentor_pref float8);
INSERT INTO regress.hr VALUES
	(1, 10, 0.9, 0.5), (1, 20, 0.8, 0.9),
	(2, 10, 0.9, 0.8),
	(3, 10, 0.7, 0.7), (3, 20, 0.9, 0.1),
	(5, 20, 0.5, 0.95);
SELECT * FROM stable_match('SELECT * FROM regress.hr', 'SELECT 10 AS mentor_id, 2 AS capacity');
SELECT * FROM stable_match('SELECT * FROM regress.hr', 'SELECT 10 AS mentor_id, 2 AS capacity', 'mentor');
SELECT * FROM stable_match('SELECT * FROM regress.hr', 'SELECT 10 AS mentor_id, 0 AS capacity UNION ALL SELECT 20, 0');

-- ties are broken by id: mentee 1 likes both mentors equally and takes the
-- lower id; mentor 10 likes both mentees equally and keeps the lower id
SELECT * FROM stable_match($$SELECT * FROM (VALUES (1, 20, 1, 1), (1, 10, 1, 1), (2, 10, 1, 1))
							 AS t(mentee_id, mentor_id, mentee_pref, mentor_pref)$$);
SELECT * FROM stable_match($$SELECT * FROM (VALUES (2, 10, 1, 1), (1, 10, 1, 1))
							 AS t(mentee_id, mentor_id, mentee_pref, mentor_pref)$$);

-- bad input
SELECT q, try(format('SELECT count(*) FROM stable_match(%L)', q)) AS error
FROM unnest(ARRAY[
	'SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS mentee_pref',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score, 0.5 AS mentor_pref',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, NULL::float8 AS mentee_pref, 1 AS mentor_pref',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, 1 AS mentee_pref, ''NaN''::float8 AS mentor_pref',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, 1 AS mentee_pref, ''x''::text AS mentor_pref',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, 1 AS mentee_pref, 1 AS mentor_pref UNION ALL SELECT 1, 2, 2, 2'
]) AS q;
SELECT try($$SELECT count(*) FROM stable_match('SELECT 1 AS mentee_id, 2 AS mentor_id, 1 AS mentee_pref, 1 AS mentor_pref', NULL, 'both')$$) AS bad_optimal;
SELECT try($$SELECT count(*) FROM stable_match('SELECT 1 AS mentee_id, 2 AS mentor_id, 1 AS mentee_pref, 1 AS mentor_pref', 'SELECT 2 AS mentor_id, -2 AS capacity')$$) AS negative_capacity;
SELECT count(*) AS empty FROM stable_match('SELECT 1 AS mentee_id, 2 AS mentor_id, 1 AS mentee_pref, 1 AS mentor_pref WHERE false');
-- the duplicate-pair error shows the query's whole text, however long (40
-- MB: see the same case in assign.sql)
SELECT n, left(ctx, 88) AS context, length(ctx) > n AS whole_text,
	   position(' */' in ctx) > 0 AS ends_intact
FROM (VALUES (10), (40000000)) AS t(n),
LATERAL (SELECT regress.error_context(format('SELECT count(*) FROM stable_match(%L)',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, 1 AS mentee_pref, 1 AS mentor_pref '
	|| 'UNION ALL SELECT 1, 2, 2, 2 /* ' || repeat('x', n) || ' */')) AS ctx) c;

-- random small instances: enumerate every assignment, keep the stable
-- ones, and check stable_match returns a stable one that is best for every
-- mentee (optimal => mentee) or for every mentor (optimal => mentor)
CREATE TABLE regress.sm_inst AS
SELECT i AS inst, 3 + i % 3 AS mentees, 2 + (i / 3) % 3 AS mentors FROM generate_series(1, 240) i;
CREATE TABLE regress.sm_edge AS
SELECT inst, e AS mentee_id, m AS mentor_id,
	   (hashint4(inst * 31 + e * 7 + m) & 3)::float8 AS mentee_pref,	-- ties on purpose
	   -- half the instances: mentors like best whom mentees like least, which
	   -- makes several stable matchings likely
	   CASE WHEN inst % 2 = 0 THEN 3 - (hashint4(inst * 31 + e * 7 + m) & 3)
			ELSE hashint4(inst * 37 + e * 11 + m * 5) & 3 END::float8 AS mentor_pref
FROM regress.sm_inst, generate_series(1, mentees) e, generate_series(1, mentors) m
WHERE (hashint4(inst * 7919 + e * 31 + m) & 7) < 6;
CREATE TABLE regress.sm_cap AS
SELECT inst, m AS mentor_id, 1 + (hashint4(inst * 104729 + m) & 3) % 2 AS capacity
FROM regress.sm_inst, generate_series(1, mentors) m;
-- rank of each acceptable pair on each side (1 = best; ties by id)
CREATE TABLE regress.sm_rank AS
SELECT inst, mentee_id, mentor_id,
	   rank() OVER (PARTITION BY inst, mentee_id ORDER BY mentee_pref DESC, mentor_id) AS mentee_rank,
	   rank() OVER (PARTITION BY inst, mentor_id ORDER BY mentor_pref DESC, mentee_id) AS mentor_rank
FROM regress.sm_edge;
-- every feasible assignment: mentor per mentee (0 = unmatched)
CREATE TABLE regress.sm_all AS
WITH RECURSIVE walk (inst, level, used, choice) AS (
	SELECT inst, 0, array_fill(0, ARRAY[mentors]), '{}'::int[] FROM regress.sm_inst
	UNION ALL
	SELECT w.inst, w.level + 1,
		   CASE WHEN c.mentor_id = 0 THEN w.used
				ELSE w.used[:c.mentor_id - 1] || (w.used[c.mentor_id] + 1) || w.used[c.mentor_id + 1:] END,
		   w.choice || c.mentor_id
	FROM walk w JOIN regress.sm_inst i ON i.inst = w.inst AND w.level < i.mentees
	CROSS JOIN LATERAL (
		SELECT 0 AS mentor_id
		UNION ALL
		SELECT e.mentor_id FROM regress.sm_edge e JOIN regress.sm_cap k USING (inst, mentor_id)
		WHERE e.inst = w.inst AND e.mentee_id = w.level + 1 AND w.used[e.mentor_id] < k.capacity) c
)
SELECT w.inst, row_number() OVER () AS id, choice, used
FROM walk w JOIN regress.sm_inst i USING (inst) WHERE level = i.mentees;
-- an assignment is stable when no acceptable pair would both rather have each other
CREATE TABLE regress.sm_stable AS
SELECT a.* FROM regress.sm_all a
WHERE NOT EXISTS (
	SELECT 1 FROM regress.sm_rank r JOIN regress.sm_cap k USING (inst, mentor_id)
	WHERE r.inst = a.inst AND a.choice[r.mentee_id] <> r.mentor_id
	  -- the mentee would rather: unmatched, or ranks this mentor higher
	  AND (a.choice[r.mentee_id] = 0 OR r.mentee_rank <
		   (SELECT mentee_rank FROM regress.sm_rank x WHERE x.inst = a.inst
			AND x.mentee_id = r.mentee_id AND x.mentor_id = a.choice[r.mentee_id]))
	  -- the mentor would rather: a free seat, or ranks this mentee above one it holds
	  AND (a.used[r.mentor_id] < k.capacity OR EXISTS (
			SELECT 1 FROM regress.sm_rank y WHERE y.inst = a.inst AND y.mentor_id = r.mentor_id
			  AND a.choice[y.mentee_id] = r.mentor_id AND y.mentor_rank > r.mentor_rank)));
SELECT count(DISTINCT inst) AS instances, count(*) AS stable_matchings,
	   (SELECT count(*) FROM regress.sm_all) AS assignments_enumerated
FROM regress.sm_stable;

CREATE TABLE regress.sm_out AS
SELECT i.inst, o.optimal, r.*
FROM regress.sm_inst i
CROSS JOIN (VALUES ('mentee'), ('mentor')) o(optimal)
CROSS JOIN LATERAL stable_match(
	format('SELECT mentee_id, mentor_id, mentee_pref, mentor_pref FROM regress.sm_edge WHERE inst = %s', i.inst),
	format('SELECT mentor_id, capacity FROM regress.sm_cap WHERE inst = %s', i.inst),
	o.optimal) r;
-- as a mentor per mentee (0 = unmatched, also for mentees with no pair)
CREATE TABLE regress.sm_result AS
SELECT i.inst, o.optimal,
	   ARRAY(SELECT coalesce(s.mentor_id, 0)::int FROM generate_series(1, i.mentees) k
			 LEFT JOIN regress.sm_out s ON s.inst = i.inst AND s.optimal = o.optimal AND s.mentee_id = k
			 ORDER BY k) AS got
FROM regress.sm_inst i CROSS JOIN (VALUES ('mentee'), ('mentor')) o(optimal);
-- each mentee's rank of a mentor (unmatched ranks last)
CREATE FUNCTION pg_temp.mentee_rank(inst int, mentee int, mentor int) RETURNS bigint
	LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT mentee_rank FROM regress.sm_rank r
					 WHERE r.inst = $1 AND r.mentee_id = $2 AND r.mentor_id = $3), 1000) $$;

SELECT optimal,
	   count(*) AS instances,
	   count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM regress.sm_stable s
										  WHERE s.inst = r.inst AND s.choice = r.got)) AS not_stable,
	   count(*) FILTER (WHERE EXISTS (
			SELECT 1 FROM regress.sm_stable s, generate_series(1, array_length(r.got, 1)) k
			WHERE s.inst = r.inst AND CASE r.optimal
				WHEN 'mentee' THEN pg_temp.mentee_rank(r.inst, k, s.choice[k]) < pg_temp.mentee_rank(r.inst, k, r.got[k])
				ELSE pg_temp.mentee_rank(r.inst, k, s.choice[k]) > pg_temp.mentee_rank(r.inst, k, r.got[k]) END))
		   AS not_optimal
FROM regress.sm_result r GROUP BY optimal ORDER BY optimal;
-- reasons
SELECT count(*) FILTER (WHERE reason = 'no_candidate') AS no_candidate,
	   count(*) FILTER (WHERE reason = 'capacity') AS capacity,
	   count(*) FILTER (WHERE mentor_id IS NULL AND reason <> CASE
			WHEN EXISTS (SELECT 1 FROM regress.sm_edge e WHERE e.inst = o.inst AND e.mentee_id = o.mentee_id)
			THEN 'capacity' ELSE 'no_candidate' END) AS wrong_reason
FROM regress.sm_out o;

DROP TABLE regress.gs, regress.hr, regress.sm_inst, regress.sm_edge, regress.sm_cap, regress.sm_rank,
	regress.sm_all, regress.sm_stable, regress.sm_out, regress.sm_result;
