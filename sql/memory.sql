-- mentormatch.max_solver_memory: a guard only a superuser sets, refusing a
-- solve before its candidate pairs are stored, with a figure that is enough.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

CREATE TABLE regress.mem_people AS
SELECT i AS id, profile(skills => 'data.ml:3', goals => 'data.ml:4',
						grade => i % 7, hours_per_month => 2 + i % 5) AS profile
FROM generate_series(1, 300) i;

-- each solver, refused at a small limit: the figure it gives lets it run,
-- one kB less does not
SELECT name, lim, need IS NOT NULL AS refused,
	   needed_kb(q, need) IS NULL AS runs_at_figure,
	   needed_kb(q, need - 1) IS NOT NULL AS refused_below_figure
FROM (VALUES
	('assign long', 1024, $q$SELECT count(*) FROM assign('SELECT i AS mentee_id, j AS mentor_id, 0.5 AS score
		FROM generate_series(1, 300) i, generate_series(1, 300) j')$q$),
	('assign long, rows out of order', 1024, $q$SELECT count(*) FROM assign('SELECT i AS mentee_id, j AS mentor_id, 0.5 AS score
		FROM generate_series(1, 300) j, generate_series(1, 300) i')$q$),
	('assign long', 4096, $q$SELECT count(*) FROM assign('SELECT i AS mentee_id, j AS mentor_id, ((i * j) % 97) / 97.0 AS score
		FROM generate_series(1, 600) i, generate_series(1, 600) j')$q$),
	('assign wide, dense', 1024, $q$SELECT count(*) FROM assign('SELECT i AS mentee_id, array_agg(j ORDER BY j) AS mentor_ids,
		array_agg(((i * j) % 89) / 89.0 ORDER BY j) AS scores FROM generate_series(1, 400) i, generate_series(1, 400) j GROUP BY i')$q$),
	('assign fair, capacities', 1024, $q$SELECT count(*) FROM assign('SELECT i AS mentee_id, j AS mentor_id, ((i + j) % 13) / 13.0 AS score
		FROM generate_series(1, 400) i, generate_series(1, 100) j', 'SELECT j AS mentor_id, 3 AS capacity FROM generate_series(1, 100) j', objective => 'fair')$q$),
	('stable_match', 1024, $q$SELECT count(*) FROM stable_match('SELECT i AS mentee_id, j AS mentor_id, (i * j) % 7 AS mentee_pref, (i + j) % 5 AS mentor_pref
		FROM generate_series(1, 300) i, generate_series(1, 300) j')$q$),
	('match', 1024, $q$SELECT count(*) FROM match('SELECT id, profile FROM regress.mem_people',
		'SELECT id + 1000 AS id, profile, 2 AS capacity FROM regress.mem_people', exclude => '{}')$q$),
	('recommend', 1024, $q$SELECT count(*) FROM recommend('SELECT i AS id, mentormatch.profile(goals => ''data.ml:4'', languages => ARRAY[''en'', ''l'' || i]) AS profile FROM generate_series(1, 4000) i',
		'SELECT id + 1000 AS id, profile FROM regress.mem_people', k => 3)$q$)
) AS t(name, lim, q),
LATERAL (SELECT needed_kb(q, lim) AS need) n;
RESET mentormatch.max_solver_memory;

-- the whole message
SET mentormatch.max_solver_memory = '1MB';
SELECT try($$SELECT count(*) FROM assign('SELECT i AS mentee_id, j AS mentor_id, 0.5 AS score
										  FROM generate_series(1, 300) i, generate_series(1, 300) j')$$) AS too_big;

-- match()'s parallel workers count: 3000 x 1500 plans two workers (2^22
-- pairs or more), whose memory is reserved before they are launched.  A
-- limit the backend alone fits in refuses the solve with its workers, at
-- the figure with them; that figure runs it with them, one kB less does
-- not; and the hint's figure without them is the backend's alone.
CREATE TABLE regress.par_people AS
SELECT i AS id,
	   profile(skills => skillset(ARRAY['s' || (i % 17), 't.' || (i % 13)], ARRAY[1 + i % 5, 1 + (i / 5) % 5]),
			   goals => skillset(ARRAY['s' || (i % 11), 't.' || (i % 7)], ARRAY[2 + i % 3, 1 + i % 4]),
			   grade => i % 8, hours_per_month => 1 + i % 5, utc_offset => 60 * (i % 4)) AS profile
FROM generate_series(1, 3000) i;
\set par_q 'SELECT count(*) FROM match(''SELECT id, profile FROM regress.par_people'', ''SELECT id + 10000 AS id, profile, 2 AS capacity FROM regress.par_people WHERE id <= 1500'', min_score => 0.8)'
SET max_parallel_workers_per_gather = 0;
SELECT needed_kb(:'par_q', 1024) AS alone_kb \gset
RESET max_parallel_workers_per_gather;
SET mentormatch.max_solver_memory = '1MB';
SELECT hint(:'par_q') AS par_hint \gset
SELECT substring(:'par_hint' from 'It needs ([0-9]+) kB')::bigint AS workers_kb \gset
SELECT regexp_replace(split_part(:'par_hint', ' | ', 1), '[0-9]+ kB', 'N kB', 'g') AS detail,
	   regexp_replace(split_part(:'par_hint', ' | ', 2), '[0-9]+ kB', 'N kB', 'g') AS hint,
	   substring(:'par_hint' from 'it needs ([0-9]+) kB\.$')::bigint = :alone_kb AS hint_gives_alone_figure;
SELECT :workers_kb > :alone_kb AS workers_counted,
	   needed_kb(:'par_q', :alone_kb) = :workers_kb AS refused_at_alone_figure;
SET max_parallel_workers_per_gather = 0;
SELECT needed_kb(:'par_q', :alone_kb) IS NULL AS runs_alone_at_alone_figure;
RESET max_parallel_workers_per_gather;
SELECT needed_kb(:'par_q', :workers_kb) IS NULL AS runs_at_figure,
	   needed_kb(:'par_q', :workers_kb - 1) IS NOT NULL AS refused_below_figure;
RESET mentormatch.max_solver_memory;
DROP TABLE regress.par_people;

-- a huge limit asks for no more than the problem needs
SET mentormatch.max_solver_memory = '2147483647kB';
SELECT count(*) AS nine_rows FROM assign('SELECT i AS mentee_id, j AS mentor_id, 0.5 AS score
										  FROM generate_series(1, 3) i, generate_series(1, 3) j');
RESET mentormatch.max_solver_memory;
SHOW mentormatch.max_solver_memory;

-- only a superuser sets it: another role cannot lift the guard
CREATE ROLE mentormatch_memory_user;
GRANT USAGE ON SCHEMA mentormatch, regress TO mentormatch_memory_user;
GRANT EXECUTE ON FUNCTION regress.try(text) TO mentormatch_memory_user;
SET ROLE mentormatch_memory_user;
SELECT try($$SELECT set_config('mentormatch.max_solver_memory', '1TB', false)$$) AS user_raises;
SHOW mentormatch.max_solver_memory;
RESET ROLE;
-- a superuser may set it for a role or a database
ALTER ROLE mentormatch_memory_user SET mentormatch.max_solver_memory = '512MB';
SELECT setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
WHERE r.rolname = 'mentormatch_memory_user';
DROP OWNED BY mentormatch_memory_user;
DROP ROLE mentormatch_memory_user;
DROP TABLE regress.mem_people;
