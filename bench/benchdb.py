"""A fresh database for a benchmark, with mentormatch created in it, and
the timing and file helpers the Python benchmarks share."""
import os
import sys
import time

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def connect(dbname):
    conn = psycopg2.connect(dbname=dbname)
    conn.autocommit = True
    return conn


def fresh_database(dbname):
    """Drop and create dbname, create the extension and return the
    (autocommit) connection.  Every setting stays at its default, as a user
    has it: mentormatch.max_solver_memory is 4GB."""
    admin = connect("postgres")
    with admin.cursor() as cur:
        cur.execute("DROP DATABASE IF EXISTS " + dbname)
        cur.execute("CREATE DATABASE " + dbname)
    admin.close()
    conn = connect(dbname)
    with conn.cursor() as cur:
        cur.execute("SET client_min_messages = warning")
        cur.execute("CREATE EXTENSION mentormatch")
    return conn


def run_file(cur, path):
    """Run a SQL file of the repository (path relative to its root)."""
    with open(os.path.join(ROOT, path)) as f:
        cur.execute(f.read())


def timed(cur, sql, repeats):
    """Best wall time of repeats runs of sql, and its first row."""
    best, row = None, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        cur.execute(sql)
        row = cur.fetchone()
        t = time.perf_counter() - t0
        best = t if best is None else min(best, t)
    return best, row


def load_demo_cohort(cur, employees, mentees, mentors, capacity):
    """The demo organisation of that many employees (demo/generate.sql,
    demo/profiles.sql), and its first mentees and mentors by id copied into
    tables bench_mentees (id, profile) and bench_mentors (id, profile,
    capacity), so that every query reads the same rows.  Exits when the
    organisation has too few of either."""
    t0 = time.perf_counter()
    run_file(cur, "demo/hr_schema.sql")
    run_file(cur, "demo/generate.sql")
    cur.execute("SELECT hr.generate(%s, 42)", (employees,))
    run_file(cur, "demo/profiles.sql")
    cur.execute("CREATE TABLE bench_mentees AS SELECT id, profile FROM mentoring.profiles "
                "WHERE role = 'mentee' ORDER BY id LIMIT %s", (mentees,))
    cur.execute("CREATE TABLE bench_mentors AS SELECT id, profile, %s AS capacity FROM mentoring.profiles "
                "WHERE role = 'mentor' ORDER BY id LIMIT %s", (capacity, mentors))
    cur.execute("VACUUM ANALYZE bench_mentees")
    cur.execute("VACUUM ANALYZE bench_mentors")
    cur.execute("SELECT (SELECT count(*) FROM bench_mentees), (SELECT count(*) FROM bench_mentors)")
    nmentees, nmentors = cur.fetchone()
    print("profiles: %d mentees x %d mentors (capacity %d), loaded in %.0f s"
          % (nmentees, nmentors, capacity, time.perf_counter() - t0), flush=True)
    if nmentees < mentees or nmentors < mentors:
        sys.exit("the generated organisation is too small; raise --employees")
    return nmentees, nmentors
