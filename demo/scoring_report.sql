-- demo/scoring_report.sql — compatibility scores with explain(), in words.
\echo
\echo '=== Compatibility: the five best and five worst pairs of a sample ==='
\echo '(every mentor against 100 mentees; score = the sum of value x weight over the'
\echo ' seven factors, an unknown factor counting as the prior, 0.5; the lines add up'
\echo ' to the score)'
\echo

-- explain() as lines a programme manager can read: each factor's value used
-- (its own, or the prior when unknown) times its weight, then their sum
CREATE OR REPLACE FUNCTION mentoring.factor_line(f jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN f->'used' = 'null' THEN 'unknown, left out'
				ELSE format('%s x %s = %s', to_char((f->>'used')::float8, '0.00'),
							to_char((f->>'weight')::float8, '0.00'),
							to_char((f->>'contribution')::float8, '0.000'))
					 || CASE WHEN (f->>'known')::boolean THEN '' ELSE '   (unknown: the prior)' END
		   END
$$;

CREATE OR REPLACE FUNCTION mentoring.explain_lines(x jsonb) RETURNS SETOF text
LANGUAGE sql IMMUTABLE AS $$
	SELECT line FROM (
		SELECT 0 AS part, (f.value->>'contribution')::float8 AS contribution, f.key,
			   format('      %-13s %s', f.key, mentoring.factor_line(f.value))
			   || CASE WHEN jsonb_array_length(f.value->'risk') > 0
					   THEN '   <- ' || (SELECT string_agg(r, ', ') FROM jsonb_array_elements_text(f.value->'risk') r)
					   ELSE '' END AS line
		FROM jsonb_each(x->'factors') f
		UNION ALL
		SELECT 1, NULL, NULL, format('      %-13s %s', 'score', to_char((x->>'score')::float8, '0.000'))
	) l
	ORDER BY part, contribution DESC, key
$$;

CREATE TEMP TABLE sample_pairs AS
SELECT m.id AS mentor_id, e.id AS mentee_id, mentormatch.score(m.profile, e.profile) AS score,
	   mentormatch.explain(m.profile, e.profile) AS x
FROM mentoring.mentors m,
	 (SELECT * FROM mentoring.mentees ORDER BY id LIMIT 100) e;

CREATE TEMP TABLE ranked AS
SELECT 'best' AS kind, row_number() OVER (ORDER BY score DESC, known DESC, mentor_id, mentee_id) AS n, *
FROM (SELECT *, (SELECT count(*) FROM jsonb_each(x->'factors') f WHERE f.value->'value' <> 'null') AS known
	  FROM sample_pairs WHERE score IS NOT NULL ORDER BY score DESC, known DESC, mentor_id, mentee_id LIMIT 5) b
UNION ALL
SELECT 'worst', row_number() OVER (ORDER BY score, mentor_id, mentee_id), *
FROM (SELECT *, 0::bigint AS known FROM sample_pairs WHERE score IS NOT NULL
	  ORDER BY score, mentor_id, mentee_id LIMIT 5) w;

SELECT count(*) AS pairs_scored,
	   round(avg(score)::numeric, 3) AS mean_score,
	   count(*) FILTER (WHERE x->'conflicts' <> '[]') AS with_conflict,
	   count(*) FILTER (WHERE x->'risk'->>'level' IN ('high', 'critical')) AS high_or_critical
FROM sample_pairs;

-- ties at the top go to pairs with more known factors
\pset tuples_only on
SELECT line FROM (
	SELECT p.kind, p.n, 0 AS k,
		   format('%s %s: mentor %s (%s, grade %s) -> mentee %s (%s, grade %s)   score %s, risk %s%s',
				  p.kind, p.n, p.mentor_id, me.department, me.grade, p.mentee_id, ee.department, ee.grade,
				  to_char(p.score, '0.000'), p.x->'risk'->>'level',
				  coalesce(' (' || (SELECT string_agg(r, ', ') FROM jsonb_array_elements_text(p.x->'risk'->'reasons') r) || ')', '')) AS line
	FROM ranked p
	JOIN hr.employees me ON me.id = p.mentor_id
	JOIN hr.employees ee ON ee.id = p.mentee_id
	UNION ALL
	SELECT p.kind, p.n, row_number() OVER (PARTITION BY p.kind, p.n) AS k, l
	FROM ranked p, mentoring.explain_lines(p.x) l
	UNION ALL
	SELECT p.kind, p.n, 99, '' FROM ranked p
) t
ORDER BY kind, n, k;
\pset tuples_only off
