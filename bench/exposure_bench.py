#!/usr/bin/python3
"""recommend(exposure => x) against a plain recommend() of the same size.

Profiles come from the demo generator (benchdb.load_demo_cohort): the first
--mentees mentees and --mentors mentors by id, each mentor with --capacity
seats.  Timed, best of --repeats, each mentee's lists of --k:

  plain      recommend(mentees, mentors, k)
  exposure   recommend(mentees, mentors, k, exposure => x), for each x of
             --exposures

and, for each, how the demand spreads: the most lists one mentor is in,
the mentors in more lists than 3x their seats, the mentors in no list, the
picks and their mean score.  With exposure, no mentor may be in more than
ceil(x * seats) lists (the script fails otherwise).

Target (docs/performance.md): exposure => 1 at 20k x 2k at most 3x plain.
Connects with the PG* environment (bench/run starts a throwaway cluster).
"""
import argparse
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import fresh_database, load_demo_cohort, timed  # noqa: E402

DB = "mentormatch_bench_exposure"

CALL = ("mentormatch.recommend('SELECT id, profile FROM bench_mentees', "
        "'SELECT id, profile, capacity FROM bench_mentors', {k}{exposure})")


def spread(cur, call):
    """Lists per mentor: the most, over 3x seats, none; picks, mean score;
    and the mentors over ceil(x * seats) when x is given."""
    cur.execute(f"""
        WITH l AS (SELECT * FROM {call}),
             per AS (SELECT m.id, m.capacity, count(l.mentor_id) AS n
                     FROM bench_mentors m LEFT JOIN l ON l.mentor_id = m.id GROUP BY 1, 2)
        SELECT max(n), count(*) FILTER (WHERE n > 3 * capacity), count(*) FILTER (WHERE n = 0),
               (SELECT count(*) FROM l), (SELECT avg(score) FROM l),
               (SELECT count(DISTINCT mentee_id) FROM l)
        FROM per""")
    return cur.fetchone()


def over_limit(cur, call, x):
    cur.execute(f"""
        SELECT count(*) FROM (SELECT mentor_id, count(*) AS n FROM {call} GROUP BY 1) t
        JOIN bench_mentors m ON m.id = t.mentor_id
        WHERE n > ceil(%s * m.capacity)""", (x,))
    return cur.fetchone()[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentees", type=int, default=20000)
    ap.add_argument("--mentors", type=int, default=2000)
    ap.add_argument("--capacity", type=int, default=5)
    ap.add_argument("--employees", type=int, default=75000)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--exposures", default="1,3")
    ap.add_argument("--repeats", type=int, default=2)
    a = ap.parse_args()

    conn = fresh_database(DB)
    cur = conn.cursor()
    load_demo_cohort(cur, a.employees, a.mentees, a.mentors, a.capacity)
    cur.execute("SET max_parallel_workers_per_gather = 0")

    status = 0
    plain = CALL.format(k=a.k, exposure="")
    t_plain, _ = timed(cur, f"SELECT count(*), sum(score) FROM {plain}", a.repeats)
    most, over3, unlisted, picks, mean, listed = spread(cur, plain)
    print(f"| {a.mentees // 1000}k x {a.mentors // 1000}k, k {a.k}, capacity {a.capacity} "
          "| time | ratio | most lists | over 3x seats | in no list | picks | mentees listed | mean score |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| plain | {t_plain:.2f} s | 1 | {most} | {over3} | {unlisted} | {picks} | {listed} | {mean:.4f} |",
          flush=True)
    for x in [float(v) for v in a.exposures.split(",")]:
        call = CALL.format(k=a.k, exposure=f", exposure => {x!r}")
        t, _ = timed(cur, f"SELECT count(*), sum(score) FROM {call}", a.repeats)
        most, over3, unlisted, picks, mean, listed = spread(cur, call)
        bad = over_limit(cur, call, x)
        print(f"| exposure {x:g} | {t:.2f} s | {t / t_plain:.2f} | {most} | {over3} | {unlisted} | "
              f"{picks} | {listed} | {mean:.4f} |", flush=True)
        if bad:
            print(f"FAIL: {bad} mentors over ceil({x:g} x seats) lists")
            status = 1
        if picks > min(a.mentees * a.k, a.mentors * math.ceil(x * a.capacity)):
            print("FAIL: more picks than the limits allow")
            status = 1
    conn.close()
    print("target: exposure 1 at most 3x plain")
    return status


if __name__ == "__main__":
    sys.exit(main())
