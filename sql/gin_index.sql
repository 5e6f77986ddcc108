-- A GIN index on a skillset column serves &&, @> and <@: the plan uses it
-- and its answers equal a sequential scan's, on 60,000 profiles.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

CREATE TABLE regress.people_skills AS
SELECT i AS id,
	   CASE WHEN i % 50 = 0 THEN ''::skillset
			ELSE (SELECT skillset_agg((ARRAY['data.ml', 'data.sql', 'data.viz', 'backend.java', 'backend.go',
											 'frontend.react', 'people.coaching', 'security.iam', 'infra.k8s',
											 'data.ml.nlp'])[1 + (hashint4(i * 31 + k) & 1023) % 10],
									  1 + (hashint4(i * 7 + k) & 3))
				  FROM generate_series(1, 1 + i % 4) k) END AS skills
FROM generate_series(1, 60000) i;
CREATE INDEX people_skills_gin ON regress.people_skills USING gin (skills);
ANALYZE regress.people_skills;
SELECT count(*) AS profiles, count(*) FILTER (WHERE skills = '') AS without_skills FROM regress.people_skills;

-- the queries, each run through the index and by a sequential scan
CREATE TABLE regress.gin_query (q int, op text, arg skillset);
INSERT INTO regress.gin_query VALUES
	(1, '@>', 'data.ml:1'), (2, '@>', 'data.ml:5, data.sql:1'), (3, '@>', 'data.ml.nlp:2'),
	(4, '@>', 'nobody.knows:1'), (5, '@>', ''),
	(6, '&&', 'people.coaching:1'), (7, '&&', 'backend.go:1, frontend.react:3'), (8, '&&', 'nobody.knows:1'),
	(9, '&&', ''),
	(10, '<@', 'data.ml:1, data.sql:1, data.viz:1'), (11, '<@', 'backend.java:1'), (12, '<@', ''),
	(13, '<@', 'nobody.knows:1');

CREATE FUNCTION regress.gin_ids(op text, arg skillset) RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
	ids bigint[];
BEGIN
	EXECUTE format('SELECT coalesce(array_agg(id ORDER BY id), ''{}'') FROM regress.people_skills WHERE skills %s $1', op)
	INTO ids USING arg;
	RETURN ids;
END
$$;
-- the plan: a bitmap scan of the index
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM regress.people_skills WHERE skills @> 'data.ml:1';
EXPLAIN (COSTS OFF) SELECT id FROM regress.people_skills WHERE skills && 'people.coaching:1';
EXPLAIN (COSTS OFF) SELECT id FROM regress.people_skills WHERE skills <@ 'backend.java:1';
CREATE TEMP TABLE by_index AS SELECT q, regress.gin_ids(op, arg) AS ids FROM regress.gin_query;
RESET enable_seqscan;
SET enable_bitmapscan = off;
SET enable_indexscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM regress.people_skills WHERE skills @> 'data.ml:1';
CREATE TEMP TABLE by_scan AS SELECT q, regress.gin_ids(op, arg) AS ids FROM regress.gin_query;
RESET enable_bitmapscan;
RESET enable_indexscan;
SELECT g.q, g.op, g.arg, cardinality(s.ids) AS rows, i.ids = s.ids AS index_agrees
FROM regress.gin_query g JOIN by_index i USING (q) JOIN by_scan s USING (q) ORDER BY g.q;

-- levels are not part of the keys: a level never changes the answer
SELECT (SELECT count(*) FROM regress.people_skills WHERE skills @> 'data.ml:1') =
	   (SELECT count(*) FROM regress.people_skills WHERE skills @> 'data.ml:5') AS levels_ignored;

-- the index follows inserts, updates and deletes
INSERT INTO regress.people_skills VALUES (60001, 'rare.skill:3');
UPDATE regress.people_skills SET skills = 'rare.skill:1, data.ml:2' WHERE id = 7;
DELETE FROM regress.people_skills WHERE id = 8;
SET enable_seqscan = off;
SELECT array_agg(id ORDER BY id) AS rare FROM regress.people_skills WHERE skills && 'rare.skill:1';
RESET enable_seqscan;

DROP FUNCTION regress.gin_ids;
DROP TABLE regress.gin_query, regress.people_skills;
