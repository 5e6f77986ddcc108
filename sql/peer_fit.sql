-- peer_fit(a, b[, weights]): how well two people learn together, checked
-- against its formula in PL/pgSQL (test/fixtures/peer_oracle.sql, written
-- from docs/reference.md) on random profiles; symmetry, bounds, NULLs,
-- weights and their errors.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
SET client_min_messages = warning;
\i test/fixtures/score_oracle.sql
\i test/fixtures/peer_oracle.sql
RESET client_min_messages;
\set ECHO all

-- a hand example: goals (0.375 + 1) / 2, exchange (0.5 + 0.4) / 2,
-- logistics 420 / 480 shared minutes and a shared language, style unknown
SELECT abs(peer_fit(profile(goals => 'data.ml:3', skills => 'backend:4', utc_offset => 60, languages => '{en}'),
					 profile(goals => 'data.ml:4, backend:2', skills => 'data:3', utc_offset => 0, languages => '{en,de}'))
		   - (0.30 * 0.6875 + 0.30 * 0.45 + 0.25 * 0.875) / 0.85) < 1e-15 AS hand_example;

-- x and y differ: one NULL and not the other, or beyond 1e-12
CREATE FUNCTION pg_temp.differs(x float8, y float8) RETURNS boolean
LANGUAGE sql IMMUTABLE
RETURN x IS DISTINCT FROM y AND coalesce(NOT abs(x - y) <= 1e-12, true);

-- 300 random people: every pair of the first 60, and one pair in 64 of the rest
CREATE TABLE regress.pf_people AS
SELECT i AS id, oracle.random_profile(1, i) AS p FROM generate_series(1, 300) i;
CREATE TABLE regress.pf_pairs AS
SELECT a.id AS a_id, b.id AS b_id, a.p AS a, b.p AS b
FROM regress.pf_people a JOIN regress.pf_people b ON a.id < b.id
WHERE b.id <= 60 OR (a.id > 60 AND (hashint4(a.id * 307 + b.id) & 63) = 0);
SELECT count(*) >= 2000 AS enough_pairs,
	   count(*) FILTER (WHERE peer_fit(a, b) IS NULL) > 0 AS some_unknown,
	   count(*) FILTER (WHERE peer_fit(a, b) = 1) > 0 AS some_perfect
FROM regress.pf_pairs;

-- the C function against the oracle, with the default weights and others
-- (a part switched off, one part alone, a NULL weights argument)
CREATE TEMP TABLE pf_weights (w jsonb);
INSERT INTO pf_weights VALUES (NULL), ('{}'), ('{"goals": 1, "exchange": 0, "logistics": 0, "style": 0}'),
	('{"style": 0}'), ('{"logistics": 2.5, "exchange": 0.1}'), ('{"goals": 0, "exchange": 0, "logistics": 0}');
SELECT w, count(*) AS pairs,
	   count(*) FILTER (WHERE pg_temp.differs(peer_fit(a, b, w), oracle.peer_fit(a, b, w))) AS disagree,
	   count(*) FILTER (WHERE peer_fit(a, b, w) IS NULL) AS unknown
FROM regress.pf_pairs, pf_weights GROUP BY w ORDER BY w::text COLLATE "C" NULLS FIRST;
SELECT count(*) FILTER (WHERE peer_fit(a, b) IS DISTINCT FROM peer_fit(a, b, NULL)) AS two_args_differ
FROM regress.pf_pairs;

-- symmetric to the bit, and in [0, 1]
SELECT count(*) FILTER (WHERE peer_fit(a, b) IS DISTINCT FROM peer_fit(b, a)) AS asymmetric,
	   count(*) FILTER (WHERE peer_fit(a, b, '{"logistics": 2.5, "exchange": 0.1}')
						IS DISTINCT FROM peer_fit(b, a, '{"logistics": 2.5, "exchange": 0.1}')) AS asymmetric_weighted,
	   count(*) FILTER (WHERE peer_fit(a, b) < 0 OR peer_fit(a, b) > 1) AS out_of_bounds
FROM regress.pf_pairs;

-- NULL: a NULL profile; nothing known (empty profiles, goals on one side
-- only, empty goals and languages); only parts whose weight is 0 known
SELECT peer_fit(NULL, profile(goals => 'data:3')) AS null_profile,
	   peer_fit(profile(goals => 'data:3'), NULL, NULL) AS null_profile_weighted,
	   peer_fit(profile(), profile()) AS empty,
	   peer_fit(profile(goals => 'data:3'), profile()) AS goals_one_side,
	   peer_fit(profile(goals => '', languages => '{}'), profile(goals => '', skills => 'data:3', languages => '{}')) AS empty_goals,
	   peer_fit(profile(style => 'social=0.5'), profile(style => 'social=0.1'), '{"style": 0}') AS weight_zero,
	   peer_fit(profile(style => 'social=0.5'), profile(style => 'scope=0.1')) AS no_shared_dimension;

-- each part alone
SELECT peer_fit(profile(goals => 'data.ml:4'), profile(goals => 'data.ml:2')) AS goals_only,
	   peer_fit(profile(skills => 'data.ml:4'), profile(goals => 'data.ml:2')) AS exchange_one_way,
	   peer_fit(profile(utc_offset => 0), profile(utc_offset => 240)) AS hours_only,
	   peer_fit(profile(languages => '{en}'), profile(languages => '{de}')) AS no_shared_language,
	   peer_fit(profile(style => 'social=0.5'), profile(style => 'social=0.1')) AS style_only,
	   peer_fit(profile(utc_offset => -720), profile(utc_offset => 840)) AS offsets_around_the_clock;

-- bad weights: 22023
SELECT regress.try($$SELECT peer_fit(profile(), profile(), '{"skills": 1}')$$) AS factor_name,
	   regress.try($$SELECT peer_fit(profile(), profile(), '{"goals": -1}')$$) AS negative,
	   regress.try($$SELECT peer_fit(profile(), profile(), '{"goals": "1"}')$$) AS string,
	   regress.try($$SELECT peer_fit(profile(), profile(), '[1]')$$) AS not_object,
	   regress.try($$SELECT peer_fit(profile(), profile(), '{"goals": 0, "exchange": 0, "logistics": 0, "style": 0}')$$) AS all_zero;
SELECT regress.hint($$SELECT peer_fit(profile(), profile(), '{"unknown": 0.5}')$$) AS unknown_is_no_part;

-- over a table: one call site, the profiles' cache, the same answers
SELECT count(*) FILTER (WHERE pg_temp.differs(f, oracle.peer_fit(a, b))) AS disagree_in_a_scan
FROM (SELECT a, b, peer_fit(a, b) AS f FROM regress.pf_pairs ORDER BY a_id, b_id) s;
