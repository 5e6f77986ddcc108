-- workstyle: literals, canonical output, constructors, casts, operators
-- and style_fit().
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- valid literals and their canonical output (sorted by name, folded,
-- shortest round-trip numbers)
SELECT lit, try(format('SELECT %L::workstyle', lit)) AS value
FROM unnest(ARRAY[
	'',
	'  ',
	'social=0.2, scope=0.8',
	'Social=0.2',
	'a=0, b=1',
	'x = 0.5',
	'_private=0.25',
	'dim_2=1e-1',
	'a=.5',
	'a=0.1000000000000000055511151231257827',
	'a=0.30000000000000004',
	'a=-0',
	'structure=1.0, directive=0.00'
]) AS lit;

-- malformed literals: 22P02 with a detail
SELECT lit, try(format('SELECT %L::workstyle', lit)) AS error
FROM unnest(ARRAY[
	'social',
	'social=',
	'=0.5',
	',',
	'a=0.1,',
	'a=0.1,,b=0.2',
	'1a=0.5',
	'a-b=0.5',
	'a.b=0.5',
	'ä=0.5',
	'a=1.5',
	'a=-0.1',
	'a=NaN',
	'a=nan',
	'a=Infinity',
	'a=-inf',
	'a=1e999',
	'a=0.5x',
	'a=half',
	'a=0.1 b=0.2',
	'a=0.1; b=0.2',
	'a=0.1, A=0.2',
	'a:0.5',
	'a=0.1=0.2',
	'a=0x1'
]) AS lit;

-- size caps: 54000
SELECT try(format('SELECT %L::workstyle', repeat('d', 64) || '=0.5')) AS name_too_long;
SELECT try(format('SELECT %L::workstyle',
	(SELECT string_agg('d' || i || '=0.5', ',') FROM generate_series(1, 65) i))) AS too_many;
SELECT try(format('SELECT length(%L::workstyle::text) > 0',
	(SELECT string_agg('d' || i || '=0.5', ',') FROM generate_series(1, 64) i))) AS limit_ok;
-- the caps hold as a literal is read: one far over them fails at its 65th
-- dimension or its 64th name byte, without reading the rest (here 12 MB,
-- whose repeats and trailing "," would be 22P02 at the end)
SELECT try($$SELECT repeat('d=0.5,', 2000000)::workstyle$$) AS huge_literal;
SELECT try($$SELECT (string_agg('d' || i || '=0.5', ',') || ', bad name=0.5')::workstyle
	FROM generate_series(1, 65) i$$) AS too_many_then_bad_name;
SELECT try($$SELECT (repeat('d', 8000000) || '=0.5')::workstyle$$) AS huge_name;

-- text output reads back bit for bit
SELECT w::text::workstyle = w AS round_trip, w::text = w::text::workstyle::text AS same_text
FROM (VALUES ('social=0.2, scope=0.8'::workstyle), (''),
			 ('a=0.1, b=0.30000000000000004, c=0.3333333333333333, d=5e-324')) v(w);
SELECT float8send((SELECT value FROM jsonb_each_text(('a=' || x)::workstyle::jsonb) AS e(key, value))::float8)
	 = float8send(x) AS bits_equal
FROM (VALUES (0.1::float8), (1.0 / 3), (2.0 / 3), (5e-324), (0.30000000000000004)) v(x);

-- constructor from arrays
SELECT workstyle(ARRAY['scope', 'Social'], ARRAY[0.8, 0.2]);
SELECT try($$SELECT workstyle(ARRAY['a', 'b'], ARRAY[0.5])$$) AS lengths_differ;
SELECT try($$SELECT workstyle(ARRAY['a', 'a'], ARRAY[0.5, 0.6])$$) AS duplicate;
SELECT try($$SELECT workstyle(ARRAY['a'], ARRAY[1.5])$$) AS out_of_range;
SELECT try($$SELECT workstyle(ARRAY['a'], ARRAY['NaN'::float8])$$) AS nan;
SELECT try($$SELECT workstyle(ARRAY['a'], ARRAY['-Infinity'::float8])$$) AS infinity;
SELECT try($$SELECT workstyle(ARRAY['9a'], ARRAY[0.5])$$) AS bad_name;
SELECT try($$SELECT workstyle(ARRAY[NULL], ARRAY[0.5])$$) AS null_name;
SELECT try($$SELECT workstyle(ARRAY['a'], ARRAY[NULL::float8])$$) AS null_value;
SELECT workstyle(NULL, ARRAY[0.5]) IS NULL AS strict;
-- over the cap: 54000 at the 65th element, whatever comes after it
SELECT try($$SELECT workstyle(array_fill('d'::text, ARRAY[2000000]), array_fill(0.5::float8, ARRAY[2000000]))$$) AS repeats_too_many;
SELECT try($$SELECT workstyle(array_agg('d' || i) || NULL::text, array_agg(0.5::float8) || 0.5::float8)
	FROM generate_series(1, 65) i$$) AS too_many_then_null;

-- parse errors name the real problem and hint at the right form
SELECT lit, hint(format('SELECT %L::workstyle', lit)) AS detail_and_hint
FROM unnest(ARRAY[
	'social=0,5',
	'social=0,5, scope=0.25',
	'social=0.5; scope=0.2',
	'social:0.5',
	'big picture=0.5',
	'social=0.5,scope=0.2'
]) AS lit;

-- jsonb casts
SELECT '{"social": 0.2, "Scope": 0.8}'::jsonb::workstyle;
SELECT 'social=0.2, scope=0.8'::workstyle::jsonb;
SELECT try($$SELECT '[0.5]'::jsonb::workstyle$$) AS not_object;
SELECT try($$SELECT '{"a": "0.5"}'::jsonb::workstyle$$) AS string_value;
SELECT try($$SELECT '{"a": 2}'::jsonb::workstyle$$) AS out_of_range;
SELECT try($$SELECT '{"a": 1e400}'::jsonb::workstyle$$) AS huge;
SELECT try($$SELECT '{"a": -1e400}'::jsonb::workstyle$$) AS huge_negative;
SELECT try($$SELECT '{"a": null}'::jsonb::workstyle$$) AS json_null;
SELECT try($$SELECT jsonb_object_agg('d' || i, 0.5)::workstyle FROM generate_series(1, 100000) i$$) AS too_many;
SELECT w::jsonb::workstyle = w AS jsonb_round_trip
FROM (VALUES ('social=0.2, scope=0.8'::workstyle), (''), ('a=0.30000000000000004')) v(w);

-- operators and opclasses
SELECT 'a=0.5, b=0.1'::workstyle = 'b=0.1, a=0.5' AS eq,
	   'a=0.5'::workstyle <> 'a=0.25' AS ne,
	   'a=0'::workstyle = 'a=-0' AS zero_signs_equal,
	   workstyle_hash('a=0') = workstyle_hash('a=-0') AS zero_signs_hash_equal;
SELECT w FROM (VALUES ('b=0.1'::workstyle), ('a=0.9'), ('a=0.1'), (''), ('a=0.1, b=0.1')) v(w) ORDER BY w;
SELECT count(DISTINCT w) FROM (VALUES ('a=0.5, b=0.1'::workstyle), ('B=0.1, a=0.5'), ('a=0.5')) v(w);

-- style_fit: 1 for identical shared dimensions, falling with distance,
-- symmetric, NULL with no shared dimension
SELECT style_fit('social=0.2, scope=0.8', 'social=0.2, scope=0.8') AS identical,
	   style_fit('social=0.2, scope=0.8', 'social=0.2, scope=0.8, extra=1') AS extra_ignored,
	   style_fit('social=0, scope=0', 'social=1, scope=1') AS opposite,
	   style_fit('social=0.2', 'social=0.6') AS apart,
	   style_fit('social=0.2', 'scope=0.6') AS nothing_shared,
	   style_fit('', '') AS both_empty;
SELECT style_fit('a=0.1', 'a=0.2') > style_fit('a=0.1', 'a=0.7') AS falls_with_distance;
-- symmetric, bit for bit, over many random pairs
WITH styles AS (
	SELECT i, workstyle(ARRAY['social', 'scope', 'structure', 'directive', 'd' || (i % 3)],
						ARRAY[((i * 37) % 101) / 100.0, ((i * 53) % 101) / 100.0,
							  ((i * 71) % 101) / 100.0, ((i * 13) % 97) / 96.0,
							  ((i * 7) % 89) / 88.0]::float8[]) AS w
	FROM generate_series(1, 60) i)
SELECT count(*) AS pairs,
	   count(*) FILTER (WHERE float8send(style_fit(a.w, b.w)) <> float8send(style_fit(b.w, a.w))) AS asymmetric,
	   count(*) FILTER (WHERE style_fit(a.w, b.w) NOT BETWEEN 0 AND 1) AS out_of_range
FROM styles a, styles b;

-- binary round trip and recv's checks
CREATE TEMP TABLE wbin_src (w workstyle);
INSERT INTO wbin_src VALUES ('social=0.2, scope=0.8'), (''), (NULL), ('a=0.30000000000000004');
SELECT current_setting('data_directory') || '/mentormatch_workstyle.bin' AS binfile \gset
COPY wbin_src TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE wbin_dst (w workstyle);
COPY wbin_dst FROM :'binfile' WITH (FORMAT binary);
SELECT w FROM wbin_dst;
CREATE FUNCTION pg_temp.dim(name text, value float8) RETURNS bytea
	LANGUAGE sql AS $$ SELECT int4send(length(convert_to(name, 'UTF8'))) || convert_to(name, 'UTF8') || float8send(value) $$;
SELECT what, recv('workstyle', payload) AS result
FROM (VALUES
	('good', int4send(2) || pg_temp.dim('scope', 0.8) || pg_temp.dim('social', 0.2)),
	('folds case', int4send(1) || pg_temp.dim('Social', 0.5)),
	('bad name', int4send(1) || pg_temp.dim('1x', 0.5)),
	('out of range', int4send(1) || pg_temp.dim('a', 1.5)),
	('NaN', int4send(1) || pg_temp.dim('a', 'NaN')),
	('infinity', int4send(1) || pg_temp.dim('a', 'Infinity')),
	('duplicate', int4send(2) || pg_temp.dim('a', 0.1) || pg_temp.dim('a', 0.2)),
	('negative count', int4send(-3)),
	('too many', int4send(100)),
	('name too long', int4send(1) || pg_temp.dim(repeat('n', 80), 0.5)),
	('truncated value', int4send(1) || int4send(1) || '\x61'::bytea || '\x3fe0'::bytea),
	('name longer than the rest', int4send(1) || int4send(50) || '\x6162'::bytea),
	('missing dimension', int4send(2) || pg_temp.dim('a', 0.5))
) v(what, payload);
