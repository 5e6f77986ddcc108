#!/usr/bin/python3
"""peer_circles() on --people people of the demo organisation in circles of
--size: time, total fit, the upper bound's gap, and the margin over
"pairs first, grouped afterwards" and over random circles.

The people are the demo organisation's mentees (demo/generate.sql,
demo/profiles.sql), their first --people by id.  peer_circles reports at
DEBUG1 its total, its upper bound and the pairs-first start it computed
(greedy pairs by peer_fit, then circles of whole pairs); the benchmark
checks the total against the sum of peer_fit() over the pairs of its
circles in SQL, and forms random circles of the same sizes (people in a
hashed order, dealt in turn) and sums their peer_fit the same way.

  time        peer_circles() end to end, one run, and the backend's CPU time
  total       the total peer_fit of the pairs sharing a circle
  bound       no partition has a total above it (the gap: (bound - total) / bound)
  pairs first the total of pairs first, grouped afterwards
  random      the total of random circles

Fails (exit 1) when the total peer_circles reports is not its circles' in
SQL, or when it is below pairs first.  Connects with the PG* environment
(bench/run starts a throwaway cluster).
"""
import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import fresh_database, load_demo_cohort  # noqa: E402

DB = "mentormatch_bench_groups"

TOTAL = """
SELECT coalesce(sum(coalesce(mentormatch.peer_fit(a.profile, b.profile), 0)), 0)
FROM {circles} x JOIN {circles} y ON x.circle = y.circle AND x.person_id < y.person_id
JOIN bench_mentees a ON a.id = x.person_id JOIN bench_mentees b ON b.id = y.person_id
"""


def cpu_seconds(pid):
    """The CPU time of a backend of this machine so far (user + system), in
    seconds: on a machine shared with other work, wall time alone says
    little."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_timed(conn, cur, sql, params):
    """Runs sql with client_min_messages at DEBUG1: the wall time, the
    backend's CPU time and the DEBUG1 notices."""
    cur.execute("SELECT pg_backend_pid()")
    pid = cur.fetchone()[0]
    cur.execute("SET client_min_messages = debug1")
    del conn.notices[:]
    cpu0 = cpu_seconds(pid)
    t0 = time.perf_counter()
    cur.execute(sql, params)
    elapsed = time.perf_counter() - t0
    cpu = cpu_seconds(pid) - cpu0
    cur.execute("RESET client_min_messages")
    return elapsed, cpu, " ".join(conn.notices)


def verdict(name, total, in_sql, pairs):
    """0, or 1 with a FAIL line: the total a function reports is not its
    answer's in SQL, or is below pairs first."""
    status = 0
    if abs(in_sql - total) > 1e-6 * max(1.0, total):
        print(f"FAIL: the total {name} reports is not its answer's in SQL")
        status = 1
    if total < pairs - 1e-9:
        print("FAIL: below pairs first")
        status = 1
    return status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=10000)
    ap.add_argument("--size", type=int, default=5)
    ap.add_argument("--employees", type=int, default=45000)
    args = ap.parse_args()

    conn = fresh_database(DB)
    cur = conn.cursor()
    load_demo_cohort(cur, args.employees, args.people, 1, 1)
    cur.execute("SET max_parallel_workers_per_gather = 0")

    elapsed, cpu, notes = run_timed(
        conn, cur, "CREATE TEMP TABLE circles AS SELECT * FROM mentormatch.peer_circles("
        "'SELECT id, profile FROM bench_mentees', %s)", (args.size,))
    m = re.search(r"(\d+) circles of ([\d or]+); total fit ([\d.]+), upper bound ([\d.]+) "
                  r"\(gap ([\d.]+)%; halved bound ([\d.]+)\); (.*?); start ([\d.]+), "
                  r"pairs first ([\d.]+)", notes)
    if not m:
        print("FAIL: no DEBUG1 line from peer_circles:", notes)
        return 1
    print("  " + " ".join(n.strip() for n in conn.notices if "peer_circles:" in n))
    ncircles, sizes, total, bound, gap, halved, how, start, pairs = m.groups()
    total, bound, halved, pairs = float(total), float(bound), float(halved), float(pairs)

    cur.execute("SELECT count(*), count(DISTINCT circle) FROM circles")
    people, circles = cur.fetchone()
    cur.execute(TOTAL.format(circles="circles"))
    in_sql = float(cur.fetchone()[0])

    cur.execute("""
        CREATE TEMP TABLE random_circles AS
        SELECT id AS person_id, (row_number() OVER (ORDER BY hashint8(id), id) - 1) %% %s AS circle
        FROM bench_mentees""", (circles,))
    cur.execute(TOTAL.format(circles="random_circles"))
    random_total = float(cur.fetchone()[0])

    print(f"peer_circles: {people} people in {circles} circles of {sizes} in {elapsed:.1f} s, "
          f"{cpu:.1f} s of CPU ({how}); load average {os.getloadavg()[0]:.1f}")
    print(f"  total fit {total:.3f} (in SQL {in_sql:.3f}), mean {2 * total / people / (args.size - 1):.3f} "
          f"a pair if circles were all of {args.size}")
    print(f"  upper bound {bound:.3f}: gap {gap}% (halved bound {halved:.3f}, gap "
          f"{100 * (halved - total) / halved:.2f}%)")
    print(f"  pairs first, grouped afterwards: {pairs:.3f}; peer_circles +{100 * (total - pairs) / pairs:.1f}%")
    print(f"  random circles: {random_total:.3f}; peer_circles +{100 * (total - random_total) / random_total:.1f}%")
    print(f"| {people // 1000}k people, circles of {args.size} | {elapsed:.1f} s ({cpu:.1f} s CPU) | {total:.1f} | "
          f"{bound:.1f} ({gap}%) | {pairs:.1f} (+{100 * (total - pairs) / pairs:.1f}%) | "
          f"{random_total:.1f} (+{100 * (total - random_total) / random_total:.1f}%) |")
    return verdict("peer_circles", total, in_sql, pairs)

if __name__ == "__main__":
    sys.exit(main())
