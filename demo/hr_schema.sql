-- demo/hr_schema.sql — an ordinary HR database, the input of the mentormatch demo
--
-- These tables are shaped the way an HR system holds its data, not in
-- mentormatch's terms: one row per fact, plain SQL types, keys and checks.
-- The demo (and users) turn them into mentormatch values with aggregates
-- such as skillset_agg(skill, proficiency).
--
-- Re-running this script drops and recreates the whole `hr` schema,
-- including hr.generate() from demo/generate.sql.

DROP SCHEMA IF EXISTS hr CASCADE;
CREATE SCHEMA hr;
COMMENT ON SCHEMA hr IS 'Synthetic HR database for the mentormatch demo (demo/hr_schema.sql, filled by hr.generate())';

-- People and the reporting tree ---------------------------------------------

CREATE TABLE hr.employees (
    id          bigint PRIMARY KEY,
    name        text   NOT NULL,
    title       text   NOT NULL,
    grade       int    NOT NULL CHECK (grade BETWEEN 1 AND 10),
    department  text   NOT NULL CHECK (department ~ '^[a-z][a-z0-9_-]*$'),
    manager_id  bigint REFERENCES hr.employees (id),
    timezone    text   NOT NULL,
    hire_date   date   NOT NULL,
    CHECK (manager_id <> id)
);
CREATE INDEX employees_manager_id_idx ON hr.employees (manager_id);
CREATE INDEX employees_department_idx ON hr.employees (department);
COMMENT ON TABLE hr.employees IS 'One row per employee; manager_id is NULL only for the top of the organisation';
COMMENT ON COLUMN hr.employees.grade IS 'Career grade 1 (entry) .. 10 (top); a manager has a higher grade than each report';
COMMENT ON COLUMN hr.employees.department IS 'backend, frontend, data, infrastructure, security, product, people; executive for the CEO';
COMMENT ON COLUMN hr.employees.manager_id IS 'Direct manager (same department, except department heads, who report to the CEO)';
COMMENT ON COLUMN hr.employees.timezone IS 'IANA time zone name of the work location, e.g. Europe/Berlin';

-- What people know, want to learn, how they work, what they value ------------

CREATE TABLE hr.employee_skills (
    employee_id bigint NOT NULL REFERENCES hr.employees (id) ON DELETE CASCADE,
    skill       text   NOT NULL CHECK (skill ~ '^[a-z0-9_-]+(\.[a-z0-9_-]+)*$'),
    proficiency int    NOT NULL CHECK (proficiency BETWEEN 1 AND 5),
    PRIMARY KEY (employee_id, skill)
);
CREATE INDEX employee_skills_skill_idx ON hr.employee_skills (skill);
COMMENT ON TABLE hr.employee_skills IS 'Skills profile: hierarchical dotted skill paths (data.ml.nlp) with proficiency 1..5';

CREATE TABLE hr.development_goals (
    employee_id  bigint NOT NULL REFERENCES hr.employees (id) ON DELETE CASCADE,
    skill        text   NOT NULL CHECK (skill ~ '^[a-z0-9_-]+(\.[a-z0-9_-]+)*$'),
    target_level int    NOT NULL CHECK (target_level BETWEEN 1 AND 5),
    PRIMARY KEY (employee_id, skill)
);
COMMENT ON TABLE hr.development_goals IS 'Development plan: skills an employee wants to reach, with the target proficiency';

CREATE TABLE hr.workstyle_survey (
    employee_id bigint       NOT NULL REFERENCES hr.employees (id) ON DELETE CASCADE,
    dimension   text         NOT NULL CHECK (dimension ~ '^[a-z_][a-z0-9_]*$'),
    score       numeric(3,2) NOT NULL CHECK (score BETWEEN 0 AND 1),
    PRIMARY KEY (employee_id, dimension)
);
COMMENT ON TABLE hr.workstyle_survey IS 'Work-style questionnaire; dimensions social (reserved 0 - outgoing 1), scope (detail 0 - big picture 1), structure (adaptive 0 - step-by-step 1), directive (facilitative 0 - prescriptive 1); unanswered questions have no row';

CREATE TABLE hr.employee_values (
    employee_id bigint NOT NULL REFERENCES hr.employees (id) ON DELETE CASCADE,
    value       text   NOT NULL CHECK (value ~ '^[a-z][a-z0-9_]*$'),
    PRIMARY KEY (employee_id, value)
);
COMMENT ON TABLE hr.employee_values IS 'Core values chosen by the employee: craft, impact, autonomy, learning, collaboration, stability, innovation, customer, integrity, balance';

CREATE TABLE hr.employee_languages (
    employee_id bigint NOT NULL REFERENCES hr.employees (id) ON DELETE CASCADE,
    language    text   NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
    PRIMARY KEY (employee_id, language)
);
COMMENT ON TABLE hr.employee_languages IS 'Working languages, ISO 639 codes (en, de, pt, hi, ...)';

CREATE TABLE hr.project_assignments (
    employee_id bigint NOT NULL REFERENCES hr.employees (id) ON DELETE CASCADE,
    project     text   NOT NULL,
    PRIMARY KEY (employee_id, project)
);
CREATE INDEX project_assignments_project_idx ON hr.project_assignments (project);
COMMENT ON TABLE hr.project_assignments IS 'Current project staffing; teams share projects, and some projects span teams and departments';

-- The mentoring programme ----------------------------------------------------

CREATE TABLE hr.mentoring_enrollment (
    employee_id     bigint PRIMARY KEY REFERENCES hr.employees (id) ON DELETE CASCADE,
    role            text   NOT NULL CHECK (role IN ('mentor', 'mentee')),
    hours_per_month real   NOT NULL CHECK (hours_per_month > 0 AND hours_per_month <= 40),
    max_mentees     int    CHECK (max_mentees >= 1),
    support         text[] NOT NULL DEFAULT '{}',
    trained_on      date,
    CHECK ((role = 'mentor') = (max_mentees IS NOT NULL)),
    CHECK (array_position(support, NULL) IS NULL)
);
COMMENT ON TABLE hr.mentoring_enrollment IS 'Mentoring programme sign-up, one role per employee';
COMMENT ON COLUMN hr.mentoring_enrollment.hours_per_month IS 'Hours offered (mentor) or wanted (mentee) per month';
COMMENT ON COLUMN hr.mentoring_enrollment.max_mentees IS 'Mentors only: how many mentees at once; NULL for mentees';
COMMENT ON COLUMN hr.mentoring_enrollment.support IS 'Kinds of support offered (mentor) or wanted (mentee): skills, career, leadership, network, sponsorship, wellbeing, reverse';
COMMENT ON COLUMN hr.mentoring_enrollment.trained_on IS 'Date of mentoring training; NULL = not trained';

CREATE TABLE hr.mentoring_pairs (
    id         bigint      PRIMARY KEY,
    mentor_id  bigint      NOT NULL REFERENCES hr.employees (id),
    mentee_id  bigint      NOT NULL REFERENCES hr.employees (id),
    started_at timestamptz NOT NULL,
    ended_at   timestamptz,
    outcome    text        CHECK (outcome IN ('completed', 'ended_early', 'rematched')),
    CHECK (mentor_id <> mentee_id),
    CHECK (ended_at >= started_at),
    CHECK ((ended_at IS NULL) = (outcome IS NULL))
);
CREATE INDEX mentoring_pairs_mentor_id_idx ON hr.mentoring_pairs (mentor_id);
CREATE INDEX mentoring_pairs_mentee_id_idx ON hr.mentoring_pairs (mentee_id);
CREATE UNIQUE INDEX mentoring_pairs_one_active_idx ON hr.mentoring_pairs (mentee_id) WHERE ended_at IS NULL;
COMMENT ON TABLE hr.mentoring_pairs IS 'Mentoring relationships, running (ended_at NULL) and past';
COMMENT ON COLUMN hr.mentoring_pairs.outcome IS 'For ended pairs: completed, ended_early or rematched';

CREATE TABLE hr.checkins (
    pair_id bigint      NOT NULL REFERENCES hr.mentoring_pairs (id) ON DELETE CASCADE,
    met_at  timestamptz NOT NULL,
    rating  int         CHECK (rating BETWEEN 1 AND 5),
    PRIMARY KEY (pair_id, met_at)
);
COMMENT ON TABLE hr.checkins IS 'Logged mentoring meetings; rating 1..5 by the mentee, NULL when not given';
