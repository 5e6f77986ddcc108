-- demo/cohort_report.sql — who is in the mentoring cohort (psql script)
--
--   psql -f demo/cohort_report.sql
--
-- Plain SQL over the hr tables (demo/hr_schema.sql); it does not need the
-- mentormatch extension.  Sections that score, match or assess risk with
-- mentormatch are to be appended after the last one.
--
-- Grade bands: junior 1-3, mid 4-5, senior 6-7, leadership 8-10.
-- "Qualified" means a mentor holds exactly the wanted skill at or above the
-- wanted level; hierarchical partial credit is mentormatch's business.

\set QUIET on
\pset footer off
\pset null '-'

\echo
\echo '=== Mentoring cohort ==='
\echo
\echo '--- Enrolment'
SELECT count(*) FILTER (WHERE m.role = 'mentor')            AS mentors,
       count(*) FILTER (WHERE m.role = 'mentee')            AS mentees,
       count(*) FILTER (WHERE m.role IS NULL)               AS not_enrolled,
       count(*)                                             AS employees,
       round(100.0 * count(m.role) / count(*), 1)           AS enrolled_pct
FROM hr.employees e
LEFT JOIN hr.mentoring_enrollment m ON m.employee_id = e.id;

\echo '--- Capacity: mentor seats (sum of max_mentees) against mentees'
WITH running AS (
    SELECT count(*) AS pairs, count(DISTINCT mentee_id) AS mentees
    FROM hr.mentoring_pairs WHERE ended_at IS NULL
)
SELECT sum(m.max_mentees)                                   AS mentor_seats,
       count(*) FILTER (WHERE m.role = 'mentee')            AS mentees,
       round(sum(m.max_mentees)::numeric
             / nullif(count(*) FILTER (WHERE m.role = 'mentee'), 0), 2) AS seats_per_mentee,
       (SELECT pairs FROM running)                          AS seats_taken,
       sum(m.max_mentees) - (SELECT pairs FROM running)     AS seats_free,
       count(*) FILTER (WHERE m.role = 'mentee')
           - (SELECT mentees FROM running)                  AS mentees_to_match,
       round(avg(m.hours_per_month) FILTER (WHERE m.role = 'mentor')::numeric, 1) AS mentor_hours,
       round(avg(m.hours_per_month) FILTER (WHERE m.role = 'mentee')::numeric, 1) AS mentee_hours
FROM hr.mentoring_enrollment m;

SELECT max_mentees, count(*) AS mentors
FROM hr.mentoring_enrollment WHERE role = 'mentor'
GROUP BY max_mentees ORDER BY max_mentees;

\echo '--- Enrolment by department'
SELECT e.department,
       count(*)                                             AS employees,
       count(*) FILTER (WHERE m.role = 'mentor')            AS mentors,
       count(*) FILTER (WHERE m.role = 'mentee')            AS mentees,
       coalesce(sum(m.max_mentees), 0)                      AS mentor_seats,
       round(coalesce(sum(m.max_mentees), 0)::numeric
             / nullif(count(*) FILTER (WHERE m.role = 'mentee'), 0), 2) AS seats_per_mentee
FROM hr.employees e
LEFT JOIN hr.mentoring_enrollment m ON m.employee_id = e.id
GROUP BY e.department
ORDER BY count(*) DESC, e.department;

\echo '--- Enrolment by grade band'
SELECT CASE WHEN e.grade <= 3 THEN '1-3 junior' WHEN e.grade <= 5 THEN '4-5 mid'
            WHEN e.grade <= 7 THEN '6-7 senior' ELSE '8-10 leadership' END AS grade_band,
       count(*)                                             AS employees,
       count(*) FILTER (WHERE m.role = 'mentor')            AS mentors,
       count(*) FILTER (WHERE m.role = 'mentee')            AS mentees,
       round(100.0 * count(*) FILTER (WHERE m.role = 'mentor') / count(*), 1) AS mentor_pct,
       round(100.0 * count(*) FILTER (WHERE m.role = 'mentee') / count(*), 1) AS mentee_pct
FROM hr.employees e
LEFT JOIN hr.mentoring_enrollment m ON m.employee_id = e.id
GROUP BY 1 ORDER BY 1;

\echo '--- Skills most wanted by mentees, by root label'
SELECT split_part(g.skill, '.', 1)                          AS root,
       count(DISTINCT g.employee_id)                        AS mentees,
       count(*)                                             AS goals,
       round(avg(g.target_level), 1)                        AS avg_target
FROM hr.development_goals g
JOIN hr.mentoring_enrollment m ON m.employee_id = g.employee_id AND m.role = 'mentee'
GROUP BY 1
ORDER BY goals DESC, root;

\echo '--- Skills most wanted by mentees (top 15)'
SELECT g.skill,
       count(*)                                             AS mentees,
       round(avg(g.target_level), 1)                        AS avg_target
FROM hr.development_goals g
JOIN hr.mentoring_enrollment m ON m.employee_id = g.employee_id AND m.role = 'mentee'
GROUP BY g.skill
ORDER BY mentees DESC, g.skill
LIMIT 15;

\echo '--- Least supplied: wanted vs mentors qualified at the wanted level (top 15 shortages)'
\echo '    wanted = mentee goals; level = median target; qualified = mentors with the skill at >= level;'
\echo '    seats = their max_mentees; no_mentor = goals no mentor reaches at the goal''s own target'
WITH goal AS (
    SELECT g.employee_id, g.skill, g.target_level
    FROM hr.development_goals g
    JOIN hr.mentoring_enrollment m ON m.employee_id = g.employee_id AND m.role = 'mentee'
), supply AS (          -- per skill and level: mentors at or above it, and their seats
    SELECT s.skill, lvl.level, count(*) AS mentors, sum(m.max_mentees) AS seats
    FROM hr.employee_skills s
    JOIN hr.mentoring_enrollment m ON m.employee_id = s.employee_id AND m.role = 'mentor'
    JOIN generate_series(1, 5) AS lvl(level) ON lvl.level <= s.proficiency
    GROUP BY s.skill, lvl.level
), wanted AS (
    SELECT g.skill,
           count(*)                                         AS wanted,
           percentile_disc(0.5) WITHIN GROUP (ORDER BY g.target_level) AS level,
           count(*) FILTER (WHERE sp.mentors IS NULL)       AS no_mentor
    FROM goal g
    LEFT JOIN supply sp ON sp.skill = g.skill AND sp.level = g.target_level
    GROUP BY g.skill
)
SELECT w.skill, w.wanted, w.level,
       coalesce(sp.mentors, 0)                              AS qualified,
       coalesce(sp.seats, 0)                                AS seats,
       w.no_mentor,
       round(w.wanted::numeric / nullif(sp.seats, 0), 1)    AS wanted_per_seat
FROM wanted w
LEFT JOIN supply sp ON sp.skill = w.skill AND sp.level = w.level
ORDER BY w.wanted - coalesce(sp.seats, 0) DESC, w.skill
LIMIT 15;

\echo '--- Time zones of mentors and mentees'
SELECT e.timezone,
       count(*) FILTER (WHERE m.role = 'mentor')            AS mentors,
       count(*) FILTER (WHERE m.role = 'mentee')            AS mentees,
       coalesce(sum(m.max_mentees), 0)                      AS mentor_seats,
       round(coalesce(sum(m.max_mentees), 0)::numeric
             / nullif(count(*) FILTER (WHERE m.role = 'mentee'), 0), 2) AS seats_per_mentee
FROM hr.employees e
JOIN hr.mentoring_enrollment m ON m.employee_id = e.id
GROUP BY e.timezone
ORDER BY count(*) DESC, e.timezone;

\echo '--- Training (untrained pairs succeed far less often)'
SELECT role,
       count(*)                                             AS enrolled,
       count(trained_on)                                    AS trained,
       count(*) - count(trained_on)                         AS untrained,
       round(100.0 * count(trained_on) / count(*), 1)       AS trained_pct,
       max(trained_on)                                      AS last_trained
FROM hr.mentoring_enrollment
GROUP BY role ORDER BY role;

\echo '--- Existing pairs'
SELECT coalesce(p.outcome, 'running')                       AS status,
       count(DISTINCT p.id)                                 AS pairs,
       count(c.pair_id)                                     AS checkins,
       count(DISTINCT p.id) FILTER (WHERE NOT EXISTS
           (SELECT 1 FROM hr.checkins x WHERE x.pair_id = p.id)) AS without_checkin,
       (min(p.started_at) AT TIME ZONE 'UTC')::date                             AS first_start,
       (max(p.started_at) AT TIME ZONE 'UTC')::date                             AS last_start
FROM hr.mentoring_pairs p
LEFT JOIN hr.checkins c ON c.pair_id = p.id
GROUP BY 1
ORDER BY (coalesce(p.outcome, 'running') = 'running') DESC, 1;

