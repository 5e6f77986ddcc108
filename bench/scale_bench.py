#!/usr/bin/python3
"""match() from profiles as the cohort grows, under default settings; and
on a tie-heavy cohort.

Profiles come from the demo generator (benchdb.load_demo_cohort): the first
N mentees and N/10 mentors by id, every mentor taking 10 mentees.  For each
size, in a fresh session (so that VmHWM, the backend's peak resident memory,
is that solve's): the wall time, peak memory, and what match() reports at
DEBUG1 -- pairs scored, pairs kept at first, solves run (the
certificate's rounds), pairs rescored and added back.  Peak memory is the
backend's, and the backend's plus its parallel workers': the workers'
peaks (getrusage, which match() reports at DEBUG1 when they end) summed
over each launch, the largest launch's added (a worker's shared memory
and the pages of shared_buffers it touched count in its peak as in the
backend's, so the sum counts them more than once).  The growth from the
smallest to the largest size is printed as a ratio.

recommend() at 20k x 2k and the largest size, k 1 and 5: the share of the
pairs it looks at, the rest ruled out by its blocks' bounds.

The tie-heavy cohort (20k x 2k synthetic profiles, a few hundred distinct
scores) is timed for every objective and with min_score, against the
continuous 20k x 2k cohort.

With --exact, the pruned answer is compared at the size given with the
answer over every pair: assign() over score() in a cross join (coverage,
total, fair); count, total and lowest score must agree to 1e-9.
"""
import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import connect, fresh_database, load_demo_cohort  # noqa: E402

DB = "mentormatch_bench_scale"
MATCH = ("SELECT count(mentor_id), sum(score), min(score) FROM mentormatch.match("
         "'SELECT id, profile FROM e{n}', 'SELECT id, profile, capacity FROM m{m}'"
         ", objective => '{obj}')")
ASSIGN = ("SELECT count(mentor_id), sum(score), min(score) FROM mentormatch.assign("
          "'SELECT * FROM (SELECT e.id AS mentee_id, m.id AS mentor_id, "
          "mentormatch.score(m.profile, e.profile) AS score FROM e{n} e, m{m} m "
          "WHERE mentormatch.conflicts(m.profile, e.profile) = ''{{}}'') s WHERE score IS NOT NULL', "
          "'SELECT id AS mentor_id, capacity FROM m{m}', objective => '{obj}')")


def vm_hwm(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM"):
                return int(line.split()[1])
    return 0


def run_one(sql):
    conn = connect(DB)
    conn.notices = []
    cur = conn.cursor()
    cur.execute("SELECT pg_backend_pid()")
    pid = cur.fetchone()[0]
    cur.execute("SET client_min_messages = debug1")
    t0 = time.perf_counter()
    cur.execute(sql)
    row = cur.fetchone()
    t = time.perf_counter() - t0
    hwm = vm_hwm(pid)
    notes = " ".join(conn.notices)
    conn.close()
    return t, hwm, row, notes


TIES = """
CREATE TABLE IF NOT EXISTS ties_mentees AS
SELECT i AS id, mentormatch.profile(
    goals => ((ARRAY['data.ml','data.sql','web.js','web.css','ops.k8s'])[1 + i % 5] || ':' || (1 + (i / 5) % 5))::mentormatch.skillset,
    grade => (i / 25) % 4, hours_per_month => 2 + (i / 100) % 3) AS profile
FROM generate_series(1, 20000) i;
CREATE TABLE IF NOT EXISTS ties_mentors AS
SELECT 100000 + i AS id, mentormatch.profile(
    skills => ((ARRAY['data.ml','data.sql','web.js','web.css','ops.k8s'])[1 + i % 5] || ':' || (1 + (i / 5) % 5))::mentormatch.skillset,
    grade => 2 + (i / 25) % 5, hours_per_month => 1 + (i / 7) % 4) AS profile, 10 AS capacity
FROM generate_series(1, 2000) i;
"""
TIES_MATCH = ("SELECT count(mentor_id), sum(score), min(score) FROM mentormatch.match("
              "'SELECT id, profile FROM ties_mentees', 'SELECT id, profile, capacity FROM ties_mentors'"
              ", objective => '{obj}', min_score => {ms})")


def bench_ties(continuous):
    """Tie-heavy profiles (20k x 2k, a few hundred distinct scores) against
    the continuous demo cohort of the same size; fair and min_score on them."""
    conn = connect(DB)
    cur = conn.cursor()
    cur.execute(TIES)
    cur.execute("SELECT count(DISTINCT mentormatch.score(m.profile, e.profile)) FROM "
                "(SELECT profile FROM ties_mentees LIMIT 2000) e, ties_mentors m")
    distinct = cur.fetchone()[0]
    conn.close()
    times = {}
    print("\ntie-heavy 20k x 2k (%d distinct scores among 4M pairs):" % distinct)
    for obj, ms in (("coverage", "NULL"), ("total", "NULL"), ("fair", "NULL"),
                    ("coverage", "0.5"), ("coverage", "0.8")):
        t, hwm, row, notes = run_one(TIES_MATCH.format(obj=obj, ms=ms))
        times[(obj, ms)] = t
        print("  %-8s min_score %-4s %.1f s, %.2f GB, %s matched" % (obj, ms, t, hwm / 1048576.0, row[0]),
              flush=True)
    cov = times[("coverage", "NULL")]
    print("  coverage tie-heavy / continuous: %.2fx; fair / coverage: %.2fx; "
          "min_score 0.5 / none: %.2fx; 0.8 / none: %.2fx"
          % (cov / continuous, times[("fair", "NULL")] / cov,
             times[("coverage", "0.5")] / cov, times[("coverage", "0.8")] / cov))


RECOMMEND = ("SELECT count(*), sum(score) FROM mentormatch.recommend("
             "'SELECT id, profile FROM e{n}', 'SELECT id, profile, capacity FROM m{m}', k => {k})")


def bench_recommend(sizes):
    """recommend() from profiles, each mentee's best k: the share of the
    pairs it looks at (the rest its blocks' bounds rule out,
    src/matching/mentor_blocks.h) and its time, for k 1 and 5 at 20k x 2k
    (else the smallest size) and the largest size."""
    print("\n| recommend | k | time | pairs looked at | only bounded |")
    print("|---|---|---|---|---|")
    for n in sorted(set([20000 if 20000 in sizes else sizes[0], sizes[-1]])):
        for k in (1, 5):
            t, _, row, notes = run_one(RECOMMEND.format(n=n, m=n // 10, k=k))
            m = re.search(r"(\d+) pairs looked at, (\d+) only bounded", notes)
            looked, bounded = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
            print("| %dk x %dk | %d | %.1f s | %d (%.0f%%) | %d |"
                  % (n // 1000, n // 10000, k, t, looked,
                     100.0 * looked / max(1, looked + bounded), bounded), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,20000,50000,100000")
    ap.add_argument("--exact", type=int, default=20000)
    ap.add_argument("--employees", type=int, default=380000)
    ap.add_argument("--reuse", help="a database holding the tables already")
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",")]

    global DB
    if a.reuse:
        DB = a.reuse
    else:
        conn = fresh_database(DB)
        cur = conn.cursor()
        load_demo_cohort(cur, a.employees, max(sizes), max(sizes) // 10, 10)
        for n in sorted(set(sizes + ([a.exact] if a.exact else []))):
            cur.execute("CREATE TABLE e%d AS SELECT * FROM bench_mentees ORDER BY id LIMIT %d" % (n, n))
            cur.execute("CREATE TABLE m%d AS SELECT * FROM bench_mentors ORDER BY id LIMIT %d"
                        % (n // 10, n // 10))
        conn.close()

    status = 0
    if a.exact:
        n, m = a.exact, a.exact // 10
        for obj in ("coverage", "total", "fair"):
            tm, _, got, _ = run_one(MATCH.format(n=n, m=m, obj=obj))
            tb, _, want, _ = run_one(ASSIGN.format(n=n, m=m, obj=obj))
            ok = got[0] == want[0] and all(
                abs(x - y) <= 1e-9 * max(1.0, abs(y)) for x, y in zip(got[1:], want[1:]))
            print("exact %dx%d %-8s pruned match %.1f s: %d matched, total %.10g, min %.6g; "
                  "every pair (assign over score()) %.1f s: %d, %.10g, %.6g  %s"
                  % (n, m, obj, tm, got[0], got[1], got[2], tb, want[0], want[1], want[2],
                     "same" if ok else "DIFFERENT"), flush=True)
            if not ok:
                status = 1

    print("\n| cohort | time | peak memory (VmHWM) | with its workers' | workers (shared memory) | pairs scored | kept at first | solves | rescored | added back |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    times = []
    for n in sizes:
        t, hwm, row, notes = run_one(MATCH.format(n=n, m=n // 10, obj="coverage"))
        m = re.search(r"(\d+) pairs scored, (\d+) kept at first, (\d+) solves, "
                      r"(\d+) rescored \((\d+) rows\), (\d+) added back", notes)
        f = m.groups() if m else ("?",) * 6
        w = re.search(r"(\d+) parallel workers launched of \d+ planned, (\d+) bytes", notes)
        workers = ("%s (%.0f MB)" % (w.group(1), int(w.group(2)) / 1048576.0) if w
                   else "none" if "no parallel workers" in notes else "-")
        teams = len(re.findall(r"parallel workers launched of \d+ planned to rescore", notes))
        if teams:
            workers += ", %d rescoring team%s" % (teams, "s" if teams > 1 else "")
        peaks = [int(x) for x in re.findall(r"(\d+) kB of peak resident memory in all", notes)]
        times.append(t)
        print("| %dk x %dk | %.1f s | %.2f GB | %.2f GB | %s | %s | %s | %s | %s | %s |"
              % (n // 1000, n // 10000, t, hwm / 1048576.0, (hwm + max(peaks + [0])) / 1048576.0,
                 workers, f[0], f[1], f[2], f[3], f[5]),
              flush=True)
    bench_recommend(sizes)
    if 20000 in sizes:
        bench_ties(times[sizes.index(20000)])
    if len(times) > 1:
        print("\ngrowth %dk x %dk -> %dk x %dk: %.1fx the time for %.0fx the pairs"
              % (sizes[0] // 1000, sizes[0] // 10000, sizes[-1] // 1000, sizes[-1] // 10000,
                 times[-1] / times[0], (sizes[-1] / sizes[0]) ** 2))
    return status


if __name__ == "__main__":
    sys.exit(main())
