"""A fresh database for a benchmark, with mentormatch created in it, and
the timing and file helpers the Python benchmarks share."""
import os
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
