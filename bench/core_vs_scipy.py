#!/usr/bin/python3
"""Time the plain-C solver cores against scipy on the same instances.

Each instance is generated with numpy (fixed seeds), written to a binary
file (layout in bench/core_bench.c), solved by scipy here and by the C
bench binary (which times only the core call), best of --repeats runs each.
Objectives must agree to 1e-9 relative.

Instances
  dense2000, dense5000  uniform [0,1) scores; scipy linear_sum_assignment
                        (maximize=True) vs lap_dense_max.
  sparse100k            100,000 rows x 10,000 columns, capacity 12, each row
                        20 distinct random columns, uniform scores.  scipy:
                        min_weight_full_bipartite_matching(maximize=True) on
                        the 100k x 120k seat-duplicated biadjacency, weights
                        score + 1 (scipy treats 0 as "no edge"; a full matching
                        shifts the total by exactly nrows).  That needs every
                        row to be matchable: the script checks that the core's
                        COVERAGE answer matches every row (with 20 random
                        candidates and 120k seats it always does for this
                        seed), so both solve the same problem.
  densecap20k           20,000 rows x 2,000 columns, capacity 10, all pairs;
                        core assign_solve(COVERAGE).  scipy reference: the
                        20k x 20k seat-duplicated linear_sum_assignment (3.2 GB,
                        run once, only with --with-densecap-scipy).
  densecap20k_c9        the same with capacity 9: 18,000 seats for 20,000
                        rows (core only).
  densecap20k_var       the same with capacities uniform in 1..10 (about
                        11,000 seats; core only).
  ties3000              3,000 rows x 2,000 columns, capacity 3, every score
                        1.0: all ties.  Checked against its known optimum
                        (every row matched, total 3000).

Usage: core_vs_scipy.py [--repeats N] [--only NAME,...] [--core BIN]
                        [--with-densecap-scipy] [--core-only]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy.optimize
import scipy.sparse
import scipy.sparse.csgraph

CORE_ONLY = False
HERE = os.path.dirname(os.path.abspath(__file__))


def write_dense(path, score):
    n, m = score.shape
    with open(path, "wb") as f:
        f.write(b"MMCORE01")
        f.write(np.array([0, n, m, n * m, 0], dtype=np.int64).tobytes())
        f.write(np.ascontiguousarray(score, dtype=np.float64).tobytes())


def write_sparse(path, row_start, col, score, cap, objective=0):
    with open(path, "wb") as f:
        f.write(b"MMCORE01")
        f.write(np.array([1, len(row_start) - 1, len(cap), len(col), objective],
                         dtype=np.int64).tobytes())
        f.write(row_start.astype(np.int64).tobytes())
        f.write(col.astype(np.int32).tobytes())
        f.write(score.astype(np.float64).tobytes())
        f.write(cap.astype(np.int32).tobytes())


def run_core(binary, path, repeats):
    out = subprocess.run([binary, path, str(repeats)], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("warning"):
            print("  core:", line)
        if line.startswith("best"):
            w = line.split()
            return float(w[1]), float(w[3]), int(w[5])
    raise RuntimeError("no summary from core bench:\n" + out)


def best_of(repeats, fn):
    best, result = None, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        t = time.perf_counter() - t0
        best = t if best is None else min(best, t)
    return best, result


def distinct_columns(rng, nrows, ncols, k):
    """k distinct random columns per row, each row sorted."""
    cols = rng.integers(0, ncols, size=(nrows, k))
    while True:
        cols.sort(axis=1)
        dup = np.zeros_like(cols, dtype=bool)
        dup[:, 1:] = cols[:, 1:] == cols[:, :-1]
        nd = int(dup.sum())
        if nd == 0:
            return cols
        cols[dup] = rng.integers(0, ncols, size=nd)


def bench_dense(n, seed, repeats, binary, tmp):
    rng = np.random.default_rng(seed)
    score = rng.random((n, n))
    path = os.path.join(tmp, "dense%d.bin" % n)
    write_dense(path, score)
    t_sp, (r, c) = best_of(repeats, lambda: scipy.optimize.linear_sum_assignment(score, maximize=True))
    obj_sp = float(score[r, c].sum())
    t_core, obj_core, matched = run_core(binary, path, repeats)
    assert matched == n
    os.unlink(path)
    return t_sp, obj_sp, t_core, obj_core


def bench_sparse(seed, repeats, binary, tmp, nrows=100000, ncols=10000,
                 cap=12, k=20):
    rng = np.random.default_rng(seed)
    cols = distinct_columns(rng, nrows, ncols, k)
    score = rng.random((nrows, k))
    row_start = np.arange(nrows + 1, dtype=np.int64) * k
    capv = np.full(ncols, cap, dtype=np.int32)
    path = os.path.join(tmp, "sparse.bin")
    write_sparse(path, row_start, cols.ravel(), score.ravel(), capv)
    t_core, obj_core, matched = run_core(binary, path, repeats)
    os.unlink(path)
    if CORE_ONLY:
        return None, None, t_core, obj_core
    if matched != nrows:
        raise RuntimeError("instance has unmatchable rows (%d of %d matched); "
                           "scipy's full matching would not exist" % (matched, nrows))
    # seat duplication: column j becomes seats j*cap .. j*cap+cap-1
    rows = np.repeat(np.arange(nrows), k * cap)
    seat = (cols.ravel()[:, None] * cap + np.arange(cap)[None, :]).ravel()
    w = np.repeat(score.ravel(), cap) + 1.0
    biadj = scipy.sparse.csr_matrix((w, (rows, seat)), shape=(nrows, ncols * cap))
    del rows, seat, w

    def solve():
        return scipy.sparse.csgraph.min_weight_full_bipartite_matching(biadj, maximize=True)
    t_sp, (r, c) = best_of(repeats, solve)
    obj_sp = float(np.asarray(biadj[r, c]).ravel().sum()) - len(r)
    assert len(r) == nrows
    return t_sp, obj_sp, t_core, obj_core


def bench_densecap(seed, repeats, binary, tmp, with_scipy, nrows=20000,
                   ncols=2000, cap=10):
    rng = np.random.default_rng(seed)
    score = rng.random((nrows, ncols))
    row_start = np.arange(nrows + 1, dtype=np.int64) * ncols
    col = np.tile(np.arange(ncols, dtype=np.int32), nrows)
    if cap == "1..10":
        capv = rng.integers(1, 11, size=ncols).astype(np.int32)
        with_scipy = False
    else:
        capv = np.full(ncols, cap, dtype=np.int32)
    path = os.path.join(tmp, "densecap.bin")
    write_sparse(path, row_start, col, score.ravel(), capv)
    del col
    t_core, obj_core, matched = run_core(binary, path, repeats)
    os.unlink(path)
    t_sp, obj_sp = None, None
    if with_scipy:
        big = np.repeat(score, cap, axis=1)   # 20k x 20k
        t0 = time.perf_counter()
        r, c = scipy.optimize.linear_sum_assignment(big, maximize=True)
        t_sp = time.perf_counter() - t0
        obj_sp = float(big[r, c].sum())
    return t_sp, obj_sp, t_core, obj_core


def bench_ties(repeats, binary, tmp, nrows=3000, ncols=2000, cap=3):
    row_start = np.arange(nrows + 1, dtype=np.int64) * ncols
    col = np.tile(np.arange(ncols, dtype=np.int32), nrows)
    path = os.path.join(tmp, "ties.bin")
    write_sparse(path, row_start, col, np.ones(nrows * ncols),
                 np.full(ncols, cap, dtype=np.int32))
    t_core, obj_core, matched = run_core(binary, path, repeats)
    os.unlink(path)
    return None, float(min(nrows, ncols * cap)), t_core, obj_core


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--only", default="dense2000,dense5000,sparse100k,densecap20k,densecap20k_c9,densecap20k_var,ties3000")
    ap.add_argument("--core", default=os.path.join(HERE, "core_bench"))
    ap.add_argument("--with-densecap-scipy", action="store_true")
    ap.add_argument("--core-only", action="store_true",
                    help="skip scipy on the sparse instance (quick tuning runs)")
    a = ap.parse_args()
    global CORE_ONLY
    CORE_ONLY = a.core_only
    todo = a.only.split(",")
    rows = []
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for name in todo:
            if name == "dense2000":
                res = bench_dense(2000, 1, a.repeats, a.core, tmp)
            elif name == "dense5000":
                res = bench_dense(5000, 2, a.repeats, a.core, tmp)
            elif name == "sparse100k":
                res = bench_sparse(3, a.repeats, a.core, tmp)
            elif name == "densecap20k":
                res = bench_densecap(4, a.repeats, a.core, tmp, a.with_densecap_scipy)
            elif name == "densecap20k_c9":
                res = bench_densecap(4, a.repeats, a.core, tmp, False, cap=9)
            elif name == "densecap20k_var":
                res = bench_densecap(5, a.repeats, a.core, tmp, False, cap="1..10")
            elif name == "ties3000":
                res = bench_ties(a.repeats, a.core, tmp)
            else:
                sys.exit("unknown instance " + name)
            t_sp, obj_sp, t_core, obj_core = res
            if obj_sp is not None:
                rel = abs(obj_sp - obj_core) / max(1.0, abs(obj_sp))
                ok = rel <= 1e-9
                failed |= not ok
            else:
                rel, ok = None, True
            rows.append((name, t_sp, t_core, obj_sp, obj_core, rel, ok))
            print("%-12s scipy %s core %.3fs objective %.10g%s" % (
                name, "-" if t_sp is None else "%.3fs" % t_sp, t_core, obj_core,
                "" if rel is None else " (rel diff %.1e%s)" % (rel, "" if ok else " MISMATCH")),
                flush=True)
    print()
    print("%-12s %10s %10s %10s  %s" % ("instance", "scipy s", "core s", "core/scipy", "objectives"))
    for name, t_sp, t_core, obj_sp, obj_core, rel, ok in rows:
        print("%-12s %10s %10.3f %10s  %s" % (
            name, "-" if t_sp is None else "%.3f" % t_sp, t_core,
            "-" if t_sp is None else "%.3f" % (t_core / t_sp),
            "core only" if rel is None else ("agree %.1e" % rel if ok else "MISMATCH %.1e" % rel)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
