-- demo/demo.sql — the whole demo report (psql script, run by `make demo`).
--   psql -v employees=2000 -f demo/demo.sql
\set QUIET on
\set ON_ERROR_STOP on
\pset footer off
\pset null '-'
SET client_min_messages = warning;

\ir hr_schema.sql
\ir generate.sql
\echo
SELECT hr.generate(:employees, 42) AS "synthetic HR data";
CREATE EXTENSION IF NOT EXISTS mentormatch;
\ir profiles.sql

\ir cohort_report.sql
\ir scoring_report.sql
