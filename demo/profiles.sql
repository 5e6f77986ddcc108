-- demo/profiles.sql — the HR tables as mentormatch profiles.
--
-- Everything here reads the ordinary `hr` tables and builds mentormatch
-- values with its constructors and aggregates; nothing is copied out of
-- the database.  Run after demo/hr_schema.sql and hr.generate().

DROP SCHEMA IF EXISTS mentoring CASCADE;
CREATE SCHEMA mentoring;

-- The moment the programme looks at: UTC offsets of IANA time zones are
-- taken at this instant, so the profiles do not depend on the clock.
CREATE FUNCTION mentoring.as_of() RETURNS timestamptz
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN timestamptz '2026-11-01 12:00:00+00';

-- Managers of each employee, top down, from the reporting tree.
CREATE MATERIALIZED VIEW mentoring.manager_chains AS
WITH RECURSIVE chain (employee_id, managers) AS (
	SELECT id, '{}'::bigint[] FROM hr.employees WHERE manager_id IS NULL
	UNION ALL
	SELECT e.id, c.managers || e.manager_id
	FROM hr.employees e JOIN chain c ON e.manager_id = c.employee_id
)
SELECT employee_id, managers FROM chain;
CREATE UNIQUE INDEX ON mentoring.manager_chains (employee_id);

-- One profile per enrolled employee, as mentor or mentee.
CREATE MATERIALIZED VIEW mentoring.profiles AS
WITH skills AS (
	SELECT employee_id, mentormatch.skillset_agg(skill, proficiency) AS skills
	FROM hr.employee_skills GROUP BY employee_id
), goals AS (
	SELECT employee_id, mentormatch.skillset_agg(skill, target_level) AS goals
	FROM hr.development_goals GROUP BY employee_id
), styles AS (
	SELECT employee_id,
		   mentormatch.workstyle(array_agg(dimension), array_agg(score::float8)) AS style
	FROM hr.workstyle_survey GROUP BY employee_id
), languages AS (
	SELECT employee_id, array_agg(language ORDER BY language) AS languages
	FROM hr.employee_languages GROUP BY employee_id
), core_values AS (
	SELECT employee_id, array_agg(value ORDER BY value) AS core_values
	FROM hr.employee_values GROUP BY employee_id
), projects AS (
	SELECT employee_id, array_agg(project ORDER BY project) AS projects
	FROM hr.project_assignments GROUP BY employee_id
)
SELECT en.employee_id AS id,
	   en.role,
	   en.max_mentees AS capacity,
	   e.department,
	   mentormatch.profile(
		   id => e.id,
		   skills => coalesce(s.skills, ''),
		   goals => coalesce(g.goals, ''),
		   style => st.style,
		   grade => e.grade,
		   hours_per_month => en.hours_per_month,
		   utc_offset => (extract(epoch FROM mentoring.as_of() AT TIME ZONE e.timezone)
						  - extract(epoch FROM mentoring.as_of() AT TIME ZONE 'UTC'))::int / 60,
		   languages => l.languages,
		   core_values => v.core_values,
		   support => en.support,
		   manager_chain => mc.managers,
		   projects => coalesce(p.projects, '{}'),
		   trained => en.trained_on IS NOT NULL,
		   tags => ARRAY['department:' || e.department, 'site:' || e.timezone]) AS profile
FROM hr.mentoring_enrollment en
JOIN hr.employees e ON e.id = en.employee_id
LEFT JOIN skills s ON s.employee_id = e.id
LEFT JOIN goals g ON g.employee_id = e.id
LEFT JOIN styles st ON st.employee_id = e.id
LEFT JOIN languages l ON l.employee_id = e.id
LEFT JOIN core_values v ON v.employee_id = e.id
LEFT JOIN projects p ON p.employee_id = e.id
LEFT JOIN mentoring.manager_chains mc ON mc.employee_id = e.id;
CREATE UNIQUE INDEX ON mentoring.profiles (id);

-- The cohort still to match: mentors with the seats their running pairs
-- leave free, and the mentees without a running pair.
CREATE VIEW mentoring.mentors WITH (security_invoker = true) AS
	SELECT p.id, p.profile, greatest(p.capacity - count(r.id), 0)::int AS capacity, p.department
	FROM mentoring.profiles p
	LEFT JOIN hr.mentoring_pairs r ON r.mentor_id = p.id AND r.ended_at IS NULL
	WHERE p.role = 'mentor'
	GROUP BY p.id, p.profile, p.capacity, p.department;
CREATE VIEW mentoring.mentees WITH (security_invoker = true) AS
	SELECT p.id, p.profile, p.department
	FROM mentoring.profiles p
	WHERE p.role = 'mentee'
	  AND NOT EXISTS (SELECT 1 FROM hr.mentoring_pairs r
					  WHERE r.mentee_id = p.id AND r.ended_at IS NULL);
