-- skillset: literals, canonical output, constructors, casts, operators,
-- skills(), coverage() and skillset_agg.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- valid literals and their canonical output (sorted by key, folded)
SELECT lit, try(format('SELECT %L::skillset', lit)) AS value
FROM unnest(ARRAY[
	'',
	'   ',
	'data.ml:4',
	'data.ml:4, backend.java:5',
	'Data.ML:4',
	'  a:1  ,  b:2  ',
	'a : 1',
	'a:1,b:2,c:3',
	'data-eng.spark_sql:3',
	'x1.y2.z3:5',
	'a:05',
	'backend:1, backend.java:2, backend.java.spring:3'
]) AS lit;

-- malformed literals: 22P02 with a detail saying what is wrong
SELECT lit, try(format('SELECT %L::skillset', lit)) AS error
FROM unnest(ARRAY[
	'data.ml',
	'data.ml:',
	':4',
	',',
	'a:1,',
	'a:1,,b:2',
	'.a:1',
	'a.:1',
	'a..b:1',
	'a.b c:1',
	'a/b:1',
	'a b:1',
	'dätä:1',
	'a:0',
	'a:6',
	'a:-1',
	'a:+1',
	'a:4.5',
	'a:four',
	'a:1e0',
	'a:99999999999999999999',
	'a:1 b:2',
	'a:1; b:2',
	'a:1, A:2',
	'a.b:1, a.B:3',
	'a:1 x',
	'a:1)',
	'a=1'
]) AS lit;

-- parse errors name the real problem and hint at the right form
SELECT lit, hint(format('SELECT %L::skillset', lit)) AS detail_and_hint
FROM unnest(ARRAY[
	'Machine Learning:4',
	'data.ml:4, Machine  Learning :3',
	'data.ml:4; backend.java:5',
	'data.ml=4'
]) AS lit;

-- size caps: 54000
SELECT try(format('SELECT %L::skillset', repeat('a', 64) || ':1')) AS label_too_long;
SELECT try(format('SELECT %L::skillset', repeat('a', 63) || ':1')) = repeat('a', 63) || ':1' AS label_63_ok;
SELECT try(format('SELECT %L::skillset', rtrim(repeat('a.', 17), '.') || ':1')) AS too_deep;
SELECT try(format('SELECT %L::skillset', rtrim(repeat('a.', 16), '.') || ':1')) AS depth_16_ok;
SELECT try(format('SELECT %L::skillset',
	(SELECT string_agg('s' || i || ':1', ',') FROM generate_series(1, 1025) i))) AS too_many;
SELECT try(format('SELECT length(%L::skillset::text) > 0',
	(SELECT string_agg('s' || i || ':1', ',') FROM generate_series(1, 1024) i))) AS limit_ok;
SELECT try(format('SELECT %L::skillset', rtrim(repeat(repeat('b', 60) || '.', 5), '.') || ':1')) AS key_too_long;
-- the caps hold as a literal is read: one far over them fails at its
-- 1,025th skill or its 256th name byte, without reading the rest (here 8 MB,
-- whose repeats and trailing "," would be 22P02 at the end)
SELECT try($$SELECT repeat('a:1,', 2000000)::skillset$$) AS huge_literal;
SELECT try($$SELECT (string_agg('s' || i || ':1', ',') || ', bad name:1')::skillset
	FROM generate_series(1, 1025) i$$) AS too_many_then_bad_name;
SELECT try($$SELECT (repeat('a', 8000000) || ':1')::skillset$$) AS huge_name;

-- text output reads back identically
SELECT s::text::skillset = s AS round_trip, s::text = s::text::skillset::text AS same_text
FROM (VALUES ('data.ml:4, backend.java:5'::skillset), (''), ('z:1, a.b.c:2, a.b:3')) v(s);

-- NULL in, NULL out
SELECT NULL::skillset IS NULL AS null_literal, coverage(NULL, 'a:1') IS NULL AS null_coverage;

-- constructor from arrays
SELECT skillset(ARRAY['b', 'A.x'], ARRAY[2, 5]);
SELECT skillset('{}'::text[], '{}'::int[]) = '' AS empty;
SELECT try($$SELECT skillset(ARRAY['a', 'b'], ARRAY[1])$$) AS lengths_differ;
SELECT try($$SELECT skillset(ARRAY['a', 'a'], ARRAY[1, 2])$$) AS duplicate;
SELECT try($$SELECT skillset(ARRAY['a'], ARRAY[7])$$) AS level_out_of_range;
SELECT try($$SELECT skillset(ARRAY['a..b'], ARRAY[1])$$) AS bad_name;
SELECT try($$SELECT skillset(ARRAY[NULL], ARRAY[1])$$) AS null_skill;
SELECT try($$SELECT skillset(ARRAY['a'], ARRAY[NULL::int])$$) AS null_level;
SELECT try($$SELECT skillset(ARRAY[['a']], ARRAY[[1]])$$) AS two_dimensional;
SELECT skillset(NULL, ARRAY[1]) IS NULL AS strict;
-- over the cap: 54000 at the 1,025th element, whatever comes after it
SELECT try($$SELECT skillset(array_fill('a'::text, ARRAY[2000000]), array_fill(1, ARRAY[2000000]))$$) AS repeats_too_many;
SELECT try($$SELECT skillset(array_agg('s' || i) || NULL::text, array_agg(1) || 1)
	FROM generate_series(1, 1025) i$$) AS too_many_then_null;

-- jsonb casts
SELECT '{"data.ml": 4, "Backend.Java": 5}'::jsonb::skillset;
SELECT 'data.ml:4, backend.java:5'::skillset::jsonb;
SELECT ''::skillset::jsonb, '{}'::jsonb::skillset = '' AS empty_object;
SELECT try($$SELECT '[1, 2]'::jsonb::skillset$$) AS not_object;
SELECT try($$SELECT '{"a": "4"}'::jsonb::skillset$$) AS string_level;
SELECT try($$SELECT '{"a": 4.5}'::jsonb::skillset$$) AS fractional_level;
SELECT try($$SELECT '{"a": 9}'::jsonb::skillset$$) AS level_out_of_range;
SELECT try($$SELECT '{"a": 1e30}'::jsonb::skillset$$) AS huge_level;
-- numbers are judged exactly, not after rounding to float8
SELECT try($$SELECT '{"a": 5.0000000000000001}'::jsonb::skillset$$) AS just_above_5;
SELECT try($$SELECT '{"a": 4.9999999999999999}'::jsonb::skillset$$) AS just_below_5;
SELECT try($$SELECT '{"a": 1e400}'::jsonb::skillset$$) AS beyond_float8;
SELECT try($$SELECT '{"a": 5.000}'::jsonb::skillset$$) AS five_written_with_zeros;
SELECT try($$SELECT '{"a": 1, "A": 2}'::jsonb::skillset$$) AS duplicate_after_folding;
SELECT try($$SELECT '{"a b": 1}'::jsonb::skillset$$) AS bad_name;
SELECT try($$SELECT jsonb_object_agg('s' || i, 1)::skillset FROM generate_series(1, 100000) i$$) AS too_many;
SELECT s::jsonb::skillset = s AS jsonb_round_trip
FROM (VALUES ('data.ml:4, backend.java:5'::skillset), ('')) v(s);

-- skills()
SELECT * FROM skills('data.ml:4, backend.java:5, data:2');
SELECT count(*) FROM skills('');

-- operators
SELECT 'a:1, b:2'::skillset = 'b:2, a:1' AS eq,
	   'a:1'::skillset = 'a:2' AS eq_level,
	   'a:1'::skillset <> 'a:2' AS ne,
	   'a:1, b:2'::skillset && 'b:5, c:1' AS overlaps,
	   'a:1'::skillset && 'a.b:1' AS no_overlap_prefix,
	   'a:1, b:2'::skillset @> 'b:5' AS contains_keys,
	   'b:5'::skillset <@ 'a:1, b:2' AS contained,
	   'a:1'::skillset @> '' AS contains_empty,
	   ''::skillset @> 'a:1' AS empty_contains;
SELECT s FROM (VALUES ('b:1'::skillset), ('a:2'), ('a:1'), (''), ('a:1, b:1'), ('a.b:1')) v(s)
ORDER BY s;
SELECT count(DISTINCT s) AS distinct_sets, count(*) AS rows
FROM (VALUES ('a:1, b:2'::skillset), ('b:2, A:1'), ('a:1'), ('a:1')) v(s);
SELECT s, count(*) FROM (VALUES ('a:1, b:2'::skillset), ('b:2, A:1'), ('a:1')) v(s)
GROUP BY s ORDER BY s;
-- hash and btree opclasses are usable by the planner
CREATE TEMP TABLE sets AS
	SELECT i, format('s%s:%s', i % 50, 1 + i % 5)::skillset AS s FROM generate_series(1, 500) i;
CREATE INDEX ON sets USING btree (s);
CREATE INDEX ON sets USING hash (s);
SET enable_seqscan = off;
SELECT count(*) FROM sets WHERE s = 's7:3';
RESET enable_seqscan;
SET enable_sort = off;
SELECT count(*) FROM (SELECT DISTINCT s FROM sets) d;
RESET enable_sort;
SELECT skillset_hash('a:1, b:2') = skillset_hash('b:2, a:1') AS hash_canonical,
	   skillset_hash_extended('a:1', 0) = skillset_hash_extended('a:1', 0) AS hash_stable,
	   skillset_hash_extended('a:1', 0) <> skillset_hash_extended('a:1', 1) AS seeded;

-- coverage: the documented semantics
SELECT coverage('data.ml:4', 'data.ml:4') AS exact,
	   coverage('data.ml:5', 'data.ml:4') AS above_target,
	   coverage('data.ml:2', 'data.ml:4') AS below_target,
	   coverage('data.viz:4', 'data.ml:4') AS sibling,
	   coverage('backend.java:5', 'data.ml:4') AS other_root,
	   coverage('data:4', 'data.ml:4') AS ancestor,
	   coverage('data.ml.nlp:4', 'data.ml:4') AS descendant,
	   coverage('data.ml.nlp:4', 'data.ml.cv:4') AS cousin,
	   coverage('data.ml:4', '') AS nothing_wanted,
	   coverage('', 'data.ml:4') AS nothing_offered;
-- sibling strictly between none and full; closer relatives earn more
SELECT coverage('data.viz:4', 'data.ml:4') > 0 AND coverage('data.viz:4', 'data.ml:4') < 1 AS partial,
	   coverage('data.viz:4', 'data.ml:4') > coverage('backend.java:4', 'data.ml:4') AS closer_than_other_root,
	   coverage('data.ml:3', 'data.ml:4') < coverage('data.ml:4', 'data.ml:4') AS lower_level_less,
	   coverage('data.ml:1', 'data.ml:4') < coverage('data.ml:3', 'data.ml:4') AS monotone_in_level;
-- mean over wanted skills; the best offered skill counts
SELECT coverage('data.ml:4, backend.java:5', 'data.ml:4, backend.go:5, infra:1') AS mixed;
-- more offered skills never lower coverage (random sets built with
-- skillset_agg, so repeats fold)
WITH sets AS (
	SELECT i,
		   (SELECT skillset_agg(format('r%s.c%s', (i * j) % 3, (i + j) % 4), 1 + (i * 7 + j) % 5)
			  FROM generate_series(1, 1 + i % 4) j) AS offered,
		   (SELECT skillset_agg(format('r%s.c%s', (i * j + 1) % 3, (i * j) % 5), 1 + (i + j * 3) % 5)
			  FROM generate_series(1, 1 + i % 3) j) AS wanted,
		   format('r%s.c%s', i % 3, i % 6) AS extra_skill, 1 + i % 5 AS extra_level
	FROM generate_series(1, 500) i
)
SELECT count(*) AS checked,
	   count(*) FILTER (WHERE coverage(more, wanted) < coverage(offered, wanted)) AS violations
FROM (SELECT offered, wanted,
			 (SELECT skillset_agg(skill, level)
				FROM (SELECT skill, level FROM skills(offered)
					  UNION ALL SELECT extra_skill, extra_level) x) AS more
	  FROM sets) t;

-- binary send/recv round trip (COPY BINARY)
CREATE TEMP TABLE bin_src (s skillset);
INSERT INTO bin_src VALUES ('data.ml:4, backend.java:5'), (''), (NULL), ('a.b.c:1, a:5');
SELECT current_setting('data_directory') || '/mentormatch_skillset.bin' AS binfile \gset
COPY bin_src TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE bin_dst (s skillset);
COPY bin_dst FROM :'binfile' WITH (FORMAT binary);
SELECT s FROM bin_dst;
SELECT (SELECT array_agg(s::text ORDER BY s::text) FROM bin_src) IS NOT DISTINCT FROM
	   (SELECT array_agg(s::text ORDER BY s::text) FROM bin_dst) AS binary_round_trip;
-- recv applies every rule of text input, on hand-made bytes:
-- int4 count, then per skill int4 length, bytes, int4 level
CREATE FUNCTION pg_temp.skill(key text, level int) RETURNS bytea
	LANGUAGE sql AS $$ SELECT int4send(length(convert_to(key, 'UTF8'))) || convert_to(key, 'UTF8') || int4send(level) $$;
SELECT what, recv('skillset', payload) AS result
FROM (VALUES
	('good', int4send(2) || pg_temp.skill('b', 2) || pg_temp.skill('a.x', 1)),
	('folds case', int4send(1) || pg_temp.skill('A.X', 3)),
	('empty set', int4send(0)),
	('empty label', int4send(1) || pg_temp.skill('a..b', 1)),
	('bad character', int4send(1) || pg_temp.skill('a b', 1)),
	('level 0', int4send(1) || pg_temp.skill('a', 0)),
	('level 6', int4send(1) || pg_temp.skill('a', 6)),
	('duplicate', int4send(2) || pg_temp.skill('a', 1) || pg_temp.skill('a', 2)),
	('negative count', int4send(-1)),
	('count too large', int4send(5000)),
	('truncated', int4send(2) || pg_temp.skill('a', 1)),
	('zero byte', int4send(1) || int4send(3) || '\x610062'::bytea || int4send(1)),
	('key too long', int4send(1) || pg_temp.skill(repeat('a', 300), 1))
) v(what, payload);
SELECT skillset_send('a.b:3') AS send_bytes;


-- skillset_agg: highest level of a repeat, NULL skills and levels ignored
SELECT skillset_agg(skill, level)
FROM (VALUES ('a.b', 1), ('a.b', 3), ('A.B', 2), (NULL, 5), ('c', NULL), ('c', 2)) v(skill, level);
SELECT skillset_agg(skill, level) = '' AS empty_over_no_rows
FROM (VALUES ('a', 1)) v(skill, level) WHERE false;
SELECT skillset_agg(skill, level) = '' AS empty_over_nulls
FROM (VALUES (NULL::text, 1), (NULL, 2)) v(skill, level);
SELECT try($$SELECT skillset_agg(s, l) FROM (VALUES ('a', 9)) v(s, l)$$) AS agg_level_range;
-- many rows of few skills: the state keeps each skill once
SELECT skillset_agg(format('s%s', i % 3), 1 + i % 5) FROM generate_series(1, 300000) i;
-- more distinct skills than a skillset holds: 54000
SELECT try($$SELECT skillset_agg('s' || i, 1) FROM generate_series(1, 1025) i$$) AS agg_too_many;
SELECT try($$SELECT skillset_agg(s, l) FROM (VALUES ('a..b', 1)) v(s, l)$$) AS agg_bad_name;
SELECT g, skillset_agg(skill, level)
FROM (VALUES (1, 'x', 1), (1, 'y', 2), (2, 'x', 3), (2, 'x', 4)) v(g, skill, level)
GROUP BY g ORDER BY g;
-- the same result in a forced parallel plan (combine + serialise)
CREATE TABLE regress.agg_rows AS
	SELECT i % 97 AS g, format('root%s.leaf%s', i % 7, i % 13) AS skill, 1 + (i * 31) % 5 AS level
	FROM generate_series(1, 60000) i;
ANALYZE agg_rows;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_result AS
	SELECT g, skillset_agg(skill, level) AS s FROM agg_rows GROUP BY g;
CREATE TEMP TABLE serial_total AS SELECT skillset_agg(skill, level) AS s FROM agg_rows;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT skillset_agg(skill, level) FROM agg_rows;
SELECT skillset_agg(skill, level) = (SELECT s FROM serial_total) AS parallel_total_equal
FROM agg_rows;
SELECT count(*) AS groups_differing
FROM (SELECT g, skillset_agg(skill, level) AS s FROM agg_rows GROUP BY g) p
JOIN serial_result s USING (g) WHERE p.s <> s.s;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET enable_hashagg;
DROP TABLE agg_rows;
