-- Helpers for the regression suite (the extension itself is loaded by
-- pg_regress --load-extension).
\set VERBOSITY terse
CREATE SCHEMA regress;

-- try(query): the query's first value as text, or the error as
-- "SQLSTATE message | detail", so a catalogue of bad inputs is one table.
CREATE FUNCTION regress.try(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	result text;
	detail text;
BEGIN
	EXECUTE query INTO result;
	RETURN coalesce(result, 'NULL');
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ' ' || SQLERRM ||
		CASE WHEN detail <> '' THEN ' | ' || detail ELSE '' END;
END
$$;

-- recv(type, payload): feeds payload (one value's binary form) to the
-- type's receive function through a binary COPY file; the value as text,
-- or the error as try() shows it.
CREATE FUNCTION regress.recv(typ text, payload bytea) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	file bytea := '\x5047434f50590aff0d0a00'::bytea	-- PGCOPY signature
		|| '\x0000000000000000'::bytea					-- flags, no extension
		|| '\x0001'::bytea || int4send(length(payload)) || payload
		|| '\xffff'::bytea;								-- trailer
	path text := current_setting('data_directory') || '/mentormatch_recv.bin';
BEGIN
	EXECUTE format('COPY (SELECT %L) TO PROGRAM %L',
				   translate(encode(file, 'base64'), E'\n', ''),
				   'base64 -d > ' || path);
	IF to_regclass('pg_temp.recv_probe_' || typ) IS NULL THEN
		EXECUTE format('CREATE TEMP TABLE recv_probe_%s (v mentormatch.%I)', typ, typ);
	END IF;
	EXECUTE format('TRUNCATE recv_probe_%s', typ);
	RETURN regress.try(format('COPY recv_probe_%s FROM %L WITH (FORMAT binary); '
							  'SELECT v::text FROM recv_probe_%s', typ, path, typ));
END
$$;

SELECT extname, nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'mentormatch';
