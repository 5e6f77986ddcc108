#!/usr/bin/python3
"""match() against its SQL baseline: score() in a cross join feeding assign().

Profiles come from the demo generator (demo/generate.sql, demo/profiles.sql):
the first --mentees mentees and --mentors mentors by id, copied into tables
so that both sides read the same rows; every mentor takes --capacity
mentees.  Both sides exclude every conflict of interest and solve the same
coverage problem, so the objectives must agree to 1e-9 relative.

  match      match('SELECT id, profile FROM bench_mentees',
                   'SELECT id, profile, capacity FROM bench_mentors')
  baseline   assign('SELECT ... score(m.profile, e.profile) ... FROM
                     bench_mentees e, bench_mentors m
                     WHERE conflicts(m.profile, e.profile) = ''{}''', ...)

Connects with the PG* environment (bench/run starts a throwaway cluster).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import fresh_database, load_demo_cohort, timed  # noqa: E402

DB = "mentormatch_bench_match"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentees", type=int, default=20000)
    ap.add_argument("--mentors", type=int, default=2000)
    ap.add_argument("--capacity", type=int, default=10)
    ap.add_argument("--employees", type=int, default=75000)
    ap.add_argument("--repeats", type=int, default=2)
    a = ap.parse_args()

    conn = fresh_database(DB)
    cur = conn.cursor()
    nmentees, nmentors = load_demo_cohort(cur, a.employees, a.mentees, a.mentors, a.capacity)

    t_match, (matched_m, total_m) = timed(cur, """
        SELECT count(mentor_id), sum(score) FROM mentormatch.match(
            'SELECT id, profile FROM bench_mentees',
            'SELECT id, profile, capacity FROM bench_mentors')""", a.repeats)
    print("match:    %.2f s, %d matched, total %.10g" % (t_match, matched_m, total_m), flush=True)

    t_base, (matched_b, total_b) = timed(cur, """
        SELECT count(mentor_id), sum(score) FROM mentormatch.assign(
            'SELECT * FROM (SELECT e.id AS mentee_id, m.id AS mentor_id,
                                   mentormatch.score(m.profile, e.profile) AS score
                            FROM bench_mentees e, bench_mentors m
                            WHERE mentormatch.conflicts(m.profile, e.profile) = ''{}'') s
             WHERE score IS NOT NULL',
            'SELECT id AS mentor_id, capacity FROM bench_mentors')""", 1)
    print("baseline: %.2f s, %d matched, total %.10g" % (t_base, matched_b, total_b), flush=True)
    conn.close()

    rel = abs(total_m - total_b) / max(1.0, abs(total_b))
    ok = matched_m == matched_b and rel <= 1e-9
    print()
    print("match() on %d x %d profiles: %.2f s; score() cross join feeding assign(): %.2f s; "
          "baseline/match %.1fx; objectives %s"
          % (nmentees, nmentors, t_match, t_base, t_base / t_match,
             "agree %.1e" % rel if ok else "MISMATCH"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
