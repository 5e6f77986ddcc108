-- The recipes for HR data (docs/reference.md, "Recipes for HR data"), each
-- run as written there on small tables of the same shape.
SET search_path = public, mentormatch;
\set VERBOSITY terse
\set ECHO none
\i test/fixtures/regress.sql
\set ECHO all
SET search_path = public, mentormatch;

-- Schemas: public first, so tables land there
CREATE TABLE hr_profiles (id bigint PRIMARY KEY, skills mentormatch.skillset);
SELECT relnamespace::regnamespace AS created_in FROM pg_class WHERE oid = 'hr_profiles'::regclass;
INSERT INTO hr_profiles
SELECT i, (ARRAY['data.ml:5, data.sql:3', 'data.ml:2', 'backend.java:4', 'data.ml.nlp:4, data.ml:4', ''])[1 + i % 5]::mentormatch.skillset
FROM generate_series(1, 200) i;
-- with mentormatch off the path: qualified operator and type
SET search_path = public;
SELECT count(*) FROM hr_profiles
WHERE skills OPERATOR(mentormatch.@>) 'data.ml:1'::mentormatch.skillset;
SELECT regress.try($$SELECT count(*) FROM hr_profiles WHERE skills @> 'data.ml:1'::mentormatch.skillset$$) AS bare_operator_off_the_path;
SET search_path = public, mentormatch;

-- Who knows a skill, by index; the level filtered after
CREATE INDEX ON hr_profiles USING gin (skills);
SET enable_seqscan = off;
SELECT id FROM hr_profiles
WHERE skills @> 'data.ml:1'                                   -- the index
  AND EXISTS (SELECT 1 FROM skills(hr_profiles.skills) s
              WHERE s.skill = 'data.ml' AND s.level >= 4)  -- the level
ORDER BY id LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM hr_profiles WHERE skills @> 'data.ml:1';
RESET enable_seqscan;
SELECT regress.try($$SELECT 'data.ml'::skillset$$) AS a_literal_needs_levels;

-- Text employee ids: a surrogate key
CREATE TABLE hr_people (employee_code text PRIMARY KEY, manager_code text, timezone text,
						q_social int, q_scope int, q_structure int);
INSERT INTO hr_people VALUES
	('E-CEO', NULL, 'Europe/Berlin', 5, 4, 2), ('E-0042', 'E-CEO', 'America/New_York', 3, NULL, 5),
	('E-0107', 'E-0042', 'Asia/Kolkata', NULL, NULL, NULL), ('E-0108', 'E-0042', 'Europe/Berlin', 1, 5, 3);
CREATE TABLE person_key (
    employee_code text PRIMARY KEY,
    id bigint GENERATED ALWAYS AS IDENTITY UNIQUE);
INSERT INTO person_key (employee_code)
SELECT employee_code FROM hr_people ON CONFLICT DO NOTHING;
INSERT INTO person_key (employee_code)
SELECT employee_code FROM hr_people ON CONFLICT DO NOTHING;		-- again: nothing changes
SELECT * FROM person_key ORDER BY id;

-- IANA time zones at one instant, and daylight saving around it
SELECT p.timezone,
	   (extract(epoch FROM timestamptz '2026-11-01 12:00+00' AT TIME ZONE p.timezone)
		- extract(epoch FROM timestamptz '2026-11-01 12:00+00' AT TIME ZONE 'UTC'))::int / 60 AS utc_offset
FROM (SELECT DISTINCT timezone FROM hr_people) p ORDER BY 1;
SELECT d::date AS day,
	   ((extract(epoch FROM d AT TIME ZONE 'Europe/Berlin') - extract(epoch FROM d AT TIME ZONE 'America/New_York'))
		/ 3600)::int AS berlin_ahead_of_new_york
FROM unnest(ARRAY[timestamptz '2026-01-15 12:00+00', '2026-03-20 12:00+00', '2026-06-15 12:00+00',
				  '2026-10-28 12:00+00']) d;

-- Manager chains from a self-reference (on the surrogate keys)
CREATE VIEW hr_people_keyed AS
SELECT k.id, m.id AS manager_id FROM hr_people p JOIN person_key k USING (employee_code)
LEFT JOIN person_key m ON m.employee_code = p.manager_code;
WITH RECURSIVE chain (employee_id, managers) AS (
    SELECT id, '{}'::bigint[] FROM hr_people_keyed WHERE manager_id IS NULL
    UNION ALL
    SELECT e.id, c.managers || e.manager_id
    FROM hr_people_keyed e JOIN chain c ON e.manager_id = c.employee_id)
SELECT employee_id, managers FROM chain ORDER BY employee_id;

-- Likert answers and a wide survey with unanswered questions
CREATE VIEW hr_survey AS SELECT employee_code, q_social, q_scope, q_structure FROM hr_people;
SELECT employee_code, workstyle_from_jsonb(jsonb_strip_nulls(jsonb_build_object(
           'social', (q_social - 1) / 4.0, 'scope', (q_scope - 1) / 4.0,
           'structure', (q_structure - 1) / 4.0))) AS style
FROM hr_survey ORDER BY employee_code;
SELECT regress.try($$SELECT workstyle(ARRAY['social', 'scope'], ARRAY[(3 - 1) / 4.0, NULL]::float8[])$$) AS arrays_refuse_null;

-- Skill names from free text
CREATE FUNCTION skill_label(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN trim(BOTH '_' FROM regexp_replace(
        replace(replace(replace(lower(name), '++', 'pp'), '#', 'sharp'), '.', ''),
        '[^a-z0-9_-]+', '_', 'g'));
CREATE TABLE hr_skills (name text, level int);
INSERT INTO hr_skills VALUES ('C++', 4), ('C#', 3), ('node.js', 5), ('Machine Learning', 2),
	('Objective-C', 1), ('  SQL / PL/pgSQL ', 4), ('C++', 2);
SELECT name, skill_label(name) FROM hr_skills ORDER BY name COLLATE "C";
SELECT skillset_agg('languages.' || skill_label(s.name), s.level) FROM hr_skills s;

-- Argument types: a numeric grade is no int
SELECT regress.try($$SELECT profile(grade => 4.5)$$) AS numeric_grade;
SELECT (profile(grade => 4.5::int)).grade AS cast_grade;

DROP FUNCTION skill_label;
DROP VIEW hr_survey, hr_people_keyed;
DROP TABLE hr_skills, person_key, hr_people, hr_profiles;
