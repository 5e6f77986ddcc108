-- fuzz.sql: mutated inputs for skillset and workstyle, through every way a
-- value comes in (text, jsonb, arrays, binary COPY), counted by outcome.
-- Loaded by test/fuzz/run.sh into schema fuzz; needs a superuser (binary
-- COPY files are written in the data directory).
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS fuzz CASCADE;
CREATE SCHEMA fuzz;

-- outcomes: one row per (type, path, outcome), outcome 'accepted', a
-- SQLSTATE, or 'mismatch' (accepted but not read back identically)
CREATE TABLE fuzz.outcome (typ text, path text, outcome text, n bigint,
						   PRIMARY KEY (typ, path, outcome));
-- one example of each unexpected outcome
CREATE TABLE fuzz.example (typ text, path text, outcome text, input text,
						   PRIMARY KEY (typ, path, outcome));

CREATE FUNCTION fuzz.count(t text, p text, o text, input text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO fuzz.outcome VALUES (t, p, o, 1)
	ON CONFLICT (typ, path, outcome) DO UPDATE SET n = fuzz.outcome.n + 1;
	IF o !~ '^(accepted|22...|54000)$' THEN
		INSERT INTO fuzz.example VALUES (t, p, o, left(input, 2000)) ON CONFLICT DO NOTHING;
	END IF;
END
$$;

CREATE FUNCTION fuzz.pick(a text[]) RETURNS text
LANGUAGE sql AS $$ SELECT a[1 + floor(random() * array_length(a, 1))::int] $$;

-- characters a mutation inserts: the syntax of both types, blanks, digits,
-- letters of both cases, and bytes that belong to neither
CREATE FUNCTION fuzz.any_char() RETURNS text
LANGUAGE sql AS $$
	SELECT fuzz.pick(ARRAY[':', ',', '.', '=', ' ', E'\t', E'\n', '-', '_', '0', '1',
		'4', '5', '9', 'a', 'Z', 'e', 'E', '+', ';', '"', '''', '\', '/', 'é', '€',
		'0.5', 'NaN', 'inf', '1e308', '1e-400', '..', '::', ',,', '=='])
$$;

-- a literal mutated by one to four edits
CREATE FUNCTION fuzz.mutate(s text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	k int;
	pos int;
	len int;
BEGIN
	FOR k IN 1 .. 1 + floor(random() * 4)::int LOOP
		len := length(s);
		pos := floor(random() * (len + 1))::int;
		CASE floor(random() * 8)::int
			WHEN 0 THEN s := left(s, pos) || fuzz.any_char() || substr(s, pos + 1);
			WHEN 1 THEN s := left(s, pos) || substr(s, pos + 2);
			WHEN 2 THEN s := left(s, pos) || fuzz.any_char() || substr(s, pos + 2);
			WHEN 3 THEN s := s || substr(s, pos + 1, 1 + floor(random() * 12)::int);
			WHEN 4 THEN s := left(s, pos);
			WHEN 5 THEN s := substr(s, pos + 1) || left(s, pos);
			WHEN 6 THEN s := s || ', ' || s;
			ELSE s := repeat(left(s, 1 + pos % 16), 1 + floor(random() * 80)::int);
		END CASE;
	END LOOP;
	RETURN s;
END
$$;

CREATE FUNCTION fuzz.seeds(typ text) RETURNS text[]
LANGUAGE sql AS $$
	SELECT CASE typ WHEN 'skillset' THEN ARRAY[
		'', 'data.ml:4', 'data.ml:4, backend.java:5', 'a:1,b:2,c:3', 'Data.ML:5',
		'x1.y2.z3:5', 'data-eng.spark_sql:3', 'backend:1, backend.java:2, backend.java.spring:3',
		'a.b.c.d.e.f.g.h:2', ' a : 1 , b : 2 ']
	ELSE ARRAY[
		'', 'social=0.2', 'social=0.2, scope=0.8', 'a=0,b=1', 'Social=0.25, STRUCTURE=1',
		'x_1=0.30000000000000004', 'd=1e-5, e=0.5e0', ' a = 0.1 , b = 0.9 ', 'directive=.5']
	END
$$;

-- text input: accepted literals read back identically through text
CREATE FUNCTION fuzz.text_input(typ text, n int, seed float8) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	seeds text[] := fuzz.seeds(typ);
	lit text;
	back text;
	again text;
	i int;
BEGIN
	PERFORM setseed(seed);
	FOR i IN 1 .. n LOOP
		lit := fuzz.mutate(fuzz.pick(seeds));
		BEGIN
			IF typ = 'skillset' THEN
				back := lit::mentormatch.skillset::text;
				again := back::mentormatch.skillset::text;
				INSERT INTO fuzz.accepted_skillset VALUES (back::mentormatch.skillset);
			ELSE
				back := lit::mentormatch.workstyle::text;
				again := back::mentormatch.workstyle::text;
				INSERT INTO fuzz.accepted_workstyle VALUES (back::mentormatch.workstyle);
			END IF;
			PERFORM fuzz.count(typ, 'text', CASE WHEN back = again THEN 'accepted' ELSE 'mismatch' END, lit);
		EXCEPTION WHEN OTHERS THEN
			PERFORM fuzz.count(typ, 'text', SQLSTATE, lit);
		END;
	END LOOP;
END
$$;

CREATE TABLE fuzz.accepted_skillset (v mentormatch.skillset);
CREATE TABLE fuzz.accepted_workstyle (v mentormatch.workstyle);

-- a jsonb value for a name: numbers of every kind and things that are not
CREATE FUNCTION fuzz.any_json_value(typ text) RETURNS text
LANGUAGE sql AS $$
	SELECT fuzz.pick(CASE typ WHEN 'skillset'
		THEN ARRAY['1', '3', '5', '0', '6', '-1', '4.0', '4.5', '5.0000000000000001',
			'1e400', '-1e400', '1e-400', '"3"', 'null', 'true', '[]', '{}', '2147483648', '5e0']
		ELSE ARRAY['0', '1', '0.5', '0.30000000000000004', '-0', '1.0000000000000001',
			'2', '-0.1', '1e400', '1e-400', '"0.5"', 'null', 'false', '[0.5]', '{"a": 1}', '5e-1']
	END)
$$;

-- jsonb casts: objects of mutated names and odd values; and mutated texts
CREATE FUNCTION fuzz.jsonb_input(typ text, n int, seed float8) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	names text[] := ARRAY['data.ml', 'a', 'social', 'b.c', 'scope', 'x_1', 'A', 'a.b.c'];
	doc text;
	j jsonb;
	back text;
	k int;
	i int;
BEGIN
	PERFORM setseed(seed);
	FOR i IN 1 .. n LOOP
		doc := '{';
		FOR k IN 1 .. floor(random() * 5)::int LOOP
			doc := doc || CASE WHEN k > 1 THEN ', ' ELSE '' END ||
				to_json(CASE WHEN random() < 0.5 THEN fuzz.pick(names)
							 ELSE fuzz.mutate(fuzz.pick(names)) END)::text ||
				': ' || fuzz.any_json_value(typ);
		END LOOP;
		doc := doc || '}';
		IF random() < 0.1 THEN
			doc := fuzz.pick(ARRAY['[1, 2]', '3', '"x"', 'null', '[]', '{"a": {"b": 1}}']);
		END IF;
		BEGIN
			j := doc::jsonb;
		EXCEPTION WHEN OTHERS THEN
			CONTINUE;			/* not jsonb: nothing of ours was reached */
		END;
		BEGIN
			IF typ = 'skillset' THEN
				back := (j::mentormatch.skillset)::jsonb::mentormatch.skillset::text;
				PERFORM fuzz.count(typ, 'jsonb',
					CASE WHEN back::mentormatch.skillset::jsonb::mentormatch.skillset::text = back
						 THEN 'accepted' ELSE 'mismatch' END, doc);
			ELSE
				back := (j::mentormatch.workstyle)::jsonb::mentormatch.workstyle::text;
				PERFORM fuzz.count(typ, 'jsonb',
					CASE WHEN back::mentormatch.workstyle::jsonb::mentormatch.workstyle::text = back
						 THEN 'accepted' ELSE 'mismatch' END, doc);
			END IF;
		EXCEPTION WHEN OTHERS THEN
			PERFORM fuzz.count(typ, 'jsonb', SQLSTATE, doc);
		END;
	END LOOP;
END
$$;

-- the array constructors: names with NULLs and mutations, values of every
-- kind, lengths that differ, two dimensions
CREATE FUNCTION fuzz.array_input(typ text, n int, seed float8) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	names text[];
	ints int[];
	floats float8[];
	back text;
	k int;
	m int;
	i int;
BEGIN
	PERFORM setseed(seed);
	FOR i IN 1 .. n LOOP
		m := floor(random() * 5)::int;
		names := '{}';
		ints := '{}';
		floats := '{}';
		FOR k IN 1 .. m LOOP
			names := names || CASE WHEN random() < 0.05 THEN NULL
				ELSE fuzz.mutate(fuzz.pick(ARRAY['data.ml', 'a', 'social', 'b.c', 'x_1'])) END;
			ints := ints || CASE WHEN random() < 0.05 THEN NULL
				ELSE fuzz.pick(ARRAY['1', '2', '5', '0', '6', '-3', '2147483647'])::int END;
			floats := floats || CASE WHEN random() < 0.05 THEN NULL
				ELSE fuzz.pick(ARRAY['0', '1', '0.5', '-0', 'NaN', 'Infinity', '-1e-300',
									 '1.5', '1e-320'])::float8 END;
		END LOOP;
		IF random() < 0.05 THEN
			names := names || 'extra'::text;
		END IF;
		BEGIN
			IF typ = 'skillset' THEN
				IF random() < 0.02 THEN
					back := mentormatch.skillset(ARRAY[['a', 'b']], ARRAY[[1, 2]])::text;
				ELSE
					back := mentormatch.skillset(names, ints)::text;
				END IF;
				PERFORM fuzz.count(typ, 'arrays',
					CASE WHEN back::mentormatch.skillset::text = back THEN 'accepted' ELSE 'mismatch' END,
					names::text || ' ' || ints::text);
			ELSE
				back := mentormatch.workstyle(names, floats)::text;
				PERFORM fuzz.count(typ, 'arrays',
					CASE WHEN back::mentormatch.workstyle::text = back THEN 'accepted' ELSE 'mismatch' END,
					names::text || ' ' || floats::text);
			END IF;
		EXCEPTION WHEN OTHERS THEN
			PERFORM fuzz.count(typ, 'arrays', SQLSTATE, names::text);
		END;
	END LOOP;
END
$$;

-- every accepted value through binary COPY and back: the same values
CREATE FUNCTION fuzz.binary_round_trip(typ text) RETURNS void
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
	file text := current_setting('data_directory') || '/fuzz_round_trip.bin';
	total bigint;
	differ bigint;
BEGIN
	EXECUTE format('CREATE TEMP TABLE back_%s (v mentormatch.%I)', typ, typ);
	EXECUTE format('COPY fuzz.accepted_%s TO %L WITH (FORMAT binary)', typ, file);
	EXECUTE format('COPY back_%s FROM %L WITH (FORMAT binary)', typ, file);
	EXECUTE format('SELECT count(*) FROM fuzz.accepted_%s', typ) INTO total;
	EXECUTE format('SELECT count(*) FROM (SELECT v::text, count(*) FROM fuzz.accepted_%s GROUP BY 1
					EXCEPT ALL SELECT v::text, count(*) FROM back_%s GROUP BY 1) d', typ, typ) INTO differ;
	INSERT INTO fuzz.outcome VALUES (typ, 'binary round trip', 'accepted', total - differ),
		(typ, 'binary round trip', 'mismatch', differ) ON CONFLICT (typ, path, outcome)
		DO UPDATE SET n = fuzz.outcome.n + EXCLUDED.n;
	EXECUTE format('DROP TABLE back_%s', typ);
	EXECUTE format('TRUNCATE fuzz.accepted_%s', typ);
END
$$;

-- corrupt binary COPY files: the send() form of valid values with bytes
-- flipped, cut off, lengthened, and counts, lengths and levels replaced
CREATE FUNCTION fuzz.binary_input(typ text, n int, seed float8) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	seeds text[] := fuzz.seeds(typ);
	path text := current_setting('data_directory') || '/fuzz_recv.bin';
	payload bytea;
	file bytea;
	back text;
	same boolean;
	pos int;
	i int;
	k int;
BEGIN
	PERFORM setseed(seed);
	EXECUTE format('CREATE TEMP TABLE IF NOT EXISTS recv_%s (v mentormatch.%I)', typ, typ);
	FOR i IN 1 .. n LOOP
		EXECUTE format('SELECT mentormatch.%s_send(%L::mentormatch.%I)', typ, fuzz.pick(seeds), typ)
			INTO payload;
		FOR k IN 1 .. 1 + floor(random() * 3)::int LOOP
			pos := floor(random() * greatest(length(payload), 1))::int;
			CASE floor(random() * 6)::int
				WHEN 0 THEN IF length(payload) > 0 THEN
					payload := set_byte(payload, pos, floor(random() * 256)::int); END IF;
				WHEN 1 THEN payload := substr(payload, 1, pos);
				WHEN 2 THEN payload := payload || int4send(floor(random() * 10)::int);
				WHEN 3 THEN payload := int4send(fuzz.pick(ARRAY['-1', '0', '1', '2', '1025', '65536',
										'2147483647'])::int) || substr(payload, 5);
				WHEN 4 THEN IF length(payload) >= 8 THEN
					payload := substr(payload, 1, 4) || int4send(fuzz.pick(ARRAY['-5', '0', '1', '300',
										'100000'])::int) || substr(payload, 9); END IF;
				ELSE IF length(payload) >= 4 THEN
					payload := substr(payload, 1, length(payload) - 4) ||
						int4send(fuzz.pick(ARRAY['0', '1', '5', '6', '-1'])::int); END IF;
			END CASE;
		END LOOP;
		file := '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea ||
			'\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea;
		EXECUTE format('COPY (SELECT %L) TO PROGRAM %L',
					   translate(encode(file, 'base64'), E'\n', ''), 'base64 -d > ' || path);
		EXECUTE format('TRUNCATE recv_%s', typ);
		BEGIN
			EXECUTE format('COPY recv_%s FROM %L WITH (FORMAT binary)', typ, path);
			EXECUTE format('SELECT v::text FROM recv_%s', typ) INTO back;
			EXECUTE format('SELECT %L::mentormatch.%I::text = %L', back, typ, back) INTO same;
			PERFORM fuzz.count(typ, 'binary COPY', CASE WHEN same THEN 'accepted' ELSE 'mismatch' END,
							   encode(payload, 'hex'));
		EXCEPTION WHEN OTHERS THEN
			PERFORM fuzz.count(typ, 'binary COPY', SQLSTATE, encode(payload, 'hex'));
		END;
	END LOOP;
END
$$;
RESET client_min_messages;
