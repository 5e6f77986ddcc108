#!/usr/bin/python3
"""learn() against scipy, and against one score() pass.

The pairs are the simulated history of the learning tests
(test/fixtures/outcomes.sql), drawn --pairs times, in a table with both
profiles, so every query reads the very same rows.

  fit        learn(mentor, mentee, succeeded) over every pair (and with
             health as of day 60, from test/fixtures/checkins.sql), against the
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


HEALTH = ["health_meetings", "health_days_running", "health_days_since_last", "health_typical_gap",
          "health_rating_mean", "health_rating_trend", "health_no_meeting", "health_gap_unknown",
          "health_rating_unknown", "health_trend_unknown", "health_no_first_meeting",
          "health_not_started", "health_cooling", "health_at_risk", "health_stalled"]


def health_feature_query():
    """The features of learn(mentor, mentee, succeeded, health), built in
    SQL: the pairs' (feature_query) then health's (docs/reference.md,
    "Learning with health")."""
    h = ["least((h).meetings, 12) / 12.0", "least((h).days_running, 365) / 365.0",
         "CASE WHEN (h).days_since_last IS NULL THEN 0 ELSE least((h).days_since_last, 180) / 180.0 END",
         "CASE WHEN (h).typical_gap_days IS NULL THEN 0 ELSE least((h).typical_gap_days, 90) / 90.0 END",
         "coalesce(((h).rating_mean - 1) / 4.0, 0)",
         "CASE WHEN (h).rating_trend IS NULL THEN 0 ELSE (greatest(-2, least(2, (h).rating_trend)) + 2) / 4.0 END",
         "((h).meetings = 0)::int", "((h).typical_gap_days IS NULL)::int", "((h).rating_mean IS NULL)::int",
         "((h).rating_trend IS NULL)::int", "('no_first_meeting' = ANY ((h).reasons))::int",
         "((h).status = 'not_started')::int", "((h).status = 'cooling')::int",
         "((h).status = 'at_risk')::int", "((h).status = 'stalled')::int"]
    q = feature_query()
    head, tail = q.split(", succeeded::int FROM (", 1)
    return (head + ", " + ", ".join(h) + ", succeeded::int FROM (" +
            tail.replace("FROM bench_pairs) t", "FROM bench_health) t")
                .replace("SELECT mentor, mentee, succeeded,", "SELECT mentor, mentee, succeeded, health AS h,"))


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

    # with health as of day 60, from the check-ins of test/fixtures/checkins.sql
    run_file(cur, "test/fixtures/checkins.sql")
    cur.execute("""CREATE TABLE bench_health AS
        SELECT b.*, h.health FROM bench_pairs b
        JOIN (SELECT s.pair, mentormatch.health(c.met_at, c.rating, s.started_at,
                                                s.started_at + interval '60 days') AS health
              FROM regress.sim_started s LEFT JOIN regress.sim_checkins c USING (pair)
              GROUP BY s.pair) h USING (pair)""")
    t_hlearn, (hmodel,) = timed(cur, "SELECT mentormatch.learn(mentor, mentee, succeeded, health) "
                                     "FROM bench_health", a.repeats)
    if isinstance(hmodel, str):
        hmodel = json.loads(hmodel)
    cur.execute(health_feature_query())
    rows = np.array(cur.fetchall(), dtype=float)
    hbeta, hgrad = scipy_fit(rows[:, :-1], rows[:, -1])
    hours = np.array([hmodel["intercept"]] + [hmodel["coefficients"][k] for k in FEATURES + HEALTH])
    hdiff = np.abs(hours - hbeta).max()
    start = np.array([hmodel["at_start"]["intercept"]] +
                     [hmodel["at_start"]["coefficients"][k] for k in FEATURES])
    sdiff = np.abs(start - ours).max()
    print("fit with health: learn() %d Newton iterations, converged %s; scipy largest |gradient| %.1e"
          % (hmodel["fit"]["iterations"], hmodel["fit"]["converged"], hgrad))
    print("fit with health: largest |coefficient difference| learn() vs scipy: %.2e (over %d); "
          "at_start vs the model without health: %.2e" % (hdiff, len(hours), sdiff))
    print("learn() with health over %d pairs: %.3f s (two fits)" % (n, t_hlearn))
    conn.close()
    if diff > 1e-6 or hdiff > 1e-6 or sdiff > 1e-6 or not model["fit"]["converged"] \
            or not hmodel["fit"]["converged"]:
        print("FAIL: learn() and scipy disagree", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
