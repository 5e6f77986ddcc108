#!/usr/bin/python3
"""match(objective => 'parity') against match(objective => 'coverage') of the
same cohort, in the same run.

Profiles come from the demo generator (benchdb.load_demo_cohort): the first
--mentees mentees and --mentors mentors by id, each mentor with --capacity
seats, so that seats are scarcer than mentees.  The group of a mentee is its
department tag (NULL, the group unknown, when it has none).  For each size
of --sizes, timed, best of --repeats:

  coverage   match(mentees, mentors)
  parity     match(mentees with a "group" column, mentors, objective => 'parity')

and, for each, the lowest matched rate over the groups, the highest, the
number matched and the total score.  Parity must reach at least coverage's
lowest rate and match as many (the most matched does not depend on the
lowest rate: see docs/reference.md), or the script fails.

Parity keeps every candidate pair (no pruning): its memory grows with
mentees x mentors.  Connects with the PG* environment (bench/run starts a
throwaway cluster).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import fresh_database, load_demo_cohort, timed  # noqa: E402

DB = "mentormatch_bench_parity"

GROUP = ("(SELECT split_part(t, ':', 2) FROM unnest((profile).tags) t "
         "WHERE t LIKE 'department:%' ORDER BY t LIMIT 1)")


def rates(cur, n):
    """Lowest and highest rate over the groups, matched, total, groups, of
    the result in table bench_result."""
    cur.execute(f"""
        WITH r AS (SELECT * FROM bench_result),
             g AS (SELECT coalesce(grp, 'unknown') AS grp, count(*) AS size, count(r.mentor_id) AS matched
                   FROM (SELECT id, {GROUP} AS grp FROM bench_mentees WHERE id IN (SELECT id FROM bench_mentees
                         ORDER BY id LIMIT {n})) m
                   JOIN r ON r.mentee_id = m.id GROUP BY 1)
        SELECT min(matched::float8 / size), max(matched::float8 / size), sum(matched),
               (SELECT sum(score) FROM r WHERE mentor_id IS NOT NULL), count(*),
               (SELECT string_agg(grp || ' ' || matched || '/' || size, ', ' ORDER BY matched::float8 / size)
                FROM (SELECT * FROM g ORDER BY matched::float8 / size LIMIT 3) w)
        FROM g""")
    return cur.fetchone()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5000x500,20000x2000")
    ap.add_argument("--capacity", type=int, default=3)
    ap.add_argument("--employees", type=int, default=75000)
    ap.add_argument("--repeats", type=int, default=1)
    a = ap.parse_args()
    sizes = [tuple(int(v) for v in s.split("x")) for s in a.sizes.split(",")]

    conn = fresh_database(DB)
    cur = conn.cursor()
    load_demo_cohort(cur, a.employees, max(s[0] for s in sizes), max(s[1] for s in sizes), a.capacity)
    cur.execute("SET max_parallel_workers_per_gather = 0")

    status = 0
    print("| size | objective | time | ratio | lowest rate | highest rate | matched | total | groups | lowest three |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n, m in sizes:
        mentees = f"SELECT id, profile FROM bench_mentees ORDER BY id LIMIT {n}"
        grouped = f"SELECT id, profile, {GROUP} AS \"group\" FROM bench_mentees ORDER BY id LIMIT {n}"
        mentors = f"SELECT id, profile, capacity FROM bench_mentors ORDER BY id LIMIT {m}"
        calls = {
            "coverage": f"mentormatch.match($q${mentees}$q$, $q${mentors}$q$)",
            "parity": f"mentormatch.match($q${grouped}$q$, $q${mentors}$q$, objective => 'parity')",
        }
        got = {}
        for name, call in calls.items():
            cur.execute("SET client_min_messages = %s", ("debug1" if name == "parity" else "warning",))
            del conn.notices[:]
            cur.execute("DROP TABLE IF EXISTS bench_result")
            t, _ = timed(cur, f"CREATE TABLE bench_result AS SELECT * FROM {call}; "
                         "SELECT count(*) FROM bench_result", 1)
            for _ in range(a.repeats - 1):
                t = min(t, timed(cur, f"SELECT count(*), sum(score) FROM {call}", 1)[0])
            got[name] = (t,) + rates(cur, n)
            for line in conn.notices:
                if "parity over" in line:
                    print("    " + line.strip(), flush=True)
        t0 = got["coverage"][0]
        for name, (t, lo, hi, matched, total, ngroups, lowest) in got.items():
            print(f"| {n // 1000}k x {m / 1000:g}k | {name} | {t:.2f} s | {t / t0:.2f} | {lo:.4f} | {hi:.4f} | "
                  f"{matched} | {total:.3f} | {ngroups} | {lowest} |", flush=True)
        if got["parity"][1] < got["coverage"][1] - 1e-12:
            print("FAIL: parity's lowest rate is below coverage's")
            status = 1
        if got["parity"][3] != got["coverage"][3]:
            print("FAIL: parity matched another number than coverage")
            status = 1
    conn.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
