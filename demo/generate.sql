-- demo/generate.sql — deterministic synthetic data for the hr schema
--
--   SELECT hr.generate();                      -- 2000 employees, seed 42
--   SELECT hr.generate(200000, 7, '2027-03-01 00:00+00');
--
-- Every random number is hr.uniform01(entity, seed, purpose): a hash of the
-- seed, an entity id (employee, pair, meeting) and a purpose number, so the
-- same (n_employees, seed, as_of) gives the same rows whatever the plan, the
-- parallelism or the session's time zone.  as_of is "today"; the clock is
-- never read.  Needs demo/hr_schema.sql first.
--
-- Purpose numbers (one per independent draw):
--    1- 11  employee: department, grade, manager candidate, manager pick,
--           role in the ladder, hire date, name
--   20- 22  employee: region, staying in the manager's region, survey
--   30- 35  employee: goals, skills profile, values
--   40- 48  projects (entity = manager id for a team's projects)
--   50- 62  mentoring enrollment
--   70- 76  work-style survey (entity = employee id * 8 + question)
--   80- 94  mentoring pairs (entity = mentee id)
--  100-299  skills taxonomy rows (purpose 100 + row; proficiency 600 + row)
--  300-399  languages
--  400-499  values
--  500-599  goal candidates
--  900-902  check-ins (entity = pair id * 1000 + meeting number)
--  950-956  past cohorts, hr.generate_history (entity = mentee id * 16 + cohort)
--  957-962  their check-ins (entity = pair id, or pair id * 64 + meeting)

CREATE OR REPLACE FUNCTION hr.uniform01(entity bigint, seed int, purpose int)
RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT (hashint8extended(entity, seed::bigint * 1000 + purpose)
            & 9007199254740991)::float8 / 9007199254740992.0
$$;
COMMENT ON FUNCTION hr.uniform01(bigint, int, int) IS
    'Deterministic pseudo-random number in [0,1) from (entity, seed, purpose); the generator''s only source of randomness';

CREATE OR REPLACE FUNCTION hr.generate(
    n_employees int DEFAULT 2000,
    seed int DEFAULT 42,
    as_of timestamptz DEFAULT '2026-11-01 00:00+00')
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET jit = off
SET work_mem = '64MB'
AS $fn$
DECLARE
    n       int := n_employees;
    s       int := seed;
    today   date;
    summary text;
    fk      record;
    codenames text[] := ARRAY[
        'atlas', 'borealis', 'cobalt', 'delta', 'ember', 'falcon', 'gemini', 'helix',
        'ion', 'juniper', 'kestrel', 'lumen', 'meridian', 'nebula', 'orion', 'pulsar',
        'quartz', 'raven', 'sierra', 'tundra', 'umbra', 'vega', 'willow', 'xenon',
        'yukon', 'zephyr', 'aurora', 'beacon', 'cascade', 'dynamo', 'echo', 'fjord',
        'granite', 'harbor', 'iris', 'jade', 'kinetic', 'lotus', 'mosaic', 'nova',
        'onyx', 'prism', 'quasar', 'redwood', 'summit', 'tidal', 'unity', 'vertex'];
    initiatives text[] := ARRAY[
        'initiative-ai-assistant', 'initiative-cloud-cost', 'initiative-soc2',
        'initiative-eu-expansion', 'initiative-platform-v2', 'initiative-data-mesh',
        'initiative-accessibility', 'initiative-onboarding', 'initiative-zero-trust',
        'initiative-pricing-2027'];
    -- 32 first names and 24 last names per region, regions in order
    -- America/New_York, America/Sao_Paulo, Europe/Berlin, Asia/Kolkata
    first_names text[] := ARRAY[
        'James', 'Mary', 'Michael', 'Jennifer', 'David', 'Linda', 'Daniel', 'Sarah',
        'Christopher', 'Emily', 'Matthew', 'Jessica', 'Andrew', 'Ashley', 'Joshua', 'Megan',
        'Ryan', 'Rachel', 'Kevin', 'Lauren', 'Brian', 'Nicole', 'Jason', 'Olivia',
        'Carlos', 'Maria', 'Luis', 'Ana', 'Wei', 'Mei', 'Kwame', 'Aisha',
        'Joao', 'Maria', 'Jose', 'Ana', 'Pedro', 'Juliana', 'Lucas', 'Fernanda',
        'Gabriel', 'Camila', 'Rafael', 'Beatriz', 'Mateus', 'Larissa', 'Gustavo', 'Mariana',
        'Felipe', 'Amanda', 'Bruno', 'Leticia', 'Thiago', 'Bruna', 'Diego', 'Carolina',
        'Rodrigo', 'Patricia', 'Leonardo', 'Aline', 'Eduardo', 'Vanessa', 'Marcelo', 'Renata',
        'Lukas', 'Anna', 'Leon', 'Lena', 'Felix', 'Laura', 'Jonas', 'Julia',
        'Maximilian', 'Sophie', 'Paul', 'Lea', 'Tim', 'Hannah', 'Jan', 'Katharina',
        'Niklas', 'Marie', 'Tobias', 'Johanna', 'Florian', 'Sarah', 'Moritz', 'Clara',
        'Sebastian', 'Elena', 'Mehmet', 'Ayse', 'Pierre', 'Camille', 'Marco', 'Giulia',
        'Aarav', 'Priya', 'Arjun', 'Ananya', 'Rohan', 'Diya', 'Vikram', 'Kavya',
        'Rahul', 'Sneha', 'Aditya', 'Pooja', 'Karan', 'Neha', 'Siddharth', 'Isha',
        'Amit', 'Riya', 'Sanjay', 'Anjali', 'Raj', 'Meera', 'Nikhil', 'Shreya',
        'Arnab', 'Sourav', 'Debjani', 'Ishita', 'Ravi', 'Lakshmi', 'Suresh', 'Divya'];
    last_names text[] := ARRAY[
        'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Garcia',
        'Rodriguez', 'Wilson', 'Martinez', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson',
        'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Nguyen',
        'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira',
        'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes',
        'Soares', 'Fernandes', 'Vieira', 'Barbosa', 'Rocha', 'Dias', 'Nascimento', 'Moreira',
        'Mueller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker',
        'Schulz', 'Hoffmann', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schroeder',
        'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krueger', 'Hartmann', 'Dubois', 'Yilmaz',
        'Sharma', 'Verma', 'Gupta', 'Singh', 'Kumar', 'Patel', 'Reddy', 'Iyer',
        'Nair', 'Menon', 'Banerjee', 'Chatterjee', 'Mukherjee', 'Das', 'Bose', 'Sen',
        'Ghosh', 'Rao', 'Joshi', 'Mehta', 'Kapoor', 'Malhotra', 'Agarwal', 'Pillai'];
BEGIN
    IF n IS NULL OR n < 50 OR n > 5000000 THEN
        RAISE EXCEPTION 'n_employees must be between 50 and 5000000, got %', n
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF s IS NULL OR as_of IS NULL OR NOT isfinite(as_of) THEN
        RAISE EXCEPTION 'seed and as_of must be given and finite'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    today := (as_of AT TIME ZONE 'UTC')::date;

    -- Foreign keys among the hr tables are dropped while loading and added
    -- back at the end (as pg_restore does): one validating join per key
    -- instead of a trigger call per row (at 200,000 employees about 4 s
    -- instead of 10 s).
    CREATE TEMP TABLE _fk AS
    SELECT c.conrelid::regclass::text AS tbl, c.conname, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c
    WHERE c.contype = 'f'
      AND c.conrelid = ANY (ARRAY['hr.employees', 'hr.employee_skills', 'hr.development_goals',
                                  'hr.workstyle_survey', 'hr.employee_values', 'hr.employee_languages',
                                  'hr.project_assignments', 'hr.mentoring_enrollment',
                                  'hr.mentoring_pairs', 'hr.checkins']::regclass[]);
    FOR fk IN SELECT * FROM _fk ORDER BY tbl, conname LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tbl, fk.conname);
    END LOOP;

    TRUNCATE hr.checkins, hr.mentoring_pairs, hr.mentoring_enrollment,
             hr.project_assignments, hr.employee_languages, hr.employee_values,
             hr.workstyle_survey, hr.development_goals, hr.employee_skills,
             hr.employees;

    -- Scratch tables live in pg_temp and are dropped at the end (or rolled
    -- back with the transaction on error).

    ---------------------------------------------------------------- departments
    -- d 0 is the CEO's office; heads of departments 1..7 are employees 2..8.
    CREATE TEMP TABLE _dept (d int PRIMARY KEY, name text, label text, tag text,
                             head_title text, engineering bool);
    INSERT INTO _dept VALUES
        (0, 'executive',      'Executive',      'exec',   'Chief Executive Officer', false),
        (1, 'backend',        'Backend',        'be',     'VP of Engineering, Backend', true),
        (2, 'frontend',       'Frontend',       'fe',     'VP of Engineering, Frontend & Mobile', true),
        (3, 'data',           'Data & ML',      'data',   'VP of Data & ML', true),
        (4, 'infrastructure', 'Infrastructure', 'infra',  'VP of Infrastructure', true),
        (5, 'security',       'Security',       'sec',    'Chief Information Security Officer', true),
        (6, 'product',        'Product',        'prod',   'Chief Product Officer', false),
        (7, 'people',         'People',         'people', 'Chief People Officer', false);

    ----------------------------------------------------- employees, first pass
    -- Department and grade from the pyramid.  Some people of grade 5..8 are
    -- manager candidates; an employee of grade g reports to a candidate of
    -- the same department drawn uniformly from a window of grades above g
    -- (juniors 5..6, then g+1..g+2, grade 8 to the head).  When the window
    -- is empty (small departments) any higher candidate will do, else the
    -- department head.
    CREATE TEMP TABLE _e AS
    SELECT id, d, g AS grade,
           (id <= 8 OR (g = 5 AND u3 < .25) OR (g = 6 AND u3 < .45)
                    OR (g = 7 AND u3 < .45) OR (g = 8 AND u3 < .85)) AS mgr_cand,
           u4 AS u_pick
    FROM (
        SELECT id,
               CASE WHEN id = 1 THEN 0 WHEN id <= 8 THEN id::int - 1
                    WHEN u1 < .27 THEN 1 WHEN u1 < .42 THEN 2 WHEN u1 < .56 THEN 3
                    WHEN u1 < .69 THEN 4 WHEN u1 < .75 THEN 5 WHEN u1 < .91 THEN 6
                    ELSE 7 END AS d,
               CASE WHEN id = 1 THEN 10 WHEN id <= 8 THEN 9
                    WHEN u2 < .15 THEN 1 WHEN u2 < .35 THEN 2 WHEN u2 < .55 THEN 3
                    WHEN u2 < .71 THEN 4 WHEN u2 < .83 THEN 5 WHEN u2 < .918 THEN 6
                    WHEN u2 < .988 THEN 7 ELSE 8 END AS g,
               u3, u4
        FROM (SELECT id,
                     hr.uniform01(id, s, 1) AS u1, hr.uniform01(id, s, 2) AS u2,
                     hr.uniform01(id, s, 3) AS u3, hr.uniform01(id, s, 4) AS u4
              FROM generate_series(1::bigint, n) AS id) r
    ) x;

    -- manager candidates below the heads, numbered by (grade, id) within
    -- their department, so a window of grades is a range of numbers
    CREATE TEMP TABLE _mc AS
    SELECT d, grade, id, row_number() OVER (PARTITION BY d ORDER BY grade, id) AS k
    FROM _e WHERE mgr_cand AND id > 8;
    ALTER TABLE _mc ADD PRIMARY KEY (d, k);

    -- for each (department, report grade): first number and size of the
    -- window; cnt = 0 means "report to the head" (employee d + 1)
    CREATE TEMP TABLE _bt AS
    SELECT dd.d, g,
           coalesce(w.lo, up.lo) AS lo,
           CASE WHEN w.cnt > 0 THEN w.cnt ELSE coalesce(up.cnt, 0) END AS cnt
    FROM generate_series(1, 7) AS dd(d)
    CROSS JOIN generate_series(1, 8) AS g
    CROSS JOIN LATERAL (SELECT greatest(g + 1, 5) AS a,
                               CASE WHEN g <= 4 THEN 6 ELSE g + 2 END AS b) ab
    LEFT JOIN LATERAL (SELECT min(k) AS lo, count(*) AS cnt FROM _mc
                       WHERE _mc.d = dd.d AND _mc.grade BETWEEN ab.a AND ab.b) w ON true
    LEFT JOIN LATERAL (SELECT min(k) AS lo, count(*) AS cnt FROM _mc
                       WHERE _mc.d = dd.d AND _mc.grade >= ab.a) up ON true;

    -- everyone's manager: CEO on top, heads under the CEO, the rest as above
    CREATE TEMP TABLE _tree AS
    SELECT e.id, e.d, e.grade,
           CASE WHEN e.id = 1 THEN NULL
                WHEN e.id <= 8 THEN 1
                WHEN bt.cnt = 0 THEN e.d + 1
                ELSE mc.id END::bigint AS manager_id
    FROM _e e
    LEFT JOIN _bt bt ON bt.d = e.d AND bt.g = e.grade
    LEFT JOIN _mc mc ON mc.d = e.d AND bt.cnt > 0
                    AND mc.k = bt.lo + floor(e.u_pick * bt.cnt)::int;
    ANALYZE _tree;

    ------------------------------------------------- employees, full profile
    -- Regions follow the reporting tree: 70% of people sit in their
    -- manager's region (30% of department heads, whose manager is the CEO);
    -- 1 America/New_York, 2 America/Sao_Paulo, 3 Europe/Berlin, 4 Asia/Kolkata.  The mentoring role is decided
    -- here too, as goals depend on it.
    CREATE TEMP TABLE _emp AS
    WITH RECURSIVE own AS (
        SELECT id, d, grade, manager_id,
               CASE WHEN u < .34 THEN 1 WHEN u < .46 THEN 2 WHEN u < .72 THEN 3 ELSE 4 END AS r_own,
               hr.uniform01(id, s, 21) < CASE WHEN manager_id = 1 THEN .30 ELSE .70 END AS stay
        FROM (SELECT t.*, hr.uniform01(t.id, s, 20) AS u FROM _tree t) x
    ), tree AS (
        SELECT id, 1 AS region FROM own WHERE manager_id IS NULL
        UNION ALL
        SELECT o.id, CASE WHEN o.stay THEN t.region ELSE o.r_own END
        FROM tree t JOIN own o ON o.manager_id = t.id
    )
    SELECT o.id, o.d, CASE WHEN o.d = 0 THEN 8 ELSE o.d END AS dgrp,
           o.grade, o.manager_id, t.region,
           coalesce(rc.reports, 0) AS reports,
           today - (14 + floor(365.25 *
               CASE WHEN o.id = 1 THEN 11
                    WHEN o.id <= 8 THEN 2 + 8 * hr.uniform01(o.id, s, 7)
                    ELSE hr.uniform01(o.id, s, 7) * (0.8 + 0.9 * o.grade) END))::int AS hire_date,
           hr.uniform01(o.id, s, 6) AS sub,
           CASE WHEN hr.uniform01(o.id, s, 10) < .15
                THEN 1 + floor(4 * hr.uniform01(o.id, s, 11))::int
                ELSE t.region END AS name_region,
           CASE WHEN hr.uniform01(o.id, s, 50) <
                     (ARRAY[0, .01, .05, .20, .45, .55, .60, .60, .60, .60])[o.grade]
                THEN 'mentor'
                WHEN hr.uniform01(o.id, s, 51) <
                     (ARRAY[.50, .45, .40, .22, .12, .08, .04, .02, .02, .02])[o.grade]
                THEN 'mentee' END AS role
    FROM own o
    JOIN tree t USING (id)
    LEFT JOIN (SELECT manager_id, count(*) AS reports FROM _tree
               WHERE manager_id IS NOT NULL GROUP BY manager_id) rc
           ON rc.manager_id = o.id;
    ALTER TABLE _emp ADD PRIMARY KEY (id);
    ANALYZE _emp;

    INSERT INTO hr.employees (id, name, title, grade, department, manager_id, timezone, hire_date)
    SELECT e.id,
           first_names[(e.name_region - 1) * 32 + 1 + floor(32 * hr.uniform01(e.id, s, 8))::int]
               || ' ' ||
           last_names[(e.name_region - 1) * 24 + 1 + floor(24 * hr.uniform01(e.id, s, 9))::int],
           CASE WHEN e.id <= 8 THEN dp.head_title
                WHEN e.reports > 0 THEN
                    CASE WHEN dp.engineering
                         THEN (ARRAY['Engineering Manager', 'Senior Engineering Manager',
                                     'Director of Engineering', 'Senior Director of Engineering'])[e.grade - 4]
                              || ', ' || dp.label
                         WHEN e.d = 6 AND e.sub >= .6
                         THEN (ARRAY['Design Manager', 'Senior Design Manager',
                                     'Director of Design', 'Senior Director of Design'])[e.grade - 4]
                         WHEN e.d = 6
                         THEN (ARRAY['Group Product Manager', 'Senior Group Product Manager',
                                     'Director of Product', 'Senior Director of Product'])[e.grade - 4]
                         ELSE (ARRAY['People Operations Manager', 'Senior People Operations Manager',
                                     'Director of People Operations', 'Senior Director of People'])[e.grade - 4]
                    END
                ELSE replace(
                    CASE WHEN dp.engineering
                         THEN (ARRAY['Associate %', '% I', '% II', 'Senior %', 'Staff %',
                                     'Senior Staff %', 'Principal %', 'Distinguished %'])[e.grade]
                         ELSE (ARRAY['Associate %', '%', '% II', 'Senior %', 'Lead %',
                                     'Principal %', 'Senior Principal %', 'Distinguished %'])[e.grade]
                    END, '%',
                    CASE e.d
                        WHEN 1 THEN 'Backend Engineer'
                        WHEN 2 THEN CASE WHEN e.sub < .75 THEN 'Frontend Engineer' ELSE 'Mobile Engineer' END
                        WHEN 3 THEN CASE WHEN e.sub < .4 THEN 'Data Engineer'
                                         WHEN e.sub < .7 THEN 'Data Scientist'
                                         ELSE 'Machine Learning Engineer' END
                        WHEN 4 THEN CASE WHEN e.sub < .5 THEN 'Site Reliability Engineer' ELSE 'Platform Engineer' END
                        WHEN 5 THEN 'Security Engineer'
                        WHEN 6 THEN CASE WHEN e.sub < .6 THEN 'Product Manager' ELSE 'Product Designer' END
                        ELSE CASE WHEN e.sub < .4 THEN 'People Partner'
                                  WHEN e.sub < .7 THEN 'Recruiter'
                                  ELSE 'People Operations Specialist' END
                    END)
           END,
           e.grade, dp.name, e.manager_id,
           (ARRAY['America/New_York', 'America/Sao_Paulo', 'Europe/Berlin', 'Asia/Kolkata'])[e.region],
           e.hire_date
    FROM _emp e JOIN _dept dp USING (d);

    -------------------------------------------------------------------- skills
    -- Group 1..7: a department's skills (with cross-department ones),
    -- 8: the CEO's, 10: everyone's, 11: people managers'.  A skill appears
    -- at most once among the groups a person draws from.  p is the chance
    -- of having it (scaled up with grade); core skills start one step higher.
    CREATE TEMP TABLE _tax (k int PRIMARY KEY, grp int, skill text, p float8, core bool);
    INSERT INTO _tax
    SELECT row_number() OVER (ORDER BY grp, skill COLLATE "C"), grp, skill, p, core
    FROM (VALUES
        (1, 'backend.java', .45, true), (1, 'backend.go', .35, true),
        (1, 'backend.python', .45, true), (1, 'backend.kotlin', .15, true),
        (1, 'backend.nodejs', .20, true), (1, 'backend.rust', .06, true),
        (1, 'backend.api_design', .45, true), (1, 'backend.distributed_systems', .25, true),
        (1, 'backend.messaging.kafka', .20, true), (1, 'backend.testing', .35, true),
        (1, 'data.sql', .45, false), (1, 'data.db.postgres', .35, false),
        (1, 'infra.kubernetes', .20, false), (1, 'infra.ci_cd', .25, false),
        (1, 'infra.cloud.aws', .20, false), (1, 'security.appsec', .08, false),
        (1, 'data.ml', .04, false),
        (2, 'frontend.react', .60, true), (2, 'frontend.typescript', .60, true),
        (2, 'frontend.css', .55, true), (2, 'frontend.accessibility', .15, true),
        (2, 'frontend.vue', .12, true), (2, 'frontend.mobile.ios', .15, true),
        (2, 'frontend.mobile.android', .15, true), (2, 'frontend.mobile.react_native', .12, true),
        (2, 'frontend.performance', .15, true), (2, 'frontend.design_systems', .15, true),
        (2, 'backend.nodejs', .25, false), (2, 'product.design.ui', .12, false),
        (2, 'frontend.testing', .30, true),
        (3, 'data.sql', .80, true), (3, 'data.db.postgres', .25, true),
        (3, 'data.engineering.spark', .30, true), (3, 'data.engineering.airflow', .25, true),
        (3, 'data.engineering.dbt', .25, true), (3, 'data.analytics', .40, true),
        (3, 'data.viz', .30, true), (3, 'data.statistics', .40, true),
        (3, 'data.experimentation', .20, true), (3, 'data.ml', .35, true),
        (3, 'data.ml.deep_learning', .12, true), (3, 'data.ml.nlp', .08, true),
        (3, 'data.ml.vision', .05, true), (3, 'data.ml.mlops', .08, true),
        (3, 'data.ml.llm', .10, true), (3, 'backend.python', .60, false),
        (3, 'infra.cloud.gcp', .10, false),
        (4, 'infra.kubernetes', .55, true), (4, 'infra.terraform', .45, true),
        (4, 'infra.cloud.aws', .45, true), (4, 'infra.cloud.gcp', .20, true),
        (4, 'infra.linux', .60, true), (4, 'infra.observability', .35, true),
        (4, 'infra.networking', .25, true), (4, 'infra.ci_cd', .40, true),
        (4, 'infra.sre.incident_response', .30, true), (4, 'infra.databases', .20, true),
        (4, 'backend.go', .30, false), (4, 'backend.python', .25, false),
        (4, 'security.cloud', .10, false),
        (5, 'security.appsec', .50, true), (5, 'security.cloud', .35, true),
        (5, 'security.iam', .35, true), (5, 'security.threat_modeling', .30, true),
        (5, 'security.cryptography', .15, true), (5, 'security.incident_response', .30, true),
        (5, 'security.compliance', .25, true), (5, 'security.pentest', .20, true),
        (5, 'infra.kubernetes', .20, false), (5, 'infra.linux', .35, false),
        (5, 'backend.python', .25, false), (5, 'backend.go', .10, false),
        (6, 'product.discovery', .45, true), (6, 'product.roadmapping', .40, true),
        (6, 'product.analytics', .30, true), (6, 'product.design.ux', .35, true),
        (6, 'product.design.ui', .30, true), (6, 'product.design.research', .25, true),
        (6, 'product.writing', .30, true), (6, 'product.pricing', .10, true),
        (6, 'data.sql', .15, false), (6, 'data.analytics', .20, false),
        (6, 'data.experimentation', .10, false), (6, 'frontend.css', .05, false),
        (7, 'people.recruiting', .45, true), (7, 'people.compensation', .20, true),
        (7, 'people.learning', .25, true), (7, 'people.employee_relations', .30, true),
        (7, 'people.dei', .15, true), (7, 'people.hr_systems', .25, true),
        (7, 'people.coaching', .20, true), (7, 'data.analytics', .10, false),
        (8, 'business.strategy', .95, true), (8, 'business.finance', .80, true),
        (8, 'product.roadmapping', .60, false),
        (10, 'communication.writing', .20, false), (10, 'communication.presenting', .15, false),
        (10, 'communication.negotiation', .05, false),
        (11, 'management.people', .85, true), (11, 'management.hiring', .55, true),
        (11, 'management.coaching', .45, true), (11, 'management.strategy', .30, true),
        (11, 'management.budgeting', .20, true), (11, 'management.okrs', .30, true)
    ) AS v(grp, skill, p, core);
    ANALYZE _tax;

    -- 4% have no skills profile; proficiency grows with grade
    INSERT INTO hr.employee_skills (employee_id, skill, proficiency)
    SELECT x.id, t.skill,
           greatest(1, least(5, round(
               CASE WHEN t.grp = 11 THEN 1.6 + 0.5 * (x.grade - 4)
                    ELSE 1 + 0.42 * (x.grade - 1) + CASE WHEN t.core THEN 0.4 ELSE -0.4 END
                         + CASE WHEN t.skill LIKE 'data.ml%' THEN -0.5 ELSE 0 END END
               + 1.8 * (hr.uniform01(x.id, s, 600 + t.k) - 0.5))))::int
    FROM (SELECT e.id, e.grade, grp
          FROM _emp e,
               unnest(ARRAY[e.dgrp, 10, CASE WHEN e.reports > 0 THEN 11 END]) AS grp) x
    JOIN _tax t ON t.grp = x.grp
    WHERE hr.uniform01(x.id, s, 32) >= .04
      AND hr.uniform01(x.id, s, 100 + t.k) < least(.95, t.p * (0.7 + 0.08 * x.grade));

    ANALYZE hr.employee_skills;

    --------------------------------------------------------- development goals
    -- Every mentee and 45% of the others have 1..3 goals, drawn without
    -- replacement by weight (Efraimidis-Spirakis keys) from their
    -- department's list and the company-wide list, where machine learning is
    -- popular.  Skills already at 5 are not goals.
    CREATE TEMP TABLE _goal (k int PRIMARY KEY, grp int, skill text, w float8, mgmt bool);
    INSERT INTO _goal
    SELECT row_number() OVER (ORDER BY grp, skill COLLATE "C"), grp, skill, w,
           skill LIKE 'management.%'
    FROM (VALUES
        (1, 'backend.distributed_systems', 3.0), (1, 'backend.go', 2.0), (1, 'backend.rust', 1.5),
        (1, 'backend.api_design', 1.5), (1, 'infra.kubernetes', 2.0), (1, 'infra.cloud.aws', 1.5),
        (1, 'security.appsec', 1.0), (1, 'data.db.postgres', 1.5), (1, 'backend.messaging.kafka', 1.0),
        (2, 'frontend.typescript', 2.0), (2, 'frontend.react', 2.0), (2, 'frontend.performance', 1.5),
        (2, 'frontend.accessibility', 1.5), (2, 'frontend.design_systems', 1.0),
        (2, 'frontend.mobile.react_native', 1.0), (2, 'product.design.ux', 1.5),
        (3, 'data.ml.deep_learning', 2.5), (3, 'data.ml.mlops', 2.0), (3, 'data.ml.vision', 1.0),
        (3, 'data.engineering.spark', 1.5), (3, 'data.statistics', 1.5), (3, 'data.experimentation', 1.5),
        (4, 'infra.kubernetes', 2.5), (4, 'infra.terraform', 2.0), (4, 'infra.observability', 2.0),
        (4, 'infra.cloud.gcp', 1.0), (4, 'security.cloud', 1.5), (4, 'infra.networking', 1.0),
        (4, 'backend.go', 1.5),
        (5, 'security.threat_modeling', 2.0), (5, 'security.cloud', 2.0), (5, 'security.appsec', 2.0),
        (5, 'security.cryptography', 1.5), (5, 'security.pentest', 1.5), (5, 'infra.kubernetes', 1.0),
        (6, 'product.discovery', 2.5), (6, 'product.analytics', 2.0), (6, 'product.roadmapping', 1.5),
        (6, 'product.design.research', 1.5), (6, 'data.analytics', 1.5), (6, 'product.pricing', 1.0),
        (7, 'people.compensation', 1.5), (7, 'people.learning', 2.0), (7, 'people.hr_systems', 1.0),
        (7, 'data.analytics', 1.5), (7, 'people.dei', 1.0),
        (8, 'business.strategy', 1.0),
        (10, 'data.ml', 2.5), (10, 'data.ml.llm', 2.0), (10, 'data.ml.nlp', 0.8),
        (10, 'communication.presenting', 1.5), (10, 'communication.writing', 1.0),
        (10, 'management.people', 2.0), (10, 'management.coaching', 1.0),
        (10, 'management.strategy', 0.5)
    ) AS v(grp, skill, w);
    ANALYZE _goal;

    INSERT INTO hr.development_goals (employee_id, skill, target_level)
    SELECT c.id, _goal.skill,
           CASE WHEN es.proficiency IS NOT NULL
                THEN least(5, es.proficiency + 1 + (hr.uniform01(c.id, s, 33) < .35)::int)
                ELSE least(5, 2 + floor(2 * hr.uniform01(c.id, s, 34))::int + (c.grade >= 5)::int)
           END
    FROM (
        SELECT x.id, x.grade, x.n_goals, g.k,
               row_number() OVER (PARTITION BY x.id ORDER BY
                   -ln(1 - hr.uniform01(x.id, s, 500 + g.k))
                   / (g.w * CASE WHEN NOT g.mgmt THEN 1.0 WHEN x.grade >= 4 THEN 1.5 ELSE 0.2 END),
                   g.k) AS rk
        FROM (SELECT e.id, e.grade, e.dgrp, 1 + floor(3 * hr.uniform01(e.id, s, 31))::int AS n_goals
              FROM _emp e
              WHERE e.role = 'mentee' OR hr.uniform01(e.id, s, 30) < .45) x
        JOIN (SELECT * FROM _goal
              UNION ALL
              SELECT g.k, d.d, g.skill, g.w, g.mgmt
              FROM _goal g CROSS JOIN generate_series(1, 8) AS d(d) WHERE g.grp = 10) g
          ON g.grp = x.dgrp
        WHERE NOT EXISTS (SELECT 1 FROM hr.employee_skills es
                          WHERE es.proficiency = 5 AND es.employee_id = x.id AND es.skill = g.skill)
    ) c
    JOIN _goal USING (k)
    LEFT JOIN hr.employee_skills es ON es.employee_id = c.id AND es.skill = _goal.skill
    WHERE c.rk <= c.n_goals;

    -------------------------------------------------------------------- values
    -- 88% record their values; each value is kept with a chance weighted by
    -- department, about three per person.
    CREATE TEMP TABLE _valw AS
    SELECT d, vk, value, least(.9, 3.0 * w / sum(w) OVER (PARTITION BY d)) AS p
    FROM (
        SELECT dd.d, v.vk, v.value,
               1.0 + coalesce(b.bonus, 0) AS w
        FROM generate_series(0, 7) AS dd(d)
        CROSS JOIN unnest(ARRAY['craft', 'impact', 'autonomy', 'learning', 'collaboration',
                                'stability', 'innovation', 'customer', 'integrity', 'balance'])
                   WITH ORDINALITY AS v(value, vk)
        LEFT JOIN (VALUES
            (1, 'craft', 1.5), (1, 'autonomy', 0.5),
            (2, 'craft', 1.0), (2, 'customer', 1.0),
            (3, 'learning', 1.5), (3, 'innovation', 1.0),
            (4, 'stability', 1.5), (4, 'craft', 0.5),
            (5, 'integrity', 1.5), (5, 'stability', 1.0),
            (6, 'customer', 1.5), (6, 'impact', 1.0),
            (7, 'collaboration', 1.5), (7, 'balance', 1.0),
            (0, 'impact', 2.0), (0, 'customer', 1.0)
        ) AS b(d, value, bonus) ON b.d = dd.d AND b.value = v.value
    ) x;
    ANALYZE _valw;

    INSERT INTO hr.employee_values (employee_id, value)
    SELECT e.id, v.value
    FROM _emp e JOIN _valw v ON v.d = e.d
    WHERE hr.uniform01(e.id, s, 35) < .88
      AND hr.uniform01(e.id, s, 400 + v.vk::int) < v.p;

    ----------------------------------------------------------------- languages
    -- Loosely tied to the region; 'en' is kept whenever the local language
    -- is missing, so everybody speaks something.  About 3% lack 'en'.
    CREATE TEMP TABLE _lang (k int PRIMARY KEY, r int, language text, p float8,
                             alt_k int, alt_p float8);
    INSERT INTO _lang VALUES
        (1, 1, 'en', 1.00, NULL, NULL), (2, 1, 'es', .12, NULL, NULL),
        (3, 1, 'fr', .04, NULL, NULL),  (4, 1, 'zh', .04, NULL, NULL),
        (5, 1, 'hi', .03, NULL, NULL),  (6, 1, 'pt', .02, NULL, NULL),
        (7, 1, 'de', .02, NULL, NULL),  (8, 1, 'ja', .02, NULL, NULL),
        (11, 2, 'pt', .97, NULL, NULL), (12, 2, 'en', .88, 11, .97),
        (13, 2, 'es', .40, NULL, NULL),
        (21, 3, 'de', .72, NULL, NULL), (22, 3, 'en', .95, 21, .72),
        (23, 3, 'fr', .12, NULL, NULL), (24, 3, 'es', .06, NULL, NULL),
        (25, 3, 'tr', .05, NULL, NULL), (26, 3, 'it', .05, NULL, NULL),
        (31, 4, 'hi', .70, NULL, NULL), (32, 4, 'en', .96, 31, .70),
        (33, 4, 'bn', .35, NULL, NULL), (34, 4, 'ta', .08, NULL, NULL),
        (35, 4, 'ja', .03, NULL, NULL);
    ANALYZE _lang;

    INSERT INTO hr.employee_languages (employee_id, language)
    SELECT e.id, l.language
    FROM _emp e JOIN _lang l ON l.r = e.region
    WHERE hr.uniform01(e.id, s, 300 + l.k) < l.p
       OR (l.alt_k IS NOT NULL AND hr.uniform01(e.id, s, 300 + l.alt_k) >= l.alt_p);

    ---------------------------------------------------------- work-style survey
    -- 82% answer; each of the four questions is skipped 7% of the time.
    -- Means depend on department (and grade for scope and directive); the
    -- spread is a sum of three uniforms (sd about 0.18).
    INSERT INTO hr.workstyle_survey (employee_id, dimension, score)
    SELECT id, (ARRAY['social', 'scope', 'structure', 'directive'])[dim],
           round(greatest(0, least(1,
               mean + 0.36 * (hr.uniform01(id * 8 + dim, s, 74) + hr.uniform01(id * 8 + dim, s, 75)
                              + hr.uniform01(id * 8 + dim, s, 76) - 1.5)))::numeric, 2)
    FROM (
        SELECT e.id, dim,
               CASE dim
                   WHEN 1 THEN (ARRAY[.40, .50, .42, .36, .35, .62, .68, .70])[e.dgrp]
                   WHEN 2 THEN (ARRAY[.45, .45, .52, .42, .38, .70, .55, .80])[e.dgrp]
                               + 0.02 * (e.grade - 4)
                   WHEN 3 THEN (ARRAY[.56, .46, .50, .66, .72, .36, .50, .40])[e.dgrp]
                   ELSE 0.28 + 0.04 * e.grade + CASE WHEN e.d = 5 THEN .05 ELSE 0 END
               END AS mean
        FROM _emp e CROSS JOIN generate_series(1, 4) AS dim
        WHERE hr.uniform01(e.id, s, 22) < .82
          AND hr.uniform01(e.id, s, 70 + dim) < .93
    ) x;

    ------------------------------------------------------------------ projects
    -- Each team (the reports of one manager) works on one or two projects
    -- from its department's pool (about one project per 30 people, so
    -- several teams share a project); the CEO's staff works on company
    -- initiatives.  People also join another project of their department
    -- (25%) or an initiative (more often with seniority); managers are on
    -- their own team's projects and on their manager's.
    CREATE TEMP TABLE _team AS
    SELECT m.id AS manager_id, m.d,
           floor(pool * hr.uniform01(m.id, s, 40))::int AS p1,
           CASE WHEN hr.uniform01(m.id, s, 41) < .5
                THEN floor(pool * hr.uniform01(m.id, s, 42))::int END AS p2,
           pool
    FROM _emp m
    JOIN (SELECT d, CASE WHEN d = 0 THEN cardinality(initiatives)
                         ELSE greatest(3, ceil(count(*) / 30.0))::int END AS pool
          FROM _emp GROUP BY d) ps USING (d)
    WHERE m.reports > 0;
    ALTER TABLE _team ADD PRIMARY KEY (manager_id);
    ANALYZE _team;

    INSERT INTO hr.project_assignments (employee_id, project)
    SELECT DISTINCT id,
           CASE WHEN d = 0 THEN initiatives[1 + idx]
                ELSE tag || '-' || codenames[1 + idx % 48]
                     || CASE WHEN idx >= 48 THEN '-' || (idx / 48 + 1) ELSE '' END
           END
    FROM (
        -- the team one belongs to
        SELECT e.id, t.d, t.p1 AS idx FROM _emp e JOIN _team t USING (manager_id)
        WHERE hr.uniform01(e.id, s, 43) < .92
        UNION ALL
        SELECT e.id, t.d, t.p2 FROM _emp e JOIN _team t USING (manager_id)
        WHERE t.p2 IS NOT NULL AND hr.uniform01(e.id, s, 44) < .6
        -- the team one leads
        UNION ALL
        SELECT t.manager_id, t.d, t.p1 FROM _team t
        UNION ALL
        SELECT t.manager_id, t.d, t.p2 FROM _team t WHERE t.p2 IS NOT NULL
        -- another project of the department
        UNION ALL
        SELECT e.id, e.d, floor(t.pool * hr.uniform01(e.id, s, 46))::int
        FROM _emp e JOIN (SELECT DISTINCT d, pool FROM _team) t USING (d)
        WHERE e.d > 0 AND hr.uniform01(e.id, s, 45) < .25
        -- a company initiative
        UNION ALL
        SELECT e.id, 0, floor(cardinality(initiatives) * hr.uniform01(e.id, s, 48))::int
        FROM _emp e
        WHERE hr.uniform01(e.id, s, 47) < .03 + .03 * e.grade
    ) a JOIN _dept USING (d);

    -------------------------------------------------------- mentoring programme
    -- About one in five employees are mentors (mostly senior), three in ten
    -- mentees (mostly junior).  Hours, capacity, the support kinds offered
    -- or wanted, and training all come from the employee's own draws.
    INSERT INTO hr.mentoring_enrollment
        (employee_id, role, hours_per_month, max_mentees, support, trained_on)
    SELECT id, role, hours,
           CASE WHEN role = 'mentor'
                THEN least(4, 1 + floor(hr.uniform01(id, s, 53) * (1 + hours / 2.5)))::int END,
           CASE WHEN cardinality(sup) > 0 THEN sup
                WHEN role = 'mentor' THEN ARRAY['skills'] ELSE ARRAY['career'] END,
           CASE WHEN hr.uniform01(id, s, 61) < CASE WHEN role = 'mentor' THEN .72 ELSE .55 END
                THEN hire_date + floor(hr.uniform01(id, s, 62) * (today - hire_date))::int END
    FROM (
        SELECT e.id, e.role, e.hire_date,
               CASE WHEN e.role = 'mentor'
                    THEN CASE WHEN u < .25 THEN 2 WHEN u < .55 THEN 3 WHEN u < .80 THEN 4
                              WHEN u < .92 THEN 6 ELSE 8 END
                    ELSE CASE WHEN u < .20 THEN 1 WHEN u < .55 THEN 2 WHEN u < .80 THEN 3
                              WHEN u < .95 THEN 4 ELSE 6 END
               END::real AS hours,
               array_remove(CASE WHEN e.role = 'mentor' THEN ARRAY[
                   CASE WHEN hr.uniform01(e.id, s, 54) < .85 THEN 'skills' END,
                   CASE WHEN hr.uniform01(e.id, s, 55) < .70 THEN 'career' END,
                   CASE WHEN hr.uniform01(e.id, s, 56) < CASE WHEN e.grade >= 6 THEN .60 ELSE .15 END THEN 'leadership' END,
                   CASE WHEN hr.uniform01(e.id, s, 57) < CASE WHEN e.grade >= 6 THEN .50 ELSE .20 END THEN 'network' END,
                   CASE WHEN hr.uniform01(e.id, s, 58) < CASE WHEN e.grade >= 7 THEN .45 ELSE .05 END THEN 'sponsorship' END,
                   CASE WHEN hr.uniform01(e.id, s, 59) < .30 THEN 'wellbeing' END,
                   CASE WHEN hr.uniform01(e.id, s, 60) < CASE WHEN e.grade <= 4 THEN .40 ELSE .05 END THEN 'reverse' END]
               ELSE ARRAY[
                   CASE WHEN hr.uniform01(e.id, s, 54) < .75 THEN 'skills' END,
                   CASE WHEN hr.uniform01(e.id, s, 55) < .55 THEN 'career' END,
                   CASE WHEN hr.uniform01(e.id, s, 56) < CASE WHEN e.grade >= 4 THEN .35 ELSE .08 END THEN 'leadership' END,
                   CASE WHEN hr.uniform01(e.id, s, 57) < .20 THEN 'network' END,
                   CASE WHEN hr.uniform01(e.id, s, 58) < CASE WHEN e.grade >= 4 THEN .15 ELSE .04 END THEN 'sponsorship' END,
                   CASE WHEN hr.uniform01(e.id, s, 59) < .15 THEN 'wellbeing' END,
                   CASE WHEN hr.uniform01(e.id, s, 60) < CASE WHEN e.grade >= 5 THEN .50 ELSE 0 END THEN 'reverse' END]
               END, NULL) AS sup
        FROM (SELECT _emp.*, hr.uniform01(id, s, 52) AS u FROM _emp WHERE role IS NOT NULL) e
    ) x;

    ANALYZE hr.mentoring_enrollment;

    ----------------------------------------------------------- mentoring pairs
    -- About 8% of mentees hired at least 60 days ago are drawn for a pair,
    -- with a mentor of their own department 60% of the time.  Each pair gets
    -- a scenario that shapes its check-ins:
    --   1 healthy      regular meetings every 14-21 days, good ratings
    --   2 cooling      gaps growing geometrically to 40-70 days
    --   3 at_risk      regular, but ratings falling (60%) or low throughout
    --   4 stalled      a few meetings, then none for 95-215 days
    --   5 not_started  no check-in yet; started 2-28 days ago (a quarter of
    --                  them 35-85 days ago: first meeting overdue)
    --   6 ended        completed (drawn from hr.success_chance, the outcome
    --                  model below), else ended_early or rematched; ended
    --                  10-310 days ago
    -- Running pairs never exceed their mentor's max_mentees.
    CREATE TEMP TABLE _pairs AS
    WITH mentors AS (
        SELECT e.id, e.d, m.max_mentees, e.hire_date,
               row_number() OVER (PARTITION BY e.d ORDER BY e.id) AS kd,
               count(*) OVER (PARTITION BY e.d) AS nd,
               row_number() OVER (ORDER BY e.id) AS kg,
               count(*) OVER () AS ng
        FROM _emp e JOIN hr.mentoring_enrollment m ON m.employee_id = e.id
        WHERE m.role = 'mentor'
    ), want AS (
        SELECT e.id AS mentee_id, e.d, e.hire_date,
               CASE WHEN u < .36 THEN 1 WHEN u < .51 THEN 2 WHEN u < .66 THEN 3
                    WHEN u < .78 THEN 4 WHEN u < .88 THEN 5 ELSE 6 END AS scen,
               hr.uniform01(e.id, s, 81) < .6 AS own_dept
        FROM (SELECT _emp.*, hr.uniform01(id, s, 84) AS u FROM _emp) e
        WHERE e.role = 'mentee' AND e.hire_date <= today - 60
          AND hr.uniform01(e.id, s, 80) < .08
    ), chosen AS (
        SELECT w.*, coalesce(md.id, mg.id) AS mentor_id,
               coalesce(md.max_mentees, mg.max_mentees) AS max_mentees,
               greatest(w.hire_date, coalesce(md.hire_date, mg.hire_date)) AS hired
        FROM want w
        LEFT JOIN (SELECT DISTINCT d, nd FROM mentors) dn ON dn.d = w.d AND w.own_dept
        LEFT JOIN mentors md ON md.d = w.d
              AND md.kd = 1 + floor(dn.nd * hr.uniform01(w.mentee_id, s, 82))::int
        LEFT JOIN mentors mg
              ON mg.kg = 1 + floor((SELECT count(*) FROM mentors) * hr.uniform01(w.mentee_id, s, 83))::int
    ), planned AS (
        SELECT c.mentee_id, c.mentor_id, c.max_mentees, c.scen, c.hired,
               CASE WHEN c.scen = 6 THEN CASE WHEN c.succeeded THEN 'completed'
                                              WHEN u94 < .625 THEN 'ended_early'
                                              ELSE 'rematched' END END AS outcome,
               -- number of meetings
               CASE c.scen WHEN 1 THEN 4 + floor(17 * u85) WHEN 2 THEN 5 + floor(5 * u85)
                           WHEN 3 THEN 5 + floor(8 * u85)  WHEN 4 THEN 2 + floor(7 * u85)
                           WHEN 5 THEN 0
                           ELSE CASE WHEN NOT c.succeeded AND u94 < .625 THEN 2 + floor(4 * u85)
                                     ELSE 4 + floor(11 * u85) END
               END::int AS meetings,
               -- regular gap, or first gap of a cooling pair (days)
               CASE c.scen WHEN 1 THEN 14 + 7 * u86 WHEN 2 THEN 10 + 6 * u86
                           WHEN 3 THEN 14 + 10 * u86 ELSE 14 + 14 * u86 END AS gap,
               -- last gap of a cooling pair (days)
               40 + 30 * u88 AS last_gap,
               -- days from the last meeting to as_of (from the start, scenario 5)
               CASE c.scen WHEN 1 THEN 0.9 * u87 * (14 + 7 * u86)
                           WHEN 2 THEN least(80, (0.4 + 0.5 * u87) * (40 + 30 * u88))
                           WHEN 3 THEN u87 * (14 + 10 * u86)
                           WHEN 4 THEN 95 + 120 * u87
                           WHEN 5 THEN CASE WHEN u90 < .25 THEN 35 + 50 * u87 ELSE 2 + 26 * u87 END
                           ELSE 10 + 300 * u87 END AS lag,
               -- days from the start to the first meeting
               3 + 10 * u89 AS lead,
               u93 AS u_end,
               u91 < .6 AS declining
        FROM (SELECT chosen.*,
                     hr.uniform01(mentee_id, s, 85) AS u85, hr.uniform01(mentee_id, s, 86) AS u86,
                     hr.uniform01(mentee_id, s, 87) AS u87, hr.uniform01(mentee_id, s, 88) AS u88,
                     hr.uniform01(mentee_id, s, 89) AS u89, hr.uniform01(mentee_id, s, 90) AS u90,
                     hr.uniform01(mentee_id, s, 91) AS u91, hr.uniform01(mentee_id, s, 93) AS u93,
                     hr.uniform01(mentee_id, s, 94) AS u94,
                     -- an ended pair's outcome follows the programme's outcome model
                     scen = 6 AND hr.uniform01(mentee_id, s, 92)
                                  < hr.success_chance(mentor_id, mentee_id, as_of) AS succeeded
              FROM chosen) c
    ), fitted AS (
        -- keep pairs whose history fits after both people were hired (+ a
        -- week); running pairs then take seats up to the mentor's max_mentees
        SELECT p.*, power(p.last_gap / p.gap, 1.0 / greatest(p.meetings - 2, 1)) AS r,
               CASE WHEN p.scen <> 6 THEN row_number() OVER (
                   PARTITION BY p.mentor_id, p.scen <> 6 ORDER BY p.mentee_id) END AS seat
        FROM planned p
        WHERE p.lag + CASE WHEN p.scen = 5 THEN 0
                           WHEN p.scen = 2
                           THEN p.lead + 2 + p.gap * (power(p.last_gap / p.gap, (p.meetings - 1.0) / (p.meetings - 2)) - 1)
                                / (power(p.last_gap / p.gap, 1.0 / (p.meetings - 2)) - 1)
                           ELSE p.lead + 2 + (p.meetings - 1) * p.gap END
              <= extract(epoch FROM as_of - ((p.hired + 7)::timestamp AT TIME ZONE 'UTC')) / 86400
    )
    SELECT row_number() OVER (ORDER BY mentee_id) AS id, mentor_id, mentee_id, scen, hired,
           outcome, meetings, gap, last_gap, r, lag, lead, u_end, declining
    FROM fitted
    WHERE seat IS NULL OR seat <= max_mentees;
    ALTER TABLE _pairs ADD PRIMARY KEY (id);

    -- meeting j (0 = first) lies off(j) days before as_of:
    --   regular  lag + (meetings - 1 - j) * gap
    --   cooling  lag + gap * (r^(meetings-1) - r^j) / (r - 1),
    --            r = (last_gap / gap)^(1 / (meetings - 2))
    -- plus up to 1.5 days of jitter, floored to a quarter hour.  A pair
    -- cannot start before both people were hired (plus a week); meetings
    -- before its start are dropped.
    CREATE TEMP TABLE _meet AS
    SELECT p.id AS pair_id, j, p.meetings, p.scen, p.declining, p.outcome,
           to_timestamp(floor((extract(epoch FROM as_of)::float8 - 86400 * (p.lag +
               CASE WHEN p.scen = 2
                    THEN p.gap * (power(p.r, p.meetings - 1) - power(p.r, j)) / (p.r - 1)
                    ELSE (p.meetings - 1 - j) * p.gap END
               + CASE WHEN j < p.meetings - 1
                      THEN 3 * (hr.uniform01(p.id * 1000 + j, s, 900) - 0.5) ELSE 0 END)) / 900) * 900)
               AS met_at
    FROM _pairs p
    CROSS JOIN LATERAL generate_series(0, p.meetings - 1) AS j;

    INSERT INTO hr.mentoring_pairs (id, mentor_id, mentee_id, started_at, ended_at, outcome)
    SELECT p.id, p.mentor_id, p.mentee_id, st.started_at,
           CASE WHEN p.scen = 6 THEN greatest(st.started_at + interval '1 day',
                 coalesce(f.last_met, st.started_at)
                 + make_interval(secs => 86400 * p.u_end * least(14, p.lag - 3))) END,
           p.outcome
    FROM _pairs p
    LEFT JOIN (SELECT pair_id, min(met_at) AS first_met, max(met_at) AS last_met
               FROM _meet GROUP BY pair_id) f ON f.pair_id = p.id
    CROSS JOIN LATERAL (
        SELECT greatest(
                   CASE WHEN p.scen = 5 THEN as_of - make_interval(secs => 86400 * p.lag)
                        ELSE f.first_met - make_interval(secs => 86400 * p.lead) END,
                   (p.hired + 7)::timestamp AT TIME ZONE 'UTC') AS started_at
    ) st;

    -- ratings: healthy and completed good; cooling fair; at risk and
    -- rematched falling (or low); ended early low; stalled drifting down;
    -- 10% (18% when cooling or stalled) not rated
    INSERT INTO hr.checkins (pair_id, met_at, rating)
    SELECT m.pair_id, m.met_at,
           CASE WHEN hr.uniform01(m.pair_id * 1000 + m.j, s, 902)
                     < CASE WHEN m.scen IN (2, 4) THEN .18 ELSE .10 END THEN NULL
                ELSE greatest(1, least(5, CASE
                    WHEN m.scen = 1 OR m.outcome = 'completed'
                        THEN CASE WHEN u < .5 THEN 5 WHEN u < .9 THEN 4 ELSE 3 END
                    WHEN m.scen = 2
                        THEN CASE WHEN u < .3 THEN 5 WHEN u < .75 THEN 4 WHEN u < .95 THEN 3 ELSE 2 END
                    WHEN (m.scen = 3 AND m.declining) OR m.outcome = 'rematched'
                        THEN round(4.6 - 3.2 * pos + 1.2 * (u - 0.5))
                    WHEN m.scen = 3 OR m.outcome = 'ended_early'
                        THEN round(2.3 + 2.2 * (u - 0.5))
                    ELSE round(3.7 - 1.2 * pos + 1.6 * (u - 0.5))
                END))::int
           END
    FROM (SELECT _meet.*, hr.uniform01(pair_id * 1000 + j, s, 901) AS u,
                 j::float8 / greatest(meetings - 1, 1) AS pos
          FROM _meet) m
    JOIN hr.mentoring_pairs p ON p.id = m.pair_id
    WHERE m.met_at >= p.started_at
      AND (p.ended_at IS NULL OR m.met_at <= p.ended_at);

    ------------------------------------------------------------------- summary
    FOR fk IN SELECT * FROM _fk ORDER BY tbl, conname LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk.tbl, fk.conname, fk.def);
    END LOOP;
    DROP TABLE _fk, _dept, _e, _mc, _bt, _tree, _emp, _tax, _goal, _valw, _lang, _team, _pairs, _meet;
    ANALYZE hr.employees, hr.development_goals, hr.workstyle_survey, hr.employee_values,
            hr.employee_languages, hr.project_assignments, hr.mentoring_pairs, hr.checkins;

    SELECT format('hr.generate(%s, %s, %s): employees %s, employee_skills %s, development_goals %s, '
                  'workstyle_survey %s, employee_values %s, employee_languages %s, '
                  'project_assignments %s, mentoring_enrollment %s (%s mentors, %s mentees), '
                  'mentoring_pairs %s (%s running), checkins %s',
                  n, s, to_char(as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI"Z"'),
                  (SELECT count(*) FROM hr.employees),
                  (SELECT count(*) FROM hr.employee_skills),
                  (SELECT count(*) FROM hr.development_goals),
                  (SELECT count(*) FROM hr.workstyle_survey),
                  (SELECT count(*) FROM hr.employee_values),
                  (SELECT count(*) FROM hr.employee_languages),
                  (SELECT count(*) FROM hr.project_assignments),
                  (SELECT count(*) FROM hr.mentoring_enrollment),
                  (SELECT count(*) FROM hr.mentoring_enrollment WHERE role = 'mentor'),
                  (SELECT count(*) FROM hr.mentoring_enrollment WHERE role = 'mentee'),
                  (SELECT count(*) FROM hr.mentoring_pairs),
                  (SELECT count(*) FROM hr.mentoring_pairs WHERE ended_at IS NULL),
                  (SELECT count(*) FROM hr.checkins))
    INTO summary;
    RAISE NOTICE '%', summary;
    RETURN summary;
END
$fn$;

COMMENT ON FUNCTION hr.generate(int, int, timestamptz) IS
    'Truncate and fill the hr tables with a deterministic synthetic organisation of n_employees; same (n_employees, seed, as_of), same rows';

-------------------------------------------------------------- past cohorts
-- hr.success_chance(mentor, mentee): the chance that a pair succeeds, the
-- outcome model of the simulated programme.  It reads the hr tables as
-- they are, not mentormatch's factors, and knows nothing of the scoring:
--   log-odds = -0.9
--     + 2.4 x goals met: per development goal of the mentee, 1 when the
--             mentor has that skill at the target level or above, 0.5
--             below it, 0 without it; the mean over the goals
--     + career stage: mentor 1..3 grades above +0.9, 4 above +0.3,
--             5 or more above -0.3, the same grade or below -0.9
--     - 1.4 without a shared language
--     - 0.7 with 6 hours or more between the two time zones
--     + 0.5 when the mentor is trained, - 0.3 when the mentee is not
--     - 0.6 when the mentor offers fewer hours than the mentee wants
--     - 0.5 when their work-style answers differ by more than 0.35 on
--             average over the questions both answered
--     - 1.0 when the mentor is in the mentee's reporting line
CREATE OR REPLACE FUNCTION hr.success_chance(mentor bigint, mentee bigint,
                                             as_of timestamptz DEFAULT '2026-11-01 00:00+00')
RETURNS float8
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH RECURSIVE chain (id) AS (
        SELECT manager_id FROM hr.employees WHERE id = mentee
        UNION
        SELECT e.manager_id FROM hr.employees e JOIN chain c ON e.id = c.id
        WHERE e.manager_id IS NOT NULL
    ), facts AS (
        SELECT (SELECT coalesce(avg(CASE WHEN s.proficiency >= g.target_level THEN 1.0
                                         WHEN s.proficiency IS NOT NULL THEN 0.5 ELSE 0 END), 0)
                FROM hr.development_goals g
                LEFT JOIN hr.employee_skills s ON s.employee_id = mentor AND s.skill = g.skill
                WHERE g.employee_id = mentee) AS goals_met,
               rm.grade - re.grade AS gap,
               EXISTS (SELECT 1 FROM hr.employee_languages a
                       JOIN hr.employee_languages b ON b.language = a.language
                       WHERE a.employee_id = mentor AND b.employee_id = mentee) AS shared_language,
               abs(extract(epoch FROM as_of AT TIME ZONE rm.timezone)
                   - extract(epoch FROM as_of AT TIME ZONE re.timezone)) / 3600 AS hours_apart,
               em.trained_on IS NOT NULL AS mentor_trained,
               ee.trained_on IS NOT NULL AS mentee_trained,
               em.hours_per_month >= ee.hours_per_month AS enough_time,
               (SELECT avg(abs(a.score - b.score)) FROM hr.workstyle_survey a
                JOIN hr.workstyle_survey b ON b.dimension = a.dimension
                WHERE a.employee_id = mentor AND b.employee_id = mentee) AS style_gap,
               mentor IN (SELECT id FROM chain) AS reporting_line
        FROM hr.employees rm, hr.employees re,
             hr.mentoring_enrollment em, hr.mentoring_enrollment ee
        WHERE rm.id = mentor AND re.id = mentee
          AND em.employee_id = mentor AND ee.employee_id = mentee
    )
    SELECT 1 / (1 + exp(-(-0.9 + 2.4 * goals_met
        + CASE WHEN gap BETWEEN 1 AND 3 THEN 0.9 WHEN gap = 4 THEN 0.3
               WHEN gap >= 5 THEN -0.3 ELSE -0.9 END
        - CASE WHEN shared_language THEN 0 ELSE 1.4 END
        - CASE WHEN least(hours_apart, 24 - hours_apart) >= 6 THEN 0.7 ELSE 0 END
        + CASE WHEN mentor_trained THEN 0.5 ELSE 0 END
        - CASE WHEN mentee_trained THEN 0 ELSE 0.3 END
        - CASE WHEN enough_time THEN 0 ELSE 0.6 END
        - CASE WHEN style_gap > 0.35 THEN 0.5 ELSE 0 END
        - CASE WHEN reporting_line THEN 1.0 ELSE 0 END)))::float8
    FROM facts
$$;
COMMENT ON FUNCTION hr.success_chance(bigint, bigint, timestamptz) IS
    'The simulated programme''s outcome model: the chance that a mentor and a mentee (both enrolled) succeed together';

-- hr.generate_history(seed, cohorts, as_of): past cohorts of the programme,
-- one every four months, the newest starting 12 months before as_of, each
-- pair ended within ten months: 'completed' when it succeeded (drawn from
-- hr.success_chance), else 'ended_early' or 'rematched'.  Each enrolled
-- mentee hired a week before a cohort's start joins it with chance 0.9,
-- with a mentor drawn at random (of the own department half the time), as
-- a programme matching by hand might.  Past pairs have no check-ins (the
-- programme logs meetings of running pairs).  Run once after
-- hr.generate(), which empties the tables.
-- Purpose numbers (entity = mentee id * 16 + cohort): 950 joining, 951 own
-- department, 952-953 the mentor, 954 the outcome, 955 the way it ended,
-- 956 its length.
CREATE OR REPLACE FUNCTION hr.generate_history(
    seed int DEFAULT 42,
    cohorts int DEFAULT 3,
    as_of timestamptz DEFAULT '2026-11-01 00:00+00')
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $fn$
DECLARE
    s int := seed;
    first_id bigint;
    summary text;
BEGIN
    IF cohorts < 1 OR cohorts > 15 THEN
        RAISE EXCEPTION 'cohorts must be from 1 to 15, not %', cohorts
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(max(id), 0) INTO first_id FROM hr.mentoring_pairs;

    INSERT INTO hr.mentoring_pairs (id, mentor_id, mentee_id, started_at, ended_at, outcome)
    WITH mentors AS (
        SELECT e.id, e.department, e.hire_date,
               row_number() OVER (PARTITION BY e.department ORDER BY e.id) AS kd,
               count(*) OVER (PARTITION BY e.department) AS nd,
               row_number() OVER (ORDER BY e.id) AS kg
        FROM hr.mentoring_enrollment en JOIN hr.employees e ON e.id = en.employee_id
        WHERE en.role = 'mentor'
    ), cohort AS (
        SELECT c, as_of - make_interval(months => 12 + 4 * (cohorts - c)) AS started_at
        FROM generate_series(1, cohorts) c
    ), joined AS (
        SELECT c.c, c.started_at, e.id AS mentee_id, e.department, e.id * 16 + c.c AS entity
        FROM cohort c
        CROSS JOIN hr.mentoring_enrollment en
        JOIN hr.employees e ON e.id = en.employee_id
        WHERE en.role = 'mentee'
          AND e.hire_date + 7 <= (c.started_at AT TIME ZONE 'UTC')::date
          AND hr.uniform01(e.id * 16 + c.c, s, 950) < .9
    ), chosen AS (
        SELECT j.*, coalesce(md.id, mg.id) AS mentor_id, coalesce(md.hire_date, mg.hire_date) AS hired
        FROM joined j
        LEFT JOIN (SELECT DISTINCT department, nd FROM mentors) dn
               ON dn.department = j.department AND hr.uniform01(j.entity, s, 951) < .5
        LEFT JOIN mentors md ON md.department = j.department
              AND md.kd = 1 + floor(dn.nd * hr.uniform01(j.entity, s, 952))::int
        LEFT JOIN mentors mg
              ON mg.kg = 1 + floor((SELECT count(*) FROM mentors) * hr.uniform01(j.entity, s, 953))::int
    ), judged AS (
        SELECT c.*, hr.uniform01(c.entity, s, 954) < hr.success_chance(c.mentor_id, c.mentee_id, as_of) AS succeeded
        FROM chosen c
        WHERE c.hired + 7 <= (c.started_at AT TIME ZONE 'UTC')::date
    )
    SELECT first_id + row_number() OVER (ORDER BY started_at, mentee_id),
           mentor_id, mentee_id, started_at,
           started_at + make_interval(days => CASE WHEN succeeded THEN 240 + floor(60 * hr.uniform01(entity, s, 956))
                                                   ELSE 30 + floor(120 * hr.uniform01(entity, s, 956)) END::int),
           CASE WHEN succeeded THEN 'completed'
                WHEN hr.uniform01(entity, s, 955) < .7 THEN 'ended_early' ELSE 'rematched' END
    FROM judged;

    -- their check-ins until they ended: an engaged pair meets every two or
    -- three weeks from its first week or two and rates its meetings well;
    -- a disengaged one meets late or never (one in four), ever more slowly
    -- (each gap half again the last), rating lower and lower; one rating
    -- in ten not given.  Pairs that completed were engaged four times in
    -- five, the others about one time in three: the record says something
    -- the profiles do not, and not everything.
    INSERT INTO hr.checkins (pair_id, met_at, rating)
    SELECT id, met_at, rating
    FROM (SELECT p.id, p.ended_at,
                 p.started_at + make_interval(secs => 86400 * CASE WHEN e.engaged
                     THEN 3 + 10 * hr.uniform01(p.id, s, 958) + (k - 1) * (14 + 7 * hr.uniform01(p.id, s, 959))
                     ELSE 10 + 25 * hr.uniform01(p.id, s, 958) + 28 * (power(1.5, k - 1) - 1) END) AS met_at,
                 CASE WHEN hr.uniform01(p.id * 64 + k, s, 960) < .1 THEN NULL
                      WHEN e.engaged THEN 4 + (hr.uniform01(p.id * 64 + k, s, 961) < .5)::int
                      ELSE greatest(1, 4 - (k - 1) / 2 - (hr.uniform01(p.id * 64 + k, s, 961) < .4)::int) END AS rating
          FROM hr.mentoring_pairs p
          CROSS JOIN LATERAL (SELECT hr.uniform01(p.id, s, 957)
                                     < CASE WHEN p.outcome = 'completed' THEN .8 ELSE .35 END AS engaged) e
          CROSS JOIN generate_series(1, 24) k
          WHERE p.id > first_id AND (e.engaged OR hr.uniform01(p.id, s, 962) >= .25)) m
    WHERE met_at <= ended_at;
    ANALYZE hr.mentoring_pairs, hr.checkins;

    SELECT format('hr.generate_history(%s, %s): %s past pairs in %s cohorts, %s%% completed',
                  s, cohorts, count(*), count(DISTINCT started_at),
                  round(100.0 * avg((outcome = 'completed')::int), 1))
    INTO summary
    FROM hr.mentoring_pairs WHERE id > first_id;
    RETURN summary;
END
$fn$;
COMMENT ON FUNCTION hr.generate_history(int, int, timestamptz) IS
    'Add past cohorts of mentoring pairs with outcomes drawn from hr.success_chance, and their check-ins; needs hr.generate() first';
