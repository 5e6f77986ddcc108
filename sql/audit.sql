-- audit(): the impact-ratio table of a selection by category (New York
-- City's Local Law 144), checked against hand-computed tables, its p-values
-- against an exact brute force of the Fisher test in numeric and against
-- published values.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- fisher_brute(a, b, c, d): the two-sided Fisher exact p-value of the table
-- [[a, b], [c, d]] from its definition, in exact numeric arithmetic: each
-- table x with the same margins weighs C(K, x) C(N - K, n - x) (n = a + b,
-- K = a + c, N in all); the tables weighing at most the observed one's
-- times 1 + 1e-7 (R's tolerance, which audit() uses) are summed and divided
-- by C(N, n).  factorial() of a numeric is exact; so is each division here
-- but the last.
CREATE FUNCTION regress.fisher_brute(a bigint, b bigint, c bigint, d bigint) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
	WITH m AS (SELECT a + b AS n, a + c AS k, a + b + c + d AS total),
	w AS (SELECT x, factorial(k) / (factorial(x) * factorial(k - x))
					* (factorial(total - k) / (factorial(n - x) * factorial(total - k - n + x))) AS w
		  FROM m, generate_series(greatest(0, n - (total - k)), least(n, k)) x)
	SELECT sum(w.w) FILTER (WHERE w.w <= o.w * 1.0000001)
		   / (SELECT factorial(total) / (factorial(n) * factorial(total - n)) FROM m)
	FROM w, (SELECT w FROM w WHERE x = a) o
$$;

-- people(category, selected count, n): rows of a category, the first
-- `selected` of them selected, numbered from 1 within it
CREATE FUNCTION regress.au_people(category text, selected int, n int)
RETURNS TABLE (category text, selected boolean, k int)
LANGUAGE sql IMMUTABLE AS $$
	SELECT category, k <= selected, k FROM generate_series(1, n) k
$$;

-- 1. A Local Law 144 table, by hand.  1000 people, 342 selected:
--   category    n    selected  rate                 share
--   Female      400  120       120/400 = 0.30       40%
--   Male        465  186       186/465 = 0.40       46.5%   the highest: the reference
--   Nonbinary   100  20        20/100  = 0.20       10%
--   Intersex    20   7         7/20    = 0.35       2.0%    exactly min_share: kept
--   Two-Spirit  15   9         9/15    = 0.60       1.5%    under 2%: excluded
-- Impact ratios against 0.40: Female 0.75 and Nonbinary 0.5 are under 0.8
-- (adverse); Intersex 0.875 is not; Two-Spirit's 1.5 is shown, but an
-- excluded category is never the reference nor adverse.
CREATE TABLE regress.au_round AS
SELECT * FROM au_people('Female', 120, 400)
UNION ALL SELECT * FROM au_people('Male', 186, 465)
UNION ALL SELECT * FROM au_people('Nonbinary', 20, 100)
UNION ALL SELECT * FROM au_people('Intersex', 7, 20)
UNION ALL SELECT * FROM au_people('Two-Spirit', 9, 15);

SELECT category, n, selected, round(selection_rate::numeric, 4) AS rate,
	   round(impact_ratio::numeric, 4) AS ratio, scoring_rate, scoring_impact_ratio,
	   to_char(p_value, '9.99999EEEE') AS p_value, excluded, adverse
FROM audit('SELECT category, selected FROM regress.au_round');

-- the same figures exactly: each rate and ratio is the hand fraction to
-- within rounding
SELECT count(*) AS categories,
	   bool_and(abs(selection_rate - h.rate) <= 1e-15 AND abs(impact_ratio - h.ratio) <= 1e-15) AS as_by_hand
FROM audit('SELECT category, selected FROM regress.au_round') a
JOIN (VALUES ('Female', 120 / 400.0, 0.75), ('Male', 0.40, 1), ('Nonbinary', 0.20, 0.5),
			 ('Intersex', 0.35, 0.875), ('Two-Spirit', 0.60, 1.5)) h(category, rate, ratio)
  USING (category);

-- each p-value: the category against everyone else, e.g. Female's table
-- [[120, 280], [222, 378]] (the five above are scipy.stats.fisher_exact's
-- to the digits shown); checked here against the brute force (N = 1000 is
-- large for factorials, so only Intersex's and Two-Spirit's, whose
-- supports are short)
SELECT category, abs(p_value - fisher_brute(selected, n - selected, 342 - selected,
											 (1000 - n) - (342 - selected))::float8) <= 1e-12 AS as_brute_force
FROM audit('SELECT category, selected FROM regress.au_round')
WHERE category IN ('Intersex', 'Two-Spirit');

-- min_share 0: every category may be the reference; Two-Spirit (0.60) is:
-- Female 0.5, Male 0.6667, Nonbinary 0.3333, Intersex 0.5833, all adverse
SELECT category, round(impact_ratio::numeric, 4) AS ratio, excluded, adverse
FROM audit('SELECT category, selected FROM regress.au_round', min_share => 0);

-- threshold 0.5: only a ratio under one half is adverse (Nonbinary's is
-- exactly 0.5: not under); threshold 0: nothing is; threshold 1: all but
-- the reference and the excluded
SELECT threshold, string_agg(category, ', ' ORDER BY category) FILTER (WHERE adverse) AS adverse
FROM unnest('{0.5, 0, 1}'::float8[]) threshold,
	 audit('SELECT category, selected FROM regress.au_round', threshold => threshold)
GROUP BY threshold ORDER BY threshold;

-- min_share 0.5: no category has half the rows, so there is no reference
-- and no ratio (NULL), and nothing is adverse
SELECT category, impact_ratio, excluded, adverse
FROM audit('SELECT category, selected FROM regress.au_round', min_share => 0.5);

-- 2. Scoring rates, by hand.  Eleven people, ten with a score:
--   A: scores 1, 2, 3, 8        selected: 1 and 8
--   B: scores 4, 5, 6, 7, NULL  selected: 4
--   C: scores 9, 10             selected: 9
-- The median of the ten scores 1..10 is (5 + 6) / 2 = 5.5; above it
-- (strictly): A has 8 (1 of 4 scored: 0.25), B 6 and 7 (2 of 4: 0.5; the
-- NULL score counts in n and in the selection, not in the scoring rate),
-- C 9 and 10 (2 of 2: 1).  Scoring ratios against C's 1: 0.25, 0.5, 1.
-- Selection: A 2/4 = 0.5, B 1/5 = 0.2, C 1/2 = 0.5; ratios 1, 0.4, 1.
-- adverse: A by its scoring ratio alone (0.25), B by both; C by neither.
CREATE TABLE regress.au_scored (category text, selected boolean, score float8);
INSERT INTO regress.au_scored VALUES
	('A', true, 1), ('A', false, 2), ('A', false, 3), ('A', true, 8),
	('B', true, 4), ('B', false, 5), ('B', false, 6), ('B', false, 7), ('B', false, NULL),
	('C', true, 9), ('C', false, 10);
SELECT category, n, selected, selection_rate, impact_ratio, scoring_rate, scoring_impact_ratio, adverse
FROM audit('SELECT category, selected, score FROM regress.au_scored');

-- an odd count: the median is the middle score, and a score equal to it
-- is not above it.  Scores 1, 2, 3 (A), 4, 5 (B): median 3; above: A none,
-- B both.  A's scoring ratio is 0.
SELECT category, scoring_rate, scoring_impact_ratio
FROM audit('SELECT category, true AS selected, score FROM regress.au_scored WHERE score <= 5');

-- every score the same: nobody is above the median, every scoring rate
-- is 0, and a ratio to 0 is NULL
SELECT category, scoring_rate, scoring_impact_ratio
FROM audit('SELECT category, selected, 7 AS score FROM regress.au_scored');

-- scores of any number type (integer, numeric); no scored row in a
-- category: its scoring rate is NULL
SELECT category, scoring_rate, scoring_impact_ratio
FROM audit($$SELECT category, selected, CASE WHEN category <> 'C' THEN score::int END AS score
			 FROM regress.au_scored$$);
SELECT category, scoring_rate
FROM audit('SELECT category, selected, score::numeric AS score FROM regress.au_scored');

-- 3. p-values.  Fisher's lady tasting tea: of 8 cups, 4 with milk first,
-- she names 3 of those and 1 of the others: [[3, 1], [1, 3]], two-sided
-- p = 34/70 = 0.485714...  The dieting example of the Fisher exact test's
-- Wikipedia article: men 1 dieting of 12, women 9 of 12: p = 41/14858 =
-- 0.0027594...  Each category's table is the other's read upside down.
SELECT category, n, selected, round(p_value::numeric, 12) AS p_value, abs(p_value - 34 / 70.0) <= 1e-15 AS is_34_70
FROM audit($$SELECT * FROM (VALUES ('milk first', true), ('milk first', true), ('milk first', true),
			 ('milk first', false), ('tea first', true), ('tea first', false), ('tea first', false),
			 ('tea first', false)) v(category, selected)$$);
SELECT category, n, selected, abs(p_value - 41 / 14858.0) <= 1e-15 AS is_41_14858
FROM audit($$SELECT category, selected FROM au_people('men', 1, 12) UNION ALL
			 SELECT category, selected FROM au_people('women', 9, 12)$$);

-- 300 random small datasets (2 to 4 categories of 1 to 16 people, each
-- category with its own selection rate) against the brute force
CREATE TABLE regress.au_random AS
SELECT t, 'c' || k AS category,
	   (hashint4(t * 1000 + k * 37 + i) & 7) < (hashint4(t * 31 + k) & 7) AS selected
FROM generate_series(1, 300) t,
	 generate_series(1, 2 + (hashint4(t) & 1) + (hashint4(t * 3) & 1)) k,
	 generate_series(1, 1 + (hashint4(t * 7 + k) & 15)) i;
WITH r AS (SELECT t, a.* FROM generate_series(1, 300) t,
		   audit(format('SELECT category, selected FROM regress.au_random WHERE t = %s', t)) a),
tot AS (SELECT t, sum(n)::bigint AS total, sum(selected)::bigint AS total_selected FROM r GROUP BY t),
c AS (SELECT r.p_value, fisher_brute(r.selected, r.n - r.selected, tot.total_selected - r.selected,
									 (tot.total - r.n) - (tot.total_selected - r.selected))::float8 AS brute
	  FROM r JOIN tot USING (t))
SELECT count(*) AS categories, count(*) FILTER (WHERE abs(p_value - brute) > 1e-12) AS disagree,
	   count(*) FILTER (WHERE p_value < 0.05) AS under_5_percent,
	   count(*) FILTER (WHERE p_value = 1) AS exactly_1
FROM c;

-- 4. Edge cases.
-- no rows: no rows
SELECT count(*) AS no_rows FROM audit('SELECT category, selected FROM regress.au_round WHERE false');

-- one category: its own reference; nobody else to compare with (p 1)
SELECT category, n, impact_ratio, p_value, excluded, adverse
FROM audit($$SELECT category, selected FROM regress.au_round WHERE category = 'Male'$$, min_share => 1);

-- nobody selected anywhere: the reference rate is 0, ratios NULL, nothing
-- adverse, every p-value 1
SELECT category, selected, selection_rate, impact_ratio, p_value, adverse
FROM audit('SELECT category, false AS selected FROM regress.au_round');

-- a NULL category is the category 'unknown' (one with the text 'unknown')
SELECT category, n, selected
FROM audit($$SELECT * FROM (VALUES (NULL, true), ('unknown', false), ('known', true)) v(category, selected)$$,
		   min_share => 0);

-- byte order of the category (as COLLATE "C"), the same in a database of
-- any collation: upper case before '_', before lower case, before 'É'
SELECT category
FROM audit($$SELECT * FROM (VALUES ('b', true), ('B', true), ('a', true), ('É', true),
			 ('_x', true), ('ab', true), ('', true)) v(category, selected)$$);

-- varchar categories; a text-like column of another type is cast by the
-- caller (an enum, say: 42804 below)
SELECT category, n FROM audit($$SELECT category::varchar(10) AS category, selected FROM regress.au_scored$$);

-- 5. Errors.
SELECT try($$SELECT count(*) FROM audit('SELECT category, NULL::boolean AS selected FROM regress.au_round')$$)
	AS null_selected;
SELECT try($$SELECT count(*) FROM audit('SELECT category FROM regress.au_round')$$) AS no_selected;
SELECT try($$SELECT count(*) FROM audit('SELECT selected FROM regress.au_round')$$) AS no_category;
SELECT try($$SELECT count(*) FROM audit('SELECT category, selected, k FROM regress.au_round')$$)
	AS extra_column;
SELECT try($$SELECT count(*) FROM audit('SELECT category, selected, k AS scores FROM regress.au_round')$$)
	AS misspelt_score;
SELECT try($$SELECT count(*) FROM audit('SELECT k AS category, selected FROM regress.au_round')$$)
	AS integer_category;
SELECT try($$SELECT count(*) FROM audit('SELECT category, k AS selected FROM regress.au_round')$$)
	AS integer_selected;
SELECT try($$SELECT count(*) FROM audit('SELECT category, selected, category AS score FROM regress.au_round')$$)
	AS text_score;
SELECT try($$SELECT count(*) FROM audit('SELECT category, selected, ''NaN''::float8 AS score FROM regress.au_round')$$)
	AS nan_score;
SELECT try($$SELECT count(*) FROM audit('SELECT category, selected, ''-Infinity''::float8 AS score FROM regress.au_round')$$)
	AS infinite_score;
SELECT try($$SELECT count(*) FROM audit('SELECT category, selected, ''1e400''::numeric AS score FROM regress.au_round')$$)
	AS huge_score;
SELECT try($$SELECT count(*) FROM audit('UPDATE regress.au_round SET k = k RETURNING category, selected')$$)
	AS not_a_select;
SELECT try($$SELECT count(*) FROM audit(NULL)$$) AS null_rows;
SELECT try(format('SELECT count(*) FROM audit(''SELECT category, selected FROM regress.au_round'', min_share => %L)', v))
	AS bad_min_share
FROM unnest('{-0.01, 1.01, NaN, Infinity, NULL}'::text[]) v;
SELECT try(format('SELECT count(*) FROM audit(''SELECT category, selected FROM regress.au_round'', threshold => %L)', v))
	AS bad_threshold
FROM unnest('{-1, 1.5, NaN, NULL}'::text[]) v;
CREATE TYPE regress.au_gender AS ENUM ('female', 'male');
SELECT try($$SELECT count(*) FROM audit('SELECT ''female''::regress.au_gender AS category, true AS selected')$$)
	AS enum_category;
SELECT count(*) AS enum_cast FROM audit($$SELECT 'female'::regress.au_gender::text AS category, true AS selected$$);
