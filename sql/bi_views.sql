-- The demo's BI views (demo/risk_views.sql) hold flat columns only: no
-- arrays, no composites; each severity enum has a numeric rank beside it
-- that sorts the same way.
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
SET client_min_messages = warning;
\i demo/hr_schema.sql
\i demo/generate.sql
SELECT hr.generate(400, 7) IS NOT NULL AS generated \gset
\i demo/profiles.sql
CREATE TABLE mentoring.proposed_pairs AS
SELECT * FROM mentormatch.match('SELECT id, profile FROM mentoring.mentees',
								'SELECT id, profile, capacity FROM mentoring.mentors');
\i demo/risk_views.sql
RESET client_min_messages;
\set ECHO all

-- every column of the three views, with the kind of its type
SELECT c.relname AS view, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
	   CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'c' THEN 'composite'
			ELSE CASE WHEN t.typcategory = 'A' THEN 'array' ELSE 'scalar' END END AS kind
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
JOIN pg_type t ON t.oid = a.atttypid
WHERE c.oid IN ('mentoring.pair_risk'::regclass, 'mentoring.relationship_health'::regclass,
				'mentoring.program_health'::regclass)
ORDER BY c.relname, a.attnum;

-- the ranks sort as the enums: 1 for the mildest, one step per label
SELECT 'level' AS severity, array_agg(level ORDER BY level)::text[] AS labels,
	   array_agg(level_rank ORDER BY level) AS ranks
FROM (SELECT DISTINCT level, level_rank FROM mentoring.pair_risk
	  UNION SELECT unnest(enum_range(NULL::mentormatch.risk_level)),
				   mentoring.level_rank(unnest(enum_range(NULL::mentormatch.risk_level)))) t
UNION ALL
SELECT 'status', array_agg(status ORDER BY status)::text[], array_agg(status_rank ORDER BY status)
FROM (SELECT unnest(enum_range(NULL::mentormatch.health_status)) AS status,
			 mentoring.status_rank(unnest(enum_range(NULL::mentormatch.health_status))) AS status_rank) t;
SELECT count(*) FILTER (WHERE (a.level < b.level) <> (a.level_rank < b.level_rank)) AS level_orders_differ
FROM (SELECT DISTINCT level, level_rank FROM mentoring.program_health) a,
	 (SELECT DISTINCT level, level_rank FROM mentoring.program_health) b;
SELECT count(*) FILTER (WHERE (a.status < b.status) <> (a.status_rank < b.status_rank)) AS status_orders_differ
FROM (SELECT DISTINCT status, status_rank FROM mentoring.relationship_health) a,
	 (SELECT DISTINCT status, status_rank FROM mentoring.relationship_health) b;

-- the reasons are the functions' reasons, joined by ", "
SELECT count(*) AS pairs,
	   count(*) FILTER (WHERE r.reasons IS DISTINCT FROM
						array_to_string((mentormatch.risk(m.profile, e.profile)).reasons, ', ')) AS reasons_differ
FROM mentoring.pair_risk r
JOIN mentoring.profiles m ON m.id = r.mentor_id JOIN mentoring.profiles e ON e.id = r.mentee_id;
SELECT count(*) AS running_pairs, count(*) FILTER (WHERE reasons IS NULL) AS without_reasons_text
FROM mentoring.relationship_health;
-- a BI filter on the rank needs no enum literal
SELECT count(*) FILTER (WHERE level_rank >= 3) = count(*) FILTER (WHERE level >= 'high') AS rank_filter_agrees
FROM mentoring.pair_risk;

SET client_min_messages = warning;
DROP SCHEMA mentoring CASCADE;
DROP SCHEMA hr CASCADE;
