"""A fresh database for a benchmark, with mentormatch created in it."""
import psycopg2


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
