"""A fresh database for a benchmark, with mentormatch created in it."""
import psycopg2


def connect(dbname):
    conn = psycopg2.connect(dbname=dbname)
    conn.autocommit = True
    return conn


def fresh_database(dbname):
    """Drop and create dbname, create the extension, lift the solver memory
    cap for this session, and return the (autocommit) connection."""
    admin = connect("postgres")
    with admin.cursor() as cur:
        cur.execute("DROP DATABASE IF EXISTS " + dbname)
        cur.execute("CREATE DATABASE " + dbname)
    admin.close()
    conn = connect(dbname)
    with conn.cursor() as cur:
        cur.execute("SET client_min_messages = warning")
        cur.execute("CREATE EXTENSION mentormatch")
        cur.execute("SET mentormatch.max_solver_memory = '16GB'")
    return conn
