#!/usr/bin/python3
"""audit() against a GROUP BY computing the same counts in SQL, and its
p-values against scipy.

--rows rows (category text, selected boolean, score float8) in eight
categories of Local Law 144's race/ethnicity kind (two under 2%, and
NULLs), selection rates from 0.18 to 0.40 by category, about 1% of the
scores NULL.  Timed, best of --repeats, each query wrapped in a count(*):

  audit            audit('SELECT category, selected FROM bench_audit')
  group by         SELECT coalesce(category, 'unknown'), count(*),
                   count(*) FILTER (WHERE selected) ... GROUP BY 1
  audit, scores    audit() with the score column
  group by, median the same GROUP BY with count(score) and the rows above
                   percentile_cont(0.5) of every score
  group by, serial the first GROUP BY with max_parallel_workers_per_gather
                   = 0 (its plan otherwise has two workers; audit() reads its
                   query in the backend alone)

Target (docs/performance.md): audit at most 3x the GROUP BY.  Both sides'
counts, rates and ratios must agree (the ratios recomputed here from the
GROUP BY's counts).  Then the p-values of --tables random datasets of
2..6 categories of up to 20,000 rows each (and those of the large table)
against scipy.stats.fisher_exact, two-sided: they must agree to 1e-6
relative (or both be under 1e-300).  audit() counts a table as likely as
the observed one to within 1e-7 relative, as R does; scipy 1.10 to within
1e-14: a table between the two would show as a disagreement here.
Connects with the PG* environment (bench/run starts a throwaway cluster).
"""
import argparse
import io
import math
import os
import random
import sys

from scipy.stats import fisher_exact

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import fresh_database, timed  # noqa: E402

DB = "mentormatch_bench_audit"

# category, share of rows in 1/1024ths, selection rate in 1/1024ths
CATEGORIES = [
    ("Hispanic or Latino", 205, 369),
    ("White", 358, 410),
    ("Black or African American", 153, 297),
    ("Asian", 194, 389),
    ("Two or More Races", 77, 338),
    ("Native Hawaiian or Pacific Islander", 15, 184),
    ("American Indian or Alaska Native", 11, 266),
    (None, 11, 307),
]

AUDIT = "SELECT count(*) FROM mentormatch.audit('SELECT category, selected%s FROM bench_audit')"
GROUP_BY = """
SELECT count(*) FROM (
    SELECT coalesce(category, 'unknown'), count(*), count(*) FILTER (WHERE selected)
    FROM bench_audit GROUP BY 1) s"""
GROUP_BY_MEDIAN = """
SELECT count(*) FROM (
    SELECT coalesce(category, 'unknown'), count(*), count(*) FILTER (WHERE selected),
           count(score), count(*) FILTER (WHERE score > m.median)
    FROM bench_audit,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY score) AS median FROM bench_audit) m
    GROUP BY 1) s"""


def make_table(cur, rows):
    """bench_audit: category by hashint4(i) & 1023 along CATEGORIES' shares,
    selected with its category's rate, score in [0, 1) shifted by
    selection, NULL for about 1%."""
    bounds, cases_cat, cases_rate = 0, [], []
    for name, share, rate in CATEGORIES:
        bounds += share
        cases_cat.append("WHEN h < %d THEN %s" % (bounds, "NULL" if name is None else "'%s'" % name))
        cases_rate.append("WHEN h < %d THEN %d" % (bounds, rate))
    cur.execute("""
        CREATE TABLE bench_audit AS
        SELECT category, selected,
               CASE WHEN (hashint4(i * 13 + 5) & 127) = 0 THEN NULL
                    ELSE (hashint4(i * 17 + 3) & 1048575) / 1048576.0::float8
                         + CASE WHEN selected THEN 0.25 ELSE 0 END END AS score
        FROM (SELECT i, CASE %s END AS category,
                     (hashint4(i * 7 + 1) & 1023) < CASE %s END AS selected
              FROM (SELECT i, hashint4(i) & 1023 AS h FROM generate_series(1, %d) i) g) s
        """ % (" ".join(cases_cat), " ".join(cases_rate), rows))
    cur.execute("VACUUM ANALYZE bench_audit")


def compare_counts(cur, min_share=0.02, threshold=0.8):
    """audit() with scores against the GROUP BY's counts; returns the
    audit rows by category."""
    cur.execute("""
        SELECT coalesce(category, 'unknown'), count(*), count(*) FILTER (WHERE selected),
               count(score), count(*) FILTER (WHERE score > m.median)
        FROM bench_audit,
             (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY score) AS median FROM bench_audit) m
        GROUP BY 1""")
    base = {r[0]: r[1:] for r in cur.fetchall()}
    cur.execute("SELECT * FROM mentormatch.audit('SELECT category, selected, score FROM bench_audit')")
    got = {r[0]: r for r in cur.fetchall()}
    total = sum(v[0] for v in base.values())
    kept = [c for c, v in base.items() if v[0] / total >= min_share]
    best = max(base[c][1] / base[c][0] for c in kept)
    best_scoring = max(base[c][3] / base[c][2] for c in kept)
    bad = []
    if sorted(got) != sorted(base):
        bad.append("categories differ: %s against %s" % (sorted(got), sorted(base)))
    for c, (n, sel, scored, above) in base.items():
        if c not in got:
            continue
        _, gn, gsel, rate, ratio, srate, sratio, _, excluded, adverse = got[c]
        want = (n, sel, sel / n, sel / n / best, above / scored, above / scored / best_scoring,
                n / total < min_share)
        have = (gn, gsel, rate, ratio, srate, sratio, excluded)
        for w, h in zip(want, have):
            if isinstance(w, float) and abs(w - h) <= 1e-12 * abs(w):
                continue
            if w != h:
                bad.append("%s: audit %s, GROUP BY %s" % (c, have, want))
                break
        if adverse != (not want[6] and (want[3] < threshold or want[5] < threshold)):
            bad.append("%s: adverse %s" % (c, adverse))
    if list(got) != sorted(got, key=lambda s: s.encode()):
        bad.append("not in byte order: %s" % list(got))
    return got, bad


def check_p_values(cur, tables, seed):
    """p-values of random datasets against scipy; returns (compared, bad,
    largest relative difference)."""
    rnd = random.Random(seed)
    buf = io.StringIO()
    for t in range(tables):
        base = rnd.uniform(0.05, 0.6)
        for k in range(rnd.randint(2, 6)):
            n = rnd.choice([rnd.randint(1, 50), rnd.randint(50, 2000), rnd.randint(2000, 20000)])
            spread = rnd.choice([0.0, 2.0, 6.0]) / math.sqrt(n)
            rate = min(1.0, max(0.0, base + rnd.uniform(-spread, spread)))
            for _ in range(n):
                buf.write("%d\tc%d\t%s\n" % (t, k, "t" if rnd.random() < rate else "f"))
    buf.seek(0)
    cur.execute("CREATE TABLE bench_fisher (t int, category text, selected boolean)")
    cur.copy_expert("COPY bench_fisher FROM STDIN", buf)
    cur.execute("""
        SELECT t, a.category, a.n, a.selected, a.p_value,
               sum(a.n) OVER w, sum(a.selected) OVER w
        FROM generate_series(0, %s) t,
             mentormatch.audit(format('SELECT category, selected FROM bench_fisher WHERE t = %%s', t)) a
        WINDOW w AS (PARTITION BY t)""", (tables - 1,))
    rows = cur.fetchall()
    cur.execute("SELECT * FROM mentormatch.audit('SELECT category, selected FROM bench_audit')")
    big = cur.fetchall()
    total, total_sel = sum(r[1] for r in big), sum(r[2] for r in big)
    rows += [(-1, r[0], r[1], r[2], r[7], total, total_sel) for r in big]
    bad, worst = [], 0.0
    for t, cat, n, sel, p, total, total_sel in rows:
        a, b = sel, n - sel
        c, d = total_sel - sel, (total - n) - (total_sel - sel)
        want = fisher_exact([[a, b], [c, d]], alternative="two-sided")[1]
        if want < 1e-300 and p < 1e-300:
            continue
        diff = abs(p - want) / max(want, 1e-300)
        worst = max(worst, diff)
        if diff > 1e-6:
            bad.append("dataset %d %s [[%d,%d],[%d,%d]]: audit %.17g, scipy %.17g"
                       % (t, cat, a, b, c, d, p, want))
    return len(rows), bad, worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1000000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--tables", type=int, default=60)
    ap.add_argument("--seed", type=int, default=31)
    args = ap.parse_args()

    conn = fresh_database(DB)
    cur = conn.cursor()
    make_table(cur, args.rows)
    cur.execute("SELECT count(*), count(DISTINCT category), count(score) FROM bench_audit")
    print("bench_audit: %d rows, %d categories and NULLs, %d scores" % cur.fetchone(), flush=True)

    # warm the table into shared buffers, then time each side in turn
    timed(cur, GROUP_BY, 1)
    t_audit, _ = timed(cur, AUDIT % "", args.repeats)
    t_group, _ = timed(cur, GROUP_BY, args.repeats)
    t_audit_s, _ = timed(cur, AUDIT % ", score", args.repeats)
    t_group_s, _ = timed(cur, GROUP_BY_MEDIAN, args.repeats)
    # the GROUP BY's plan has parallel workers; audit() reads in the backend
    cur.execute("SET max_parallel_workers_per_gather = 0")
    t_group_1, _ = timed(cur, GROUP_BY, args.repeats)
    cur.execute("RESET max_parallel_workers_per_gather")
    print("%-40s %8.3f s" % ("audit, selection", t_audit))
    print("%-40s %8.3f s" % ("GROUP BY, counts", t_group))
    print("%-40s %8.3f s" % ("audit, selection and scores", t_audit_s))
    print("%-40s %8.3f s" % ("GROUP BY, counts and median", t_group_s))
    print("%-40s %8.3f s" % ("GROUP BY, counts, no parallel workers", t_group_1))
    print("ratio audit / GROUP BY: %.2fx (selection), %.2fx (with scores), %.2fx (selection, "
          "GROUP BY without parallel workers); target <= 3x"
          % (t_audit / t_group, t_audit_s / t_group_s, t_audit / t_group_1), flush=True)

    got, bad = compare_counts(cur)
    for c, r in got.items():
        print("  %-36s n %7d selected %6d rate %.4f ratio %.4f scoring %.4f ratio %.4f p %.3g%s%s"
              % (c, r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                 " excluded" if r[8] else "", " adverse" if r[9] else ""))
    compared, pbad, worst = check_p_values(cur, args.tables, args.seed)
    print("p-values against scipy.stats.fisher_exact: %d categories of %d datasets and the large "
          "table, largest relative difference %.2g" % (compared, args.tables, worst))
    bad += pbad
    for b in bad[:20]:
        print("DISAGREE: " + b)
    conn.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
