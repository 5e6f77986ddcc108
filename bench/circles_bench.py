#!/usr/bin/python3
"""circles() on --mentees mentees and --mentors mentors of the demo
organisation (circles of --min to --max, cohesion --cohesion): time, the
objective, the upper bound's gap, and the margin over "pairs first, grouped
afterwards" and over random circles.

The people are the demo organisation's (demo/generate.sql,
demo/profiles.sql), the first by id of each role, every mentor with
capacity --max.  circles reports at DEBUG1 its total, its upper bound and
the pairs-first start it computed.  The benchmark computes the objective of
its answer in SQL (the scores plus cohesion times the cohesion column, that
column checked against peer_fit() over each circle), and two baselines, in
SQL as well:

  pairs first  match() with seats of --max, its pairs grouped by mentor,
               circles under --min dropped, scored the same way
  random       mentees in a hashed order dealt in turn to as many mentors
               (in a hashed order) as circles of (min + max) / 2 need;
               score() of each pair (0 when unknown), conflicts ignored

Fails (exit 1) when the total circles reports is not its answer's in SQL,
or when it is below pairs first.  Connects with the PG* environment
(bench/run starts a throwaway cluster).
"""
import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import fresh_database, load_demo_cohort  # noqa: E402
from groups_bench import run_timed, verdict  # noqa: E402

DB = "mentormatch_bench_circles"

# The objective of circles given as (mentor_id, mentee_id, score): the
# scores plus cohesion times each member's mean peer fit with the rest of
# its circle (an unknown fit counts 0, a circle of one adds none).
OBJECTIVE = """
WITH c AS (SELECT * FROM {circles} WHERE mentor_id IS NOT NULL),
sizes AS (SELECT mentor_id, count(*) AS m FROM c GROUP BY mentor_id),
fits AS (
    SELECT x.mentor_id, x.mentee_id,
           sum(coalesce(mentormatch.peer_fit(a.profile, b.profile), 0)) AS f
    FROM c x JOIN c y ON x.mentor_id = y.mentor_id AND x.mentee_id <> y.mentee_id
    JOIN bench_mentees a ON a.id = x.mentee_id JOIN bench_mentees b ON b.id = y.mentee_id
    GROUP BY x.mentor_id, x.mentee_id)
SELECT coalesce(sum(coalesce(c.score, 0)), 0)
       + %(cohesion)s * coalesce(sum(coalesce(f.f / nullif(s.m - 1, 0), 0)), 0)
FROM c JOIN sizes s USING (mentor_id) LEFT JOIN fits f USING (mentor_id, mentee_id)
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentees", type=int, default=5000)
    ap.add_argument("--mentors", type=int, default=1000)
    ap.add_argument("--min", type=int, default=3)
    ap.add_argument("--max", type=int, default=6)
    ap.add_argument("--cohesion", type=float, default=0.5)
    ap.add_argument("--employees", type=int, default=45000)
    args = ap.parse_args()

    conn = fresh_database(DB)
    cur = conn.cursor()
    load_demo_cohort(cur, args.employees, args.mentees, args.mentors, args.max)
    cur.execute("SET max_parallel_workers_per_gather = 0")

    elapsed, cpu, notes = run_timed(
        conn, cur, "CREATE TEMP TABLE circles AS SELECT * FROM mentormatch.circles("
        "'SELECT id, profile FROM bench_mentees', "
        "'SELECT id, profile, capacity FROM bench_mentors', %s, %s, %s)",
        (args.min, args.max, args.cohesion))
    m = re.search(r"total ([\d.]+), upper bound ([\d.]+) \(gap ([\d.]+)%\); (.*?); "
                  r"start ([\d.]+), pairs first ([\d.]+)", notes)
    if not m:
        print("FAIL: no DEBUG1 line from circles:", notes)
        return 1
    print("  " + " ".join(n.strip() for n in conn.notices if "circles:" in n))
    total, bound, gap, how, start, pairs_core = m.groups()
    total, bound, start, pairs_core = float(total), float(bound), float(start), float(pairs_core)

    cur.execute("SELECT count(*), count(mentor_id), count(DISTINCT mentor_id) FROM circles")
    people, matched, ncircles = cur.fetchone()
    cur.execute(OBJECTIVE.format(circles="circles"), {"cohesion": args.cohesion})
    in_sql = float(cur.fetchone()[0])
    cur.execute("SELECT sum(score) + %s * sum(coalesce(cohesion, 0)) FROM circles", (args.cohesion,))
    from_rows = float(cur.fetchone()[0])

    t1 = time.perf_counter()
    cur.execute("""
        CREATE TEMP TABLE pairs AS
        SELECT mentor_id, mentee_id, score FROM mentormatch.match(
            'SELECT id, profile FROM bench_mentees', 'SELECT id, profile, capacity FROM bench_mentors')
        WHERE mentor_id IS NOT NULL""")
    cur.execute("DELETE FROM pairs WHERE mentor_id IN "
                "(SELECT mentor_id FROM pairs GROUP BY mentor_id HAVING count(*) < %s)", (args.min,))
    pairs_time = time.perf_counter() - t1
    cur.execute(OBJECTIVE.format(circles="pairs"), {"cohesion": args.cohesion})
    pairs_total = float(cur.fetchone()[0])
    cur.execute("SELECT count(*), count(DISTINCT mentor_id) FROM pairs")
    pairs_matched, pairs_circles = cur.fetchone()

    per = (args.min + args.max) / 2.0
    cur.execute("""
        CREATE TEMP TABLE random_circles AS
        WITH e AS (SELECT id, row_number() OVER (ORDER BY hashint8(id), id) - 1 AS k FROM bench_mentees),
             m AS (SELECT id, row_number() OVER (ORDER BY hashint8(id + 7), id) - 1 AS k FROM bench_mentors),
             n AS (SELECT least(ceil(count(*) / %s)::bigint, (SELECT count(*) FROM bench_mentors)) AS c FROM bench_mentees)
        SELECT m.id AS mentor_id, e.id AS mentee_id,
               coalesce(mentormatch.score(mp.profile, ep.profile), 0) AS score
        FROM e CROSS JOIN n JOIN m ON m.k = e.k %% n.c
        JOIN bench_mentees ep ON ep.id = e.id JOIN bench_mentors mp ON mp.id = m.id""", (per,))
    cur.execute(OBJECTIVE.format(circles="random_circles"), {"cohesion": args.cohesion})
    random_total = float(cur.fetchone()[0])

    print(f"circles: {people} mentees, {args.mentors} mentors, circles of {args.min} to {args.max}, "
          f"cohesion {args.cohesion}: {matched} mentees in {ncircles} circles in {elapsed:.1f} s, "
          f"{cpu:.1f} s of CPU ({how}); load average {os.getloadavg()[0]:.1f}")
    print(f"  objective {total:.3f} (in SQL {in_sql:.3f}, from the rows {from_rows:.3f}); "
          f"the search's start {start:.3f}")
    print(f"  upper bound {bound:.3f}: gap {gap}%")
    print(f"  pairs first, grouped afterwards (match, {pairs_time:.1f} s): {pairs_total:.3f} "
          f"({pairs_matched} mentees in {pairs_circles} circles; the core's repaired start {pairs_core:.3f}); "
          f"circles +{100 * (total - pairs_total) / pairs_total:.1f}%")
    print(f"  random circles: {random_total:.3f}; circles +{100 * (total - random_total) / random_total:.1f}%")
    print(f"| {people // 1000}k x {args.mentors // 1000}k, circles of {args.min}-{args.max}, cohesion {args.cohesion} "
          f"| {elapsed:.1f} s ({cpu:.1f} s CPU) | {total:.1f} | {bound:.1f} ({gap}%) "
          f"| {pairs_total:.1f} (+{100 * (total - pairs_total) / pairs_total:.1f}%) "
          f"| {random_total:.1f} (+{100 * (total - random_total) / random_total:.1f}%) |")
    if abs(from_rows - total) > 1e-6 * max(1.0, total):
        print("FAIL: the rows' scores and cohesion do not make the total circles reports")
        return 1
    return verdict("circles", total, in_sql, pairs_total)

if __name__ == "__main__":
    sys.exit(main())
