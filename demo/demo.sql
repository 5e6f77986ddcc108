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
\echo '=== Synthetic HR data (demo/generate.sql) ==='
\pset tuples_only on
SELECT hr.generate(:employees, 42);
SELECT hr.generate_history(42);
\pset tuples_only off
CREATE EXTENSION IF NOT EXISTS mentormatch;
\ir profiles.sql

\ir cohort_report.sql
\ir scoring_report.sql
\ir matching_report.sql
\ir risk_views.sql
\ir risk_report.sql
\ir learning_report.sql
\ir monitoring_report.sql
