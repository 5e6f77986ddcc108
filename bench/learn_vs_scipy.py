#!/usr/bin/python3
"""learn() against scipy, and against one score() pass.

The pairs are the simulated history of the learning tests
(test/fixtures/outcomes.sql), drawn --pairs times, in a table with both
profiles, so every query reads the very same rows.

  fit        learn(mentor, mentee, succeeded) over every pair, against the
             same penalised likelihood maximised by scipy
             (scipy.optimize.minimize, trust-exact with the exact gradient
             and Hessian) on features built independently in SQL from
             factors(), risk(), conflicts() and the profiles' trained: the
             coefficients must agree to 1e-6.
  speed      learn() over the pairs against SELECT sum(score(...)) over the
             same pairs (target: at most 10x), and success_probability()
             against score() (target: at most 1.5x).  Serial plans (no
             parallel workers), best of --repeats.

Connects with the PG* environment (bench/run starts a throwaway cluster).
"""
import argparse
import json
import os
import sys
import time
import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import fresh_database, run_file, timed  # noqa: E402

DB = "mentormatch_bench_learn"
FACTORS = ["skills", "style", "stage", "values", "availability", "logistics", "expectations"]
RULES = ["skill_gap", "stage_inversion", "stage_gap", "style_clash", "values_divergence",
         "low_availability", "timezone_gap", "language_barrier", "expectation_mismatch"]
CONFLICTS = ["self", "reporting_line", "same_team", "shared_project"]
FEATURES = (FACTORS + [f + "_unknown" for f in FACTORS] + RULES
            + ["conflict_" + c for c in CONFLICTS]
            + ["mentor_trained", "mentor_untrained", "mentee_trained", "mentee_untrained"])
LAMBDA = 1.0


def feature_query():
    cols = []
    for f in FACTORS:
        cols.append("coalesce((f).%s, 0)" % f)
    for f in FACTORS:
        cols.append("((f).%s IS NULL)::int" % f)
    for r in RULES:
        cols.append("('%s' = ANY ((r).reasons))::int" % r)
    for c in CONFLICTS:
        cols.append("('%s' = ANY (c))::int" % c)
    cols += ["((mentor).trained IS TRUE)::int", "((mentor).trained IS FALSE)::int",
             "((mentee).trained IS TRUE)::int", "((mentee).trained IS FALSE)::int"]
    return ("SELECT " + ", ".join(cols) + ", succeeded::int FROM ("
            "SELECT mentor, mentee, succeeded, mentormatch.factors(mentor, mentee) AS f, "
            "mentormatch.risk(mentor, mentee) AS r, mentormatch.conflicts(mentor, mentee) AS c "
            "FROM bench_pairs) t")


def scipy_fit(x, y):
    """Maximise sum(y eta - log(1 + e^eta)) - lambda/2 |b|^2 (b without the
    intercept) by scipy's trust-exact method."""
    a = np.hstack([np.ones((x.shape[0], 1)), x])
    pen = np.full(a.shape[1], LAMBDA)
    pen[0] = 0.0

    def f(beta):
        eta = a @ beta
        return -(y @ eta - np.logaddexp(0, eta).sum()) + 0.5 * (pen * beta * beta).sum()

    def g(beta):
        p = 1 / (1 + np.exp(-(a @ beta)))
        return -(a.T @ (y - p)) + pen * beta

    def h(beta):
        p = 1 / (1 + np.exp(-(a @ beta)))
        return (a.T * (p * (1 - p))) @ a + np.diag(pen)

    r = minimize(f, np.zeros(a.shape[1]), jac=g, hess=h, method="trust-exact",
                 options={"gtol": 1e-10, "maxiter": 500})
    return r.x, np.abs(g(r.x)).max()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=50000)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()

    conn = fresh_database(DB)
    cur = conn.cursor()
    cur.execute("SET regress.sim_pairs = %s", (str(a.pairs),))
    run_file(cur, "test/fixtures/outcomes.sql")
    cur.execute("CREATE TABLE bench_pairs AS "
                "SELECT p.pair, m.profile AS mentor, e.profile AS mentee, p.succeeded "
                "FROM regress.sim_pairs p JOIN regress.sim_people m ON m.id = p.mentor "
                "JOIN regress.sim_people e ON e.id = p.mentee")
    cur.execute("VACUUM ANALYZE bench_pairs")
    cur.execute("SELECT count(*), avg(succeeded::int) FROM bench_pairs")
    n, rate = cur.fetchone()
    print("pairs: %d, %.1f%% succeeded" % (n, 100 * rate))

    cur.execute("SET max_parallel_workers_per_gather = 0")
    t_learn, (model,) = timed(cur, "SELECT mentormatch.learn(mentor, mentee, succeeded) FROM bench_pairs",
                              a.repeats)
    if isinstance(model, str):
        model = json.loads(model)
    cur.execute("CREATE TABLE bench_model AS SELECT %s::jsonb AS model", (json.dumps(model),))
    t_score, _ = timed(cur, "SELECT sum(mentormatch.score(mentor, mentee)) FROM bench_pairs", a.repeats)
    t_prob, _ = timed(cur, "SELECT sum(mentormatch.success_probability(mentor, mentee, "
                           "(SELECT model FROM bench_model))) FROM bench_pairs", a.repeats)

    cur.execute(feature_query())
    rows = np.array(cur.fetchall(), dtype=float)
    x, y = rows[:, :-1], rows[:, -1]
    t0 = time.perf_counter()
    beta, grad = scipy_fit(x, y)
    t_scipy = time.perf_counter() - t0
    ours = np.array([model["intercept"]] + [model["coefficients"][k] for k in FEATURES])
    diff = np.abs(ours - beta).max()

    print("fit: learn() %d Newton iterations, converged %s; scipy trust-exact largest |gradient| %.1e"
          % (model["fit"]["iterations"], model["fit"]["converged"], grad))
    print("fit: largest |coefficient difference| learn() vs scipy: %.2e (over %d coefficients)"
          % (diff, len(ours)))
    print("learn() over %d pairs: %.3f s; one score() pass: %.3f s; ratio %.2fx (target <= 10x)"
          % (n, t_learn, t_score, t_learn / t_score))
    print("success_probability() pass: %.3f s; per pair %.2f us against score() %.2f us; ratio %.2fx (target <= 1.5x)"
          % (t_prob, 1e6 * t_prob / n, 1e6 * t_score / n, t_prob / t_score))
    print("scipy's fit alone (features already in memory): %.3f s" % t_scipy)
    conn.close()
    if diff > 1e-6 or not model["fit"]["converged"]:
        print("FAIL: learn() and scipy disagree", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
