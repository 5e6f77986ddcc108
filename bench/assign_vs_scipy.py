#!/usr/bin/python3
"""assign() end to end, through SQL, against scipy on the same instances.

The instances are the ones bench/core_vs_scipy.py times the solver cores
on (same generators, same seeds), loaded into tables of a PostgreSQL
database; the timed statement is the whole SQL call, reading the
candidates through its inner query:

  dense2000, dense5000  wide form (mentee_id, mentor_ids[], scores[]),
                        every capacity 1; scipy linear_sum_assignment.
  sparse100k            long form (mentee_id, mentor_id, score), 100,000
                        mentees x 10,000 mentors of capacity 12, 20
                        candidates each; scipy's seat-duplicated
                        min_weight_full_bipartite_matching.

Objectives must agree to 1e-9 relative.  Connects with the PG* environment
(bench/run starts a throwaway cluster).  Prints a table of seconds and the
ratio assign/scipy (below 1: assign is faster).
"""
import argparse
import io
import os
import sys

import numpy as np
import scipy.optimize
import scipy.sparse
import scipy.sparse.csgraph

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from core_vs_scipy import best_of, distinct_columns  # noqa: E402
from benchdb import fresh_database  # noqa: E402

DB = "mentormatch_bench_assign"


def copy_rows(conn, table, lines):
    buf = io.StringIO("".join(lines))
    with conn.cursor() as cur:
        cur.copy_expert("COPY %s FROM STDIN" % table, buf)


def float_list(values):
    # repr() is the shortest text that reads back as the same double
    return ",".join(map(repr, values.tolist()))


def timed_assign(conn, sql, repeats):
    def run():
        with conn.cursor() as cur:
            cur.execute(sql)
            return cur.fetchone()
    return best_of(repeats, run)


def bench_dense(conn, n, seed, repeats):
    rng = np.random.default_rng(seed)
    score = rng.random((n, n))
    table = "dense%d" % n
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE %s (mentee_id int, mentor_ids bigint[], scores float8[])" % table)
    ids = "{" + ",".join(str(j) for j in range(n)) + "}"
    copy_rows(conn, table, ("%d\t%s\t{%s}\n" % (i, ids, float_list(score[i])) for i in range(n)))
    with conn.cursor() as cur:
        cur.execute("VACUUM ANALYZE " + table)

    t_sp, (r, c) = best_of(repeats, lambda: scipy.optimize.linear_sum_assignment(score, maximize=True))
    obj_sp = float(score[r, c].sum())
    t_mm, (matched, obj_mm) = timed_assign(
        conn, "SELECT count(mentor_id), sum(score) FROM mentormatch.assign("
              "'SELECT mentee_id, mentor_ids, scores FROM %s')" % table, repeats)
    assert matched == n, matched
    return t_sp, obj_sp, t_mm, obj_mm


def bench_sparse(conn, seed, repeats, nrows=100000, ncols=10000, cap=12, k=20):
    rng = np.random.default_rng(seed)
    cols = distinct_columns(rng, nrows, ncols, k)
    score = rng.random((nrows, k))
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE sparse (mentee_id int, mentor_id int, score float8)")
        cur.execute("CREATE TABLE sparse_capacity (mentor_id int, capacity int)")
    copy_rows(conn, "sparse", ("%d\t%d\t%r\n" % (i, cols[i, j], score[i, j])
                               for i in range(nrows) for j in range(k)))
    copy_rows(conn, "sparse_capacity", ("%d\t%d\n" % (j, cap) for j in range(ncols)))
    with conn.cursor() as cur:
        cur.execute("VACUUM ANALYZE sparse")
        cur.execute("VACUUM ANALYZE sparse_capacity")

    t_mm, (matched, obj_mm) = timed_assign(
        conn, "SELECT count(mentor_id), sum(score) FROM mentormatch.assign("
              "'SELECT mentee_id, mentor_id, score FROM sparse', "
              "'SELECT mentor_id, capacity FROM sparse_capacity')", repeats)
    if matched != nrows:
        raise RuntimeError("%d of %d mentees matched: scipy's full matching would not exist"
                           % (matched, nrows))
    rows = np.repeat(np.arange(nrows), k * cap)
    seat = (cols.ravel()[:, None] * cap + np.arange(cap)[None, :]).ravel()
    w = np.repeat(score.ravel(), cap) + 1.0     # scipy reads 0 as "no edge"
    biadj = scipy.sparse.csr_matrix((w, (rows, seat)), shape=(nrows, ncols * cap))
    del rows, seat, w
    t_sp, (r, c) = best_of(repeats, lambda: scipy.sparse.csgraph.min_weight_full_bipartite_matching(
        biadj, maximize=True))
    obj_sp = float(np.asarray(biadj[r, c]).ravel().sum()) - len(r)
    return t_sp, obj_sp, t_mm, obj_mm


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--only", default="dense2000,dense5000,sparse100k")
    a = ap.parse_args()
    conn = fresh_database(DB)
    rows, failed = [], False
    for name in a.only.split(","):
        if name == "dense2000":
            res = bench_dense(conn, 2000, 1, a.repeats)
        elif name == "dense5000":
            res = bench_dense(conn, 5000, 2, a.repeats)
        elif name == "sparse100k":
            res = bench_sparse(conn, 3, a.repeats)
        else:
            sys.exit("unknown instance " + name)
        t_sp, obj_sp, t_mm, obj_mm = res
        rel = abs(obj_sp - obj_mm) / max(1.0, abs(obj_sp))
        failed |= rel > 1e-9
        rows.append((name, t_sp, t_mm, rel))
        print("%-11s scipy %.3fs  assign %.3fs  objectives %.10g / %.10g" % (name, t_sp, t_mm, obj_sp, obj_mm),
              flush=True)
    conn.close()
    print()
    print("assign() end to end against scipy (best of %d, same machine, same run)" % a.repeats)
    print("%-11s %9s %9s %13s  %s" % ("instance", "scipy s", "assign s", "assign/scipy", "objectives"))
    for name, t_sp, t_mm, rel in rows:
        print("%-11s %9.3f %9.3f %13.3f  %s" % (name, t_sp, t_mm, t_mm / t_sp,
                                               "agree %.1e" % rel if rel <= 1e-9 else "MISMATCH %.1e" % rel))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
