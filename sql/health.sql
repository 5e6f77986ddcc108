-- health(): statuses, reasons, edge cases, errors, parallel equivalence.
SET search_path = mentormatch, regress, public;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all

-- one pair per case; every case is assessed as of 2026-03-01, started 2026-01-01
CREATE TABLE regress.checkin (pair text, met_at timestamptz, rating real);
INSERT INTO regress.checkin VALUES
	-- healthy: every two weeks, good ratings
	('healthy', '2026-01-05', 4), ('healthy', '2026-01-19', 5), ('healthy', '2026-02-02', 4), ('healthy', '2026-02-16', 5),
	-- cooling: weekly, then four weeks apart
	('cooling', '2026-01-05', 4), ('cooling', '2026-01-12', 5), ('cooling', '2026-01-19', 4), ('cooling', '2026-02-16', 5),
	-- at risk, low ratings
	('low', '2026-01-05', 2), ('low', '2026-01-19', 3), ('low', '2026-02-02', 2), ('low', '2026-02-16', 2),
	-- at risk, ratings falling
	('declining', '2026-01-05', 5), ('declining', '2026-01-19', 4), ('declining', '2026-02-02', 3), ('declining', '2026-02-16', 2),
	-- at risk, overdue: met twice early, nothing for seven weeks
	('overdue', '2026-01-02', 4), ('overdue', '2026-01-09', 4),
	-- one check-in, recent
	('one', '2026-02-20', 4),
	-- one check-in, before the official start, 71 days ago: overdue (a lone
	-- meeting is expected again within 60 days), not yet stalled (90)
	('one_old', '2025-12-20', NULL),
	-- the open gap grows: 22 days since the last, typical 14 (more than 1.5 x
	-- and at least 7 days more): cooling
	('open_gap', '2026-01-19', 4), ('open_gap', '2026-02-02', 4), ('open_gap', '2026-02-16', 4),
	-- ties in time: two check-ins at the same moment
	('ties', '2026-02-10', 4), ('ties', '2026-02-10', 5), ('ties', '2026-02-24', 4),
	-- ratings all NULL
	('unrated', '2026-01-20', NULL), ('unrated', '2026-02-03', NULL), ('unrated', '2026-02-17', NULL),
	-- rows after as_of are ignored
	('future', '2026-02-20', 5), ('future', '2026-03-05', 1), ('future', '2026-04-01', 1),
	-- no check-ins at all (LEFT JOIN gives a NULL met_at)
	('none', NULL, NULL);
SELECT pair, (h).*
FROM (SELECT pair, health(met_at, rating, '2026-01-01', CASE WHEN pair = 'open_gap' THEN timestamptz '2026-03-10 01:00' ELSE '2026-03-01' END) AS h
	  FROM regress.checkin GROUP BY pair) t
ORDER BY (h).status DESC, pair;

-- no check-ins: not started, then no first meeting, then stalled
SELECT as_of::date, (health(NULL, NULL, '2026-01-01', as_of)).status,
	   (health(NULL, NULL, '2026-01-01', as_of)).reasons
FROM unnest(ARRAY['2026-01-01', '2026-01-21', '2026-01-23', '2026-03-02', '2026-03-03']::timestamptz[]) as_of
GROUP BY as_of ORDER BY as_of;
-- a long silence after regular meetings: stalled after 90 days
SELECT as_of::date, (h).status, (h).reasons, (h).days_since_last
FROM (SELECT as_of, health(met_at, rating, '2026-01-01', as_of) AS h
	  FROM regress.checkin, unnest(ARRAY['2026-03-01', '2026-05-17', '2026-05-18']::timestamptz[]) as_of
	  WHERE pair = 'healthy' GROUP BY as_of) t ORDER BY as_of;
-- no rows at all: NULL
SELECT health(met_at, rating, '2026-01-01', '2026-03-01') IS NULL AS no_rows FROM regress.checkin WHERE false;
-- the same answer at the assessment time itself and with the row order reversed
SELECT (SELECT health(met_at, rating, '2026-01-01', '2026-02-16') FROM regress.checkin WHERE pair = 'healthy')
	 = (SELECT health(met_at, rating, '2026-01-01', '2026-02-16' ORDER BY met_at DESC) FROM regress.checkin WHERE pair = 'healthy')
	   AS order_independent;

-- the trend is the least-squares slope per 30 days: compare with regr_slope
-- (check-ins two days apart, each its own meeting)
SELECT count(*) AS pairs,
	   count(*) FILTER (WHERE abs((h).rating_trend - slope) > 1e-9) AS trend_differs,
	   count(*) FILTER (WHERE abs((h).rating_mean - mean) > 1e-9) AS mean_differs
FROM (SELECT p, health(t, r, '2026-01-01', '2026-12-31') AS h,
			 regr_slope(r, extract(epoch FROM t) / 86400) * 30 AS slope, avg(r) AS mean
	  FROM (SELECT p, timestamptz '2026-01-01' + k * interval '2 days'
					  + ((hashint4(p * 100 + k) & 1023) * interval '1 minute') AS t,
				   (1 + (hashint4(p * 77 + k) & 3))::real AS r
			FROM generate_series(1, 200) p, generate_series(1, 3 + p % 9) k) s
	  GROUP BY p) t;

-- check-ins less than 24 hours after the start of the meeting before them
-- are that meeting, rated the mean of their ratings; rows before started_at
-- (like rows after as_of) are ignored
SELECT name, (h).meetings, (h).last_met, (h).typical_gap_days, (h).rating_mean
FROM (SELECT name, health(met_at::timestamptz, rating, '2026-01-01', '2026-03-01') AS h
	  FROM (VALUES
		('logged twice', '2026-02-01 10:00', 4), ('logged twice', '2026-02-01 10:00', 4),
		('each side, 2 hours apart', '2026-02-01 10:00', 4), ('each side, 2 hours apart', '2026-02-01 12:00', 5),
		('a minute under a day', '2026-02-01 10:00', 4), ('a minute under a day', '2026-02-02 09:59', NULL),
		('a day apart', '2026-02-01 10:00', 4), ('a day apart', '2026-02-02 10:00', 2),
		('0h, 20h, 40h', '2026-02-01 00:00', 5), ('0h, 20h, 40h', '2026-02-01 20:00', 3),
		('0h, 20h, 40h', '2026-02-02 16:00', 1),
		('unrated duplicate', '2026-02-01 10:00', NULL), ('unrated duplicate', '2026-02-01 11:00', 3),
		('before started_at', '2025-12-20 10:00', 1), ('before started_at', '2026-01-10 10:00', 5)
	  ) AS c(name, met_at, rating)
	  GROUP BY name) t
ORDER BY name;

-- bad input
SELECT try($$SELECT health(met_at, rating, '2026-03-01', '2026-01-01') FROM regress.checkin WHERE pair = 'one'$$) AS as_of_before_start;
SELECT try($$SELECT health(now(), 6, '2026-01-01', '2026-03-01')$$) AS rating_too_high;
SELECT try($$SELECT health(now(), 0.5, '2026-01-01', '2026-03-01')$$) AS rating_too_low;
SELECT try($$SELECT health(now(), 'NaN', '2026-01-01', '2026-03-01')$$) AS rating_nan;
SELECT try($$SELECT health(now(), 'Infinity', '2026-01-01', '2026-03-01')$$) AS rating_infinite;
SELECT try($$SELECT health('2026-04-01', 9, '2026-01-01', '2026-03-01')$$) AS rating_checked_after_as_of;
SELECT try($$SELECT health(met_at, rating, '2026-01-01', NULL) FROM regress.checkin$$) AS null_as_of;
SELECT try($$SELECT health(met_at, rating, '2026-01-01', 'infinity') FROM regress.checkin$$) AS infinite_as_of;
SELECT try($$SELECT health(met_at, rating, CASE WHEN pair = 'one' THEN timestamptz '2026-01-02' ELSE '2026-01-01' END, '2026-03-01')
			 FROM regress.checkin$$) AS started_at_differs;

-- a parallel (partial) plan gives the same result as a serial one
CREATE TABLE regress.many_checkins AS
SELECT p AS pair_id, timestamptz '2025-06-01' + ((hashint4(p * 131 + k) & 262143) * interval '1 minute') AS met_at,
	   CASE WHEN k % 5 = 0 THEN NULL ELSE (1 + (hashint4(p * 17 + k) & 3))::real END AS rating
FROM generate_series(1, 2000) p, generate_series(1, 1 + p % 40) k;
INSERT INTO regress.many_checkins SELECT p, NULL, NULL FROM generate_series(2001, 2100) p;
ANALYZE regress.many_checkins;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_health AS
	SELECT pair_id, health(met_at, rating, '2025-06-01', '2025-12-01') AS h FROM regress.many_checkins GROUP BY pair_id;
CREATE TEMP TABLE serial_all AS
	SELECT health(met_at, rating, '2025-06-01', '2025-12-01') AS h FROM regress.many_checkins;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT health(met_at, rating, '2025-06-01', '2025-12-01') FROM regress.many_checkins;
SELECT health(met_at, rating, '2025-06-01', '2025-12-01') = (SELECT h FROM serial_all) AS parallel_total_equal
FROM regress.many_checkins;
SELECT count(*) AS pairs, count(*) FILTER (WHERE p.h IS DISTINCT FROM s.h) AS differing
FROM (SELECT pair_id, health(met_at, rating, '2025-06-01', '2025-12-01') AS h FROM regress.many_checkins GROUP BY pair_id) p
JOIN serial_health s USING (pair_id);
SELECT (h).status, count(*) FROM serial_health GROUP BY 1 ORDER BY 1;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET enable_hashagg;

DROP TABLE regress.checkin, regress.many_checkins;
