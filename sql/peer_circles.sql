-- peer_circles(people, size, weights, forbid, rules): everyone into
-- circles of about size, the total peer_fit within circles highest.
-- Checked against an enumeration of every partition in PL/pgSQL on small
-- random rounds (with forbidden pairs, rules and weights), the constraints
-- on a larger round, determinism, the edges and the errors.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
SET client_min_messages = warning;
\i test/fixtures/score_oracle.sql
\i test/fixtures/peer_oracle.sql
RESET client_min_messages;
\set ECHO all

-- The circles of n people for a wanted size, as docs/reference.md says:
-- k between floor(n / size) and ceil(n / size) with the mean size n / k
-- nearest to size (the fewer on a tie), at least 1 and at most n / 2;
-- sizes floor(n / k), n mod k of them one more.
CREATE FUNCTION pg_temp.circle_count(n int, size int) RETURNS int
LANGUAGE sql IMMUTABLE
RETURN (SELECT least(greatest(k, 1), n / 2)
		FROM (SELECT k FROM unnest(ARRAY[n / size, n / size + 1]) k WHERE k >= 1
			  ORDER BY abs(n::numeric / k - size), k LIMIT 1) best);

-- The cases: seed, people, size, a share of pairs forbidden, rules, weights
CREATE TABLE regress.pc_cases (case_id int, seed int, n int, size int, forbid_share float8,
							   rules text[], weights jsonb);
INSERT INTO regress.pc_cases VALUES
	(1, 11, 4, 2, 0, NULL, NULL),
	(2, 12, 5, 2, 0, NULL, NULL),
	(3, 13, 6, 3, 0, NULL, NULL),
	(4, 14, 7, 3, 0, NULL, NULL),
	(5, 15, 8, 3, 0, NULL, NULL),
	(6, 16, 8, 4, 0, NULL, NULL),
	(7, 17, 9, 3, 0, NULL, NULL),
	(8, 18, 9, 2, 0, NULL, NULL),
	(9, 19, 7, 5, 0, NULL, NULL),
	(10, 20, 8, 3, 0.3, NULL, NULL),
	(11, 21, 9, 3, 0.25, NULL, NULL),
	(12, 22, 8, 2, 0, '{different:team}', NULL),
	(13, 23, 8, 4, 0, '{same:site}', NULL),
	(14, 24, 7, 3, 0.2, '{shared_language}', NULL),
	(15, 25, 6, 3, 0, '{max_hours_apart=6}', NULL),
	(16, 26, 8, 4, 0, NULL, '{"logistics": 1, "goals": 0, "exchange": 0, "style": 0}'),
	(17, 27, 9, 3, 0, NULL, '{"style": 2, "goals": 0.1}'),
	(18, 28, 6, 2, 0.6, NULL, NULL),
	(19, 29, 5, 5, 0, NULL, NULL),
	(20, 30, 3, 2, 0, NULL, NULL),
	(21, 45, 7, 3, 0.1, '{max_hours_apart=9}', NULL),
	(22, 51, 8, 4, 0, '{max_hours_apart=9}', '{"goals": 1}'),
	(23, 60, 8, 2, 0, '{shared_language}', NULL),
	(24, 67, 8, 2, 0.2, '{max_hours_apart=6,different:site}', NULL);
CREATE TABLE regress.pc_people AS
SELECT c.case_id, i AS id, oracle.random_profile(c.seed, i) AS profile
FROM regress.pc_cases c, generate_series(1, c.n) i;
CREATE TABLE regress.pc_forbid AS
SELECT c.case_id, a AS person_id, b AS other_id
FROM regress.pc_cases c, generate_series(1, c.n) a, generate_series(1, c.n) b
WHERE a < b AND oracle.draw(c.seed, a * 100 + b, 77) < c.forbid_share;

-- The total fit of a partition: peer_fit over the pairs sharing a circle,
-- an unknown one counting 0.
CREATE FUNCTION pg_temp.total_fit(case_no int, circles text) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
	total float8;
BEGIN
	EXECUTE format($q$
		SELECT coalesce(sum(coalesce(peer_fit(pa.profile, pb.profile, c.weights), 0)), 0)
		FROM (%s) x JOIN (%s) y ON x.circle = y.circle AND x.person_id < y.person_id
		JOIN regress.pc_people pa ON pa.case_id = %s AND pa.id = x.person_id
		JOIN regress.pc_people pb ON pb.case_id = %s AND pb.id = y.person_id
		JOIN regress.pc_cases c ON c.case_id = %s$q$, circles, circles, case_no, case_no, case_no)
	INTO total;
	RETURN total;
END
$$;

-- peer_circles on a case: the total of its circles, or the error's SQLSTATE
CREATE FUNCTION pg_temp.solved(case_no int) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	c regress.pc_cases;
BEGIN
	SELECT * INTO c FROM regress.pc_cases WHERE case_id = case_no;
	EXECUTE format($q$CREATE TEMP TABLE solved_%s AS SELECT * FROM peer_circles(%L, %s, %L, %L, %L)$q$,
				   case_no,
				   format('SELECT id, profile FROM regress.pc_people WHERE case_id = %s', case_no),
				   c.size, c.weights,
				   format('SELECT person_id, other_id FROM regress.pc_forbid WHERE case_id = %s', case_no),
				   c.rules);
	RETURN round(pg_temp.total_fit(case_no, format('SELECT * FROM solved_%s', case_no))::numeric, 9)::text;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END
$$;

-- Every partition of 1..n into k circles of q or q + 1 (r of them), by
-- restricted growth: the best total over those keeping every pair allowed
-- (w and ok are n x n, row-major), NULL when none does.
CREATE FUNCTION pg_temp.best(n int, k int, q int, r int, w float8[], ok boolean[],
							 i int, cur int[], cnt int[], open int, total float8)
RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
	best float8;
	v float8;
	add float8;
	fine boolean;
	c int;
	j int;
BEGIN
	IF i > n THEN
		IF open <> k OR (SELECT count(*) FROM unnest(cnt[1:k]) x WHERE x = q + 1) <> r
		   OR EXISTS (SELECT FROM unnest(cnt[1:k]) x WHERE x NOT IN (q, q + 1)) THEN
			RETURN NULL;
		END IF;
		RETURN total;
	END IF;
	FOR c IN 1 .. least(open + 1, k) LOOP
		CONTINUE WHEN cnt[c] >= q + 1;
		add := 0;
		fine := true;
		FOR j IN 1 .. i - 1 LOOP
			IF cur[j] = c THEN
				fine := fine AND ok[(i - 1) * n + j];
				add := add + w[(i - 1) * n + j];
			END IF;
		END LOOP;
		CONTINUE WHEN NOT fine;
		cur[i] := c;
		cnt[c] := cnt[c] + 1;
		v := pg_temp.best(n, k, q, r, w, ok, i + 1, cur, cnt, greatest(open, c), total + add);
		IF v IS NOT NULL AND (best IS NULL OR v > best) THEN
			best := v;
		END IF;
		cnt[c] := cnt[c] - 1;
	END LOOP;
	RETURN best;
END
$$;

CREATE FUNCTION pg_temp.brute(case_no int) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	c regress.pc_cases;
	k int;
	w float8[];
	ok boolean[];
	best float8;
BEGIN
	SELECT * INTO c FROM regress.pc_cases WHERE case_id = case_no;
	k := pg_temp.circle_count(c.n, c.size);
	SELECT array_agg(coalesce(peer_fit(a.profile, b.profile, c.weights), 0) ORDER BY a.id, b.id),
		   array_agg(a.id <> b.id
					 AND NOT EXISTS (SELECT FROM regress.pc_forbid f WHERE f.case_id = case_no
									 AND ((f.person_id, f.other_id) = (a.id, b.id) OR (f.person_id, f.other_id) = (b.id, a.id)))
					 AND coalesce((SELECT bool_and(oracle.rule_holds(rule, a.profile, b.profile))
								   FROM unnest(c.rules) rule), true)
					 ORDER BY a.id, b.id)
	INTO w, ok
	FROM regress.pc_people a JOIN regress.pc_people b ON a.case_id = b.case_id
	WHERE a.case_id = case_no;
	best := pg_temp.best(c.n, k, c.n / k, c.n % k, w, ok, 1, array_fill(0, ARRAY[c.n]),
						 array_fill(0, ARRAY[k + 1]), 0, 0);
	RETURN CASE WHEN best IS NULL THEN '22023' ELSE round(best::numeric, 9)::text END;
END
$$;

-- peer_circles against every partition: the same optimum, or both none
SELECT case_id, n, size, pg_temp.circle_count(n, size) AS circles, rules, forbid_share > 0 AS forbids,
	   weights IS NOT NULL AS weighted, pg_temp.solved(case_id) = pg_temp.brute(case_id) AS optimal,
	   pg_temp.brute(case_id) = '22023' AS none_exists
FROM regress.pc_cases ORDER BY case_id;

-- each result: everyone once, the sizes, circles 1.. by smallest member
-- id, rows by circle then person, no forbidden pair or broken rule
-- together, fit the mean peer_fit with the circle's others
CREATE TEMP TABLE pc_all AS
SELECT c.case_id, s.* FROM regress.pc_cases c,
	LATERAL peer_circles(format('SELECT id, profile FROM regress.pc_people WHERE case_id = %s', c.case_id),
						 c.size, c.weights,
						 format('SELECT person_id, other_id FROM regress.pc_forbid WHERE case_id = %s', c.case_id),
						 c.rules) WITH ORDINALITY s
WHERE pg_temp.brute(c.case_id) <> '22023';
SELECT count(DISTINCT case_id) AS cases,
	   bool_and(everyone) AS everyone_once, bool_and(sized) AS sized, bool_and(numbered) AS numbered,
	   bool_and(ordered) AS ordered
FROM (SELECT c.case_id,
			 (SELECT count(*) = c.n AND count(DISTINCT person_id) = c.n FROM pc_all a WHERE a.case_id = c.case_id) AS everyone,
			 (SELECT bool_and(m BETWEEN c.n / pg_temp.circle_count(c.n, c.size)
								  AND c.n / pg_temp.circle_count(c.n, c.size) + 1)
					 AND count(*) = pg_temp.circle_count(c.n, c.size)
					 AND count(*) FILTER (WHERE m > c.n / pg_temp.circle_count(c.n, c.size))
						 = c.n % pg_temp.circle_count(c.n, c.size)
			  FROM (SELECT count(*) AS m FROM pc_all a WHERE a.case_id = c.case_id GROUP BY circle) z) AS sized,
			 (SELECT array_agg(circle ORDER BY first) = array_agg(rn ORDER BY first)
			  FROM (SELECT circle, min(person_id) AS first, row_number() OVER (ORDER BY min(person_id))::int AS rn
					FROM pc_all a WHERE a.case_id = c.case_id GROUP BY circle) z) AS numbered,
			 (SELECT array_agg(ordinality ORDER BY circle, person_id) = array_agg(ordinality ORDER BY ordinality)
			  FROM pc_all a WHERE a.case_id = c.case_id) AS ordered
	  FROM regress.pc_cases c WHERE c.case_id IN (SELECT case_id FROM pc_all)) t;
SELECT count(*) FILTER (WHERE f.case_id IS NOT NULL) AS forbidden_together,
	   count(*) FILTER (WHERE NOT coalesce((SELECT bool_and(oracle.rule_holds(rule, pa.profile, pb.profile))
											FROM unnest(c.rules) rule), true)) AS rules_broken,
	   count(*) AS pairs_together
FROM pc_all x JOIN pc_all y ON x.case_id = y.case_id AND x.circle = y.circle AND x.person_id < y.person_id
JOIN regress.pc_cases c ON c.case_id = x.case_id
JOIN regress.pc_people pa ON pa.case_id = x.case_id AND pa.id = x.person_id
JOIN regress.pc_people pb ON pb.case_id = x.case_id AND pb.id = y.person_id
LEFT JOIN regress.pc_forbid f ON f.case_id = x.case_id
	AND ((f.person_id, f.other_id) = (x.person_id, y.person_id) OR (f.person_id, f.other_id) = (y.person_id, x.person_id));
SELECT count(*) AS people,
	   count(*) FILTER (WHERE x.fit IS DISTINCT FROM m.fit AND coalesce(NOT abs(x.fit - m.fit) <= 1e-12, true)) AS fit_differs
FROM pc_all x JOIN LATERAL (
	SELECT CASE WHEN count(f) > 0 THEN sum(coalesce(f, 0)) / count(*) END AS fit
	FROM (SELECT peer_fit(pa.profile, pb.profile, c.weights) AS f
		  FROM pc_all y JOIN regress.pc_cases c ON c.case_id = y.case_id
		  JOIN regress.pc_people pa ON pa.case_id = y.case_id AND pa.id = x.person_id
		  JOIN regress.pc_people pb ON pb.case_id = y.case_id AND pb.id = y.person_id
		  WHERE y.case_id = x.case_id AND y.circle = x.circle AND y.person_id <> x.person_id) z) m ON true;

-- an exact round says so at DEBUG1, its bound its optimum
SET client_min_messages = debug1;
SELECT count(*) FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 7', 3);
RESET client_min_messages;

-- a larger round: 300 people in circles of 5 with 400 forbidden pairs and
-- rules (a search, not an enumeration): the sizes, nothing forbidden or
-- broken together, no worse than the pairs-first start it reports, the
-- same circles twice
CREATE TABLE regress.pc_large AS
SELECT i AS id, oracle.random_profile(99, i) AS profile FROM generate_series(1, 300) i;
UPDATE regress.pc_large SET profile.languages = '{en}' WHERE (profile).languages IS NULL OR (profile).languages = '{}';
UPDATE regress.pc_large SET profile.utc_offset = 0 WHERE (profile).utc_offset IS NULL;
CREATE TABLE regress.pc_large_forbid AS
SELECT 1 + (hashint4(g) & 1023) % 300 AS person_id, 1 + (hashint4(g + 5000) & 1023) % 300 AS other_id
FROM generate_series(1, 400) g
UNION ALL SELECT NULL, 5 UNION ALL SELECT 7, 100000;
CREATE TEMP TABLE pc_large_1 AS
SELECT * FROM peer_circles('SELECT id, profile FROM regress.pc_large', 5,
						   forbid => 'SELECT person_id, other_id FROM regress.pc_large_forbid',
						   rules => '{shared_language,max_hours_apart=4}');
CREATE TEMP TABLE pc_large_2 AS
SELECT * FROM peer_circles('SELECT id, profile FROM regress.pc_large ORDER BY id DESC', 5,
						   forbid => 'SELECT person_id, other_id FROM regress.pc_large_forbid',
						   rules => '{shared_language,max_hours_apart=4}');
SELECT count(*) AS people, count(DISTINCT person_id) AS distinct_people, count(DISTINCT circle) AS circles,
	   (SELECT array_agg(DISTINCT m) FROM (SELECT count(*) AS m FROM pc_large_1 GROUP BY circle) z) AS sizes,
	   max(circle) AS last_circle
FROM pc_large_1;
SELECT count(*) FILTER (WHERE f.person_id IS NOT NULL) AS forbidden_together,
	   count(*) FILTER (WHERE NOT oracle.rule_holds('shared_language', a.profile, b.profile)
						   OR NOT oracle.rule_holds('max_hours_apart=4', a.profile, b.profile)) AS rules_broken
FROM pc_large_1 x JOIN pc_large_1 y ON x.circle = y.circle AND x.person_id < y.person_id
JOIN regress.pc_large a ON a.id = x.person_id JOIN regress.pc_large b ON b.id = y.person_id
LEFT JOIN regress.pc_large_forbid f ON (f.person_id, f.other_id) IN ((x.person_id, y.person_id), (y.person_id, x.person_id));
SELECT (SELECT count(*) FROM (TABLE pc_large_1 EXCEPT TABLE pc_large_2) d) AS differ_in_another_order,
	   (SELECT avg(fit) FROM pc_large_1) > 0.5 AS fits_well;

-- a round the rule splits in two (teams of 20): every circle one team
SELECT count(*) AS placed, count(DISTINCT circle) AS circles,
	   bool_and(teams = 1) AS one_team_a_circle
FROM (SELECT circle, count(*) OVER (PARTITION BY circle) AS m,
			 count(*) OVER (PARTITION BY circle, i % 2) AS same, i
	  FROM peer_circles('SELECT i AS id, profile(tags => ARRAY[''team:'' || (i % 2)]) AS profile
						 FROM generate_series(1, 40) i', 4, rules => '{same:team}') c
	  JOIN generate_series(1, 40) i ON i = c.person_id) z,
	 LATERAL (SELECT CASE WHEN m = same THEN 1 ELSE 2 END AS teams) t;

-- mentormatch.max_solver_memory: refused at a small limit (54000), the
-- figure it gives lets it run, one kB less does not
SELECT need IS NOT NULL AS refused, needed_kb(q, need) IS NULL AS runs_at_figure,
	   needed_kb(q, need - 1) IS NOT NULL AS refused_below_figure
FROM (VALUES ($q$SELECT count(*) FROM peer_circles('SELECT id, profile FROM regress.pc_large', 5)$q$)) t(q),
	 LATERAL (SELECT needed_kb(q, 1024) AS need) n;
RESET mentormatch.max_solver_memory;

-- a cancel (here statement_timeout) stops a long search at once
SET statement_timeout = '300ms';
SELECT count(*) FROM peer_circles('SELECT i AS id, profile(goals => format(''data.ml:%s'', 1 + i % 5)::skillset,
	skills => format(''data.viz:%s, backend:%s'', 1 + i % 4, 1 + i % 3)::skillset, utc_offset => 60 * (i % 11), languages => ''{en}'') AS profile
	FROM generate_series(1, 20000) i', 4);
RESET statement_timeout;

-- weights: their parts; an unknown part is 22023
SELECT regress.try($$SELECT count(*) FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 3', 3, '{"skills": 1}')$$) AS unknown_part;

-- the edges: nobody, one person (no circle), two, three in circles of 2,
-- five in circles of 100 (one circle), NULL and unknown ids in forbid
SELECT count(*) AS nobody FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE false');
SELECT * FROM peer_circles('SELECT 42 AS id, profile() AS profile');
SELECT circle, person_id, fit IS NOT NULL AS has_fit FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 1 AND id <= 2');
SELECT circle, person_id FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 20', 2);
SELECT count(DISTINCT circle) AS one_circle FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 19', 100);
SELECT count(*) AS placed FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 3', 3,
	forbid => 'SELECT NULL::int AS person_id, 1 AS other_id UNION ALL SELECT 1, 999 UNION ALL SELECT 2, 2');
SELECT circle, person_id, fit FROM peer_circles('SELECT i AS id, profile() AS profile FROM generate_series(1, 4) i', 2);

-- errors
SELECT regress.try($$SELECT count(*) FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 3', 1)$$) AS size_1,
	   regress.try($$SELECT count(*) FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 3', -5)$$) AS size_negative,
	   regress.try($$SELECT count(*) FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 3', 1001)$$) AS size_1001,
	   regress.try($$SELECT count(*) FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 3', 2147483647)$$) AS size_huge,
	   regress.try($$SELECT count(*) FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 3', NULL)$$) AS size_null,
	   regress.try($$SELECT count(*) FROM peer_circles(NULL)$$) AS people_null;
SELECT regress.try($$SELECT count(*) FROM peer_circles('SELECT id, profile, 1 AS capacity FROM regress.pc_people WHERE case_id = 3')$$) AS unread_column;
SELECT regress.try($$SELECT count(*) FROM peer_circles('SELECT 1 AS id, profile() AS profile UNION ALL SELECT 1, profile()')$$) AS duplicate_id;
SELECT regress.try($$SELECT count(*) FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 3', 3, rules => '{same:department}')$$) AS unknown_key,
	   regress.try($$SELECT count(*) FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 3', 3, rules => '{nearby}')$$) AS unknown_rule;
SELECT regress.try($$SELECT count(*) FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 3', 3,
	forbid => 'SELECT 1 AS person_id, o AS other_id FROM generate_series(2, 6) o')$$) AS one_forbidden_with_all;
SELECT regress.try($$SELECT count(*) FROM peer_circles('SELECT id, profile FROM regress.pc_people WHERE case_id = 3', 3,
	forbid => 'SELECT p AS person_id, o AS other_id FROM generate_series(1, 3) p, generate_series(1, 3) o WHERE p < o')$$) AS three_apart_in_two_circles;
SELECT regress.try($$SELECT count(*) FROM peer_circles('SELECT i AS id, profile(utc_offset => CASE WHEN i = 17 THEN NULL ELSE 60 END) AS profile
	FROM generate_series(1, 40) i', 4, rules => '{max_hours_apart=2}')$$) AS no_offset_in_a_large_round;
-- (teams of 21 in circles of 4 and 3: 9 of 4 and 2 of 3 cannot split both)
SELECT regress.try($$SELECT count(*) FROM peer_circles('SELECT i AS id, profile(tags => ARRAY[''team:'' || (i % 2)]) AS profile
	FROM generate_series(1, 42) i', 4, rules => '{same:team}')$$) AS teams_of_21;
