-- assign(): optimality against brute force, reasons, input forms, errors,
-- row-level security, cancel.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- the smallest cases, by hand
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.5), (2, 10, 0.8))
					   AS t(mentee_id, mentor_id, score)$$);
-- coverage matches both; total takes the single best pair
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.1), (2, 10, 0.1))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'coverage');
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (1, 11, 0.1), (2, 10, 0.1))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'total');
-- fair: most matched, then the highest lowest score
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 1.0), (1, 11, 0.6), (2, 10, 0.6), (2, 11, 0.3))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'fair');
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 1.0), (1, 11, 0.6), (2, 10, 0.6), (2, 11, 0.3))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'coverage');
-- capacities: a mentor missing from the capacities query takes one
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (2, 10, 0.8), (3, 10, 0.7), (3, 11, 0.1))
					   AS t(mentee_id, mentor_id, score)$$,
					 $$SELECT 10 AS mentor_id, 2 AS capacity$$);
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (2, 10, 0.8)) AS t(mentee_id, mentor_id, score)$$,
					 $$SELECT 10 AS mentor_id, 0 AS capacity$$);
-- a huge score to a mentor without seats does not blur the others: 11 (0.25) beats 10 (0)
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.0::float8), (1, 11, 0.25), (2, 12, 1e16))
					   AS t(mentee_id, mentor_id, score)$$,
					 $$SELECT 12 AS mentor_id, 0 AS capacity$$);
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 1.0::float8), (1, 11, 1.00000001), (2, 12, 1e9))
					   AS t(mentee_id, mentor_id, score)$$,
					 $$SELECT 12 AS mentor_id, 0 AS capacity$$, objective => 'fair');
-- min_score: below it is no candidate
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.9), (2, 10, 0.3), (2, 11, 0.2), (3, 12, 0.5))
					   AS t(mentee_id, mentor_id, score)$$, min_score => 0.4);
-- total: a pair with a score of zero or less adds nothing, so is no candidate
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, -0.5), (2, 11, 0), (3, 12, 0.5))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'total');
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, -0.5), (2, 11, 0), (3, 12, 0.5))
					   AS t(mentee_id, mentor_id, score)$$, objective => 'coverage');

-- input forms: long and wide, ids of any integer width, scores
-- float4/float8/numeric/integer; the output is the same
SELECT * FROM assign($$SELECT 1::smallint AS mentee_id, 10::int AS mentor_id, 0.5::real AS score
					   UNION ALL SELECT 2, 10, 0.75$$);
SELECT * FROM assign($$SELECT 1::bigint AS mentee_id, 10::bigint AS mentor_id, 0.5::numeric AS score
					   UNION ALL SELECT 2, 10, 0.75$$);
SELECT * FROM assign($$SELECT 1 AS mentee_id, 10 AS mentor_id, 1 AS score$$);
SELECT * FROM assign($$SELECT * FROM (VALUES
						  (1, ARRAY[10, 11]::bigint[], ARRAY[0.5, 0.9]::float8[]),
						  (2, ARRAY[10, 11], ARRAY[0.4, 0.7]),
						  (3, '{}', '{}')) AS t(mentee_id, mentor_ids, scores)$$);
SELECT * FROM assign($$SELECT * FROM (VALUES
						  (1, ARRAY[10, 11]::int[], ARRAY[0.5, 0.9]::numeric[]),
						  (2, ARRAY[11, 10]::int[], ARRAY[0.8, 0.4]::numeric[])) AS t(mentee_id, mentor_ids, scores)$$);
-- a mentee may come back in later rows, wide or long
SELECT * FROM assign($$SELECT * FROM (VALUES (1, 10, 0.5), (2, 10, 0.6), (1, 11, 0.7)) AS t(mentee_id, mentor_id, score)$$);
-- empty input: no rows
SELECT count(*) FROM assign($$SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score WHERE false$$);

-- bad input: the right SQLSTATE, naming the column and the query (the
-- data-modifying WITH reads a table that exists, so only its DELETE is wrong)
CREATE TABLE regress.nothing (x int);
SELECT q, try(format('SELECT count(*) FROM assign(%L)', q)) AS error
FROM unnest(ARRAY[
	'SELECT 1 AS mentee, 2 AS mentor_id, 0.5 AS score',
	'SELECT 1 AS mentee_id, 2 AS mentor_id',
	'SELECT 1 AS mentee_id, 0.5 AS score',
	'SELECT 1 AS mentee_id, ARRAY[2] AS mentor_ids',
	'SELECT ''a''::text AS mentee_id, 2 AS mentor_id, 0.5 AS score',
	'SELECT 1.5 AS mentee_id, 2 AS mentor_id, 0.5 AS score',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, ''0.5''::text AS score',
	'SELECT 1 AS mentee_id, ARRAY[''a''] AS mentor_ids, ARRAY[0.5] AS scores',
	'SELECT NULL::int AS mentee_id, 2 AS mentor_id, 0.5 AS score',
	'SELECT 1 AS mentee_id, NULL::int AS mentor_id, 0.5 AS score',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, NULL::float8 AS score',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, ''NaN''::float8 AS score',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, ''Infinity''::float8 AS score',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, ''NaN''::numeric AS score',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, 1e400::numeric AS score',
	'SELECT 1 AS mentee_id, ARRAY[2] AS mentor_ids, ARRAY[1e400::numeric] AS scores',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score UNION ALL SELECT 1, 2, 0.7',
	'SELECT 1 AS mentee_id, ARRAY[2, 2] AS mentor_ids, ARRAY[0.5, 0.7] AS scores',
	'SELECT 1 AS mentee_id, ARRAY[2, 3] AS mentor_ids, ARRAY[0.5] AS scores',
	'SELECT 1 AS mentee_id, ARRAY[2, NULL] AS mentor_ids, ARRAY[0.5, 0.6] AS scores',
	'SELECT 1 AS mentee_id, ARRAY[2, 3] AS mentor_ids, ARRAY[0.5, ''NaN''] AS scores',
	'SELECT 1 AS mentee_id, NULL::int[] AS mentor_ids, NULL::float8[] AS scores',
	'SELECT 1 AS mentee_id, ARRAY[[2]] AS mentor_ids, ARRAY[[0.5]] AS scores',
	'DELETE FROM pg_class WHERE false RETURNING 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score',
	'WITH d AS (DELETE FROM regress.nothing RETURNING 1) SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score',
	'SELECT 1 AS mentee_id; SELECT 2',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score FROM pg_class LIMIT 1 FOR UPDATE',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score INTO regress.copied',
	'SELEC 1',
	'SELECT * FROM no_such_table'
]) AS q;
SELECT q, try(format('SELECT count(*) FROM assign(%L, %L)',
					 'SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score', q)) AS capacities_error
FROM unnest(ARRAY[
	'SELECT 2 AS mentor_id, -1 AS capacity',
	'SELECT 2 AS mentor_id, NULL::int AS capacity',
	'SELECT 2 AS mentor_id, 1.5 AS capacity',
	'SELECT 2 AS mentor, 1 AS capacity',
	'SELECT 2 AS mentor_id, 1 AS capacity UNION ALL SELECT 2, 3',
	'SELECT 2 AS mentor_id, 3000000000 AS capacity'
]) AS q;
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score', objective => 'best')$$) AS bad_objective;
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score', objective => NULL)$$) AS null_objective;
SELECT try($$SELECT count(*) FROM assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score', min_score => 'NaN')$$) AS nan_min_score;
SELECT try($$SELECT count(*) FROM assign(NULL)$$) AS null_candidates;
-- an error about a query shows the query's whole text, however long, as it
-- was (the duplicate pair is found after the last row).  40 MB is above the
-- largest size glibc's malloc keeps in its heap, so a text read after its
-- memory was freed would be unmapped: the backend would crash, not print.
SELECT n, left(ctx, 88) AS context, length(ctx) > n AS whole_text,
	   position(' */' in ctx) > 0 AS ends_intact
FROM (VALUES (10), (40000000)) AS t(n),
LATERAL (SELECT regress.error_context(format('SELECT count(*) FROM assign(%L)',
	'SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5 AS score UNION ALL SELECT 1, 2, 0.7 /* '
	|| repeat('x', n) || ' */')) AS ctx) c;

-- optimality: hundreds of random small instances (capacities 0..2, missing
-- pairs, tied and negative scores, min_score), all three objectives,
-- against an exhaustive search written in SQL
CREATE TABLE regress.inst AS
SELECT i AS inst,
	   2 + i % 5 AS mentees,
	   1 + (i / 5) % 4 AS mentors,
	   CASE WHEN i % 5 = 0 THEN 0.3 END AS min_score,
	   i % 7 = 0 AS complete_unit	-- every pair, capacity 1: the dense solver
FROM generate_series(1, 300) i;
CREATE TABLE regress.inst_edge AS
SELECT inst, e AS mentee_id, m AS mentor_id,
	   round((((hashint4(inst * 1000 + e * 10 + m) & 1023) / 1023.0) * 1.2 - 0.2)::numeric, 1)::float8 AS score
FROM regress.inst, generate_series(1, mentees) e, generate_series(1, mentors) m
WHERE complete_unit OR (hashint4(inst * 7919 + e * 31 + m) & 7) < 5;
CREATE TABLE regress.inst_cap AS
SELECT inst, m AS mentor_id, (hashint4(inst * 104729 + m) & 3) % 3 AS capacity
FROM regress.inst, generate_series(1, mentors) m WHERE NOT complete_unit;

-- every way to assign each mentee to nothing or a listed mentor with a seat left
CREATE TABLE regress.inst_all AS
WITH RECURSIVE walk (inst, level, used, matched, total, lowest) AS (
	SELECT inst, 0, array_fill(0, ARRAY[mentors]), 0, 0::float8, NULL::float8 FROM regress.inst
	UNION ALL
	SELECT w.inst, w.level + 1,
		   CASE WHEN c.mentor_id IS NULL THEN w.used
				ELSE w.used[:c.mentor_id - 1] || (w.used[c.mentor_id] + 1) || w.used[c.mentor_id + 1:] END,
		   w.matched + (c.mentor_id IS NOT NULL)::int,
		   w.total + coalesce(c.score, 0),
		   CASE WHEN c.mentor_id IS NULL THEN w.lowest ELSE least(w.lowest, c.score) END
	FROM walk w
	JOIN regress.inst i ON i.inst = w.inst AND w.level < i.mentees
	CROSS JOIN LATERAL (
		SELECT NULL::int AS mentor_id, NULL::float8 AS score
		UNION ALL
		SELECT e.mentor_id, e.score FROM regress.inst_edge e
		LEFT JOIN regress.inst_cap k ON k.inst = e.inst AND k.mentor_id = e.mentor_id
		WHERE e.inst = w.inst AND e.mentee_id = w.level + 1
		  AND (i.min_score IS NULL OR e.score >= i.min_score)
		  AND w.used[e.mentor_id] < coalesce(k.capacity, 1)) c
)
SELECT w.inst, matched, total, lowest FROM walk w JOIN regress.inst i USING (inst) WHERE level = i.mentees;

CREATE TABLE regress.inst_best AS
SELECT inst,
	   (SELECT array[matched, total] FROM regress.inst_all a WHERE a.inst = i.inst
		ORDER BY matched DESC, total DESC LIMIT 1) AS coverage,
	   (SELECT max(total) FROM regress.inst_all a WHERE a.inst = i.inst) AS total,
	   (SELECT array[matched, coalesce(lowest, 0), total] FROM regress.inst_all a WHERE a.inst = i.inst
		ORDER BY matched DESC, lowest DESC NULLS LAST, total DESC LIMIT 1) AS fair
FROM regress.inst i;
SELECT count(*) AS instances, sum(x) AS assignments_enumerated
FROM (SELECT count(*) AS x FROM regress.inst_all GROUP BY inst) t;

CREATE TABLE regress.inst_result AS
SELECT i.inst, o.objective, r.*
FROM regress.inst i
CROSS JOIN (VALUES ('coverage'), ('total'), ('fair')) o(objective)
CROSS JOIN LATERAL assign(
	format('SELECT mentee_id, mentor_id, score FROM regress.inst_edge WHERE inst = %s', i.inst),
	CASE WHEN NOT i.complete_unit
		 THEN format('SELECT mentor_id, capacity FROM regress.inst_cap WHERE inst = %s', i.inst) END,
	o.objective, i.min_score) r;

-- valid always: a mentee at most once, capacities held, listed pairs only,
-- scores as given and at or above min_score
SELECT count(*) FILTER (WHERE n > 1) AS mentee_twice FROM
	(SELECT inst, objective, mentee_id, count(*) AS n FROM regress.inst_result GROUP BY 1, 2, 3) t;
SELECT count(*) AS over_capacity FROM
	(SELECT r.inst, r.objective, r.mentor_id, count(*) AS n, min(coalesce(k.capacity, 1)) AS cap
	 FROM regress.inst_result r LEFT JOIN regress.inst_cap k USING (inst, mentor_id)
	 WHERE r.mentor_id IS NOT NULL GROUP BY 1, 2, 3) t WHERE n > cap;
SELECT count(*) AS unlisted_or_wrong_score
FROM regress.inst_result r JOIN regress.inst i USING (inst)
LEFT JOIN regress.inst_edge e USING (inst, mentee_id, mentor_id)
WHERE r.mentor_id IS NOT NULL
  AND (e.score IS NULL OR e.score <> r.score OR r.score < coalesce(i.min_score, '-Infinity'));
-- optimal: equal to the exhaustive optimum
SELECT r.objective, count(*) AS instances,
	   count(*) FILTER (WHERE CASE r.objective
		   WHEN 'coverage' THEN got[1] <> best.coverage[1] OR abs(got[2] - best.coverage[2]) > 1e-9
		   WHEN 'total' THEN abs(got[2] - best.total) > 1e-9
		   ELSE got[1] <> best.fair[1] OR abs(got[3] - best.fair[2]) > 1e-9
				OR abs(got[2] - best.fair[3]) > 1e-9 END) AS not_optimal
FROM (SELECT inst, objective,
			 array[count(mentor_id), coalesce(sum(score), 0), coalesce(min(score), 0)]::float8[] AS got
	  FROM regress.inst_result GROUP BY 1, 2) r
JOIN regress.inst_best best USING (inst)
GROUP BY r.objective ORDER BY r.objective;
-- reasons: no_candidate exactly when no listed pair reaches min_score
SELECT count(*) AS wrong_reason
FROM regress.inst_result r JOIN regress.inst i USING (inst)
WHERE r.mentor_id IS NULL
  AND r.reason <> CASE WHEN EXISTS (SELECT 1 FROM regress.inst_edge e
									 WHERE e.inst = r.inst AND e.mentee_id = r.mentee_id
									   AND e.score >= coalesce(i.min_score, '-Infinity')
									   AND (r.objective <> 'total' OR e.score > 0))
				  THEN 'capacity' ELSE 'no_candidate' END;
-- the wide form gives the same optimum as the long form
SELECT count(*) AS wide_differs
FROM regress.inst i,
	 LATERAL (SELECT coalesce(sum(score), 0) AS total, count(mentor_id) AS matched
			  FROM assign(format('SELECT mentee_id, array_agg(mentor_id) AS mentor_ids, array_agg(score) AS scores
								  FROM regress.inst_edge WHERE inst = %s GROUP BY mentee_id', i.inst),
						  CASE WHEN NOT i.complete_unit
							   THEN format('SELECT mentor_id, capacity FROM regress.inst_cap WHERE inst = %s', i.inst) END,
						  'coverage', i.min_score)) w,
	 LATERAL (SELECT coalesce(sum(score), 0) AS total, count(mentor_id) AS matched
			  FROM regress.inst_result r WHERE r.inst = i.inst AND r.objective = 'coverage') l
WHERE w.matched <> l.matched OR abs(w.total - l.total) > 1e-9;

-- row-level security holds: the function runs with the caller's rights
CREATE TABLE regress.candidate_rows (department text, mentee_id int, mentor_id int, score float8);
INSERT INTO regress.candidate_rows VALUES
	('data', 1, 10, 0.9), ('data', 2, 10, 0.8), ('sales', 3, 20, 0.7), ('sales', 4, 20, 0.6);
ALTER TABLE regress.candidate_rows ENABLE ROW LEVEL SECURITY;
CREATE ROLE mentormatch_data_analyst;
CREATE POLICY data_only ON regress.candidate_rows TO mentormatch_data_analyst USING (department = 'data');
GRANT USAGE ON SCHEMA regress, mentormatch TO mentormatch_data_analyst;
GRANT SELECT ON regress.candidate_rows TO mentormatch_data_analyst;
-- through views: an ordinary view reads its tables with its owner's
-- rights (here a superuser's, whom policies do not bind), a
-- security_invoker view with the caller's
CREATE VIEW regress.candidates_owner AS SELECT * FROM regress.candidate_rows;
CREATE VIEW regress.candidates_invoker WITH (security_invoker = true) AS
	SELECT * FROM regress.candidate_rows;
GRANT SELECT ON regress.candidates_owner, regress.candidates_invoker TO mentormatch_data_analyst;
SET ROLE mentormatch_data_analyst;
SELECT * FROM assign('SELECT mentee_id, mentor_id, score FROM regress.candidate_rows');
SELECT count(*) AS through_ordinary_view FROM assign('SELECT mentee_id, mentor_id, score FROM regress.candidates_owner');
SELECT count(*) AS through_invoker_view FROM assign('SELECT mentee_id, mentor_id, score FROM regress.candidates_invoker');
RESET ROLE;
SELECT * FROM assign('SELECT mentee_id, mentor_id, score FROM regress.candidate_rows');
DROP VIEW regress.candidates_owner, regress.candidates_invoker;
REVOKE ALL ON SCHEMA regress, mentormatch FROM mentormatch_data_analyst;
DROP OWNED BY mentormatch_data_analyst;
DROP ROLE mentormatch_data_analyst;

-- memory: see memory.sql

-- cancel: a large solve stops on statement_timeout and the backend carries on
SET statement_timeout = '300ms';
SELECT count(*) FROM assign('SELECT i AS mentee_id, array_agg(j ORDER BY j) AS mentor_ids,
								array_agg(hashint4(i * 10007 + j)::float8 ORDER BY j) AS scores
							 FROM generate_series(1, 3000) i, generate_series(1, 3000) j GROUP BY i');
RESET statement_timeout;
SELECT 'still here' AS backend;

DROP TABLE regress.inst, regress.inst_edge, regress.inst_cap, regress.inst_all, regress.inst_best,
	regress.inst_result, regress.candidate_rows, regress.nothing;
