#!/usr/bin/python3
"""match() with a programme's round: a long history in forbid and kept pairs,
against the same match() without them.

The cohort is that of bench/match_vs_crossjoin.py (demo profiles, first
--mentees mentees and --mentors mentors, capacity --capacity).  The history
is --history random (mentee, mentor) pairs of the cohort, plus as many
again of people outside it (which forbid ignores); --kept mentees are kept
with a mentor of their own, one per mentor.  Both runs are timed (best of
--repeats); the round's answer is checked: no forbidden pair proposed,
every kept pair kept, capacities held.

  plain      match('SELECT id, profile FROM bench_mentees', '... bench_mentors')
  round      the same with keep => kept pairs, forbid => the history

Target (docs/performance.md): the round at most 1.5x the plain match.
Connects with the PG* environment (bench/run starts a throwaway cluster).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import fresh_database, load_demo_cohort, timed  # noqa: E402

DB = "mentormatch_bench_operations"
MATCH = ("SELECT count(*) FILTER (WHERE reason IS NULL), count(*) FILTER (WHERE reason = 'kept'), "
         "coalesce(sum(score) FILTER (WHERE reason IS NULL), 0) FROM mentormatch.match("
         "'SELECT id, profile FROM bench_mentees', 'SELECT id, profile, capacity FROM bench_mentors'%s)")
ROUND = (", keep => 'SELECT mentee_id, mentor_id FROM bench_kept', "
         "forbid => 'SELECT mentee_id, mentor_id FROM bench_history'")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentees", type=int, default=20000)
    ap.add_argument("--mentors", type=int, default=2000)
    ap.add_argument("--capacity", type=int, default=10)
    ap.add_argument("--employees", type=int, default=75000)
    ap.add_argument("--history", type=int, default=100000)
    ap.add_argument("--kept", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=2)
    a = ap.parse_args()

    conn = fresh_database(DB)
    cur = conn.cursor()
    nmentees, nmentors = load_demo_cohort(cur, a.employees, a.mentees, a.mentors, a.capacity)
    cur.execute("""
        CREATE TABLE bench_history AS
        SELECT DISTINCT e.id AS mentee_id, m.id AS mentor_id
        FROM generate_series(1, %s) k
        JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM bench_mentees) e
          ON e.n = 1 + (hashint4(k * 7) & 1073741823) %% %s
        JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM bench_mentors) m
          ON m.n = 1 + (hashint4(k * 13 + 1) & 1073741823) %% %s
        UNION ALL
        SELECT 10000000 + k, 20000000 + k FROM generate_series(1, %s) k""",
                (a.history, nmentees, nmentors, a.history))
    cur.execute("""
        CREATE TABLE bench_kept AS
        SELECT e.id AS mentee_id, m.id AS mentor_id
        FROM (SELECT id, row_number() OVER (ORDER BY id DESC) AS n FROM bench_mentees) e
        JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM bench_mentors) m ON m.n = e.n
        WHERE e.n <= %s""", (a.kept,))
    cur.execute("DELETE FROM bench_history h USING bench_kept k "
                "WHERE (h.mentee_id, h.mentor_id) = (k.mentee_id, k.mentor_id)")
    cur.execute("ANALYZE bench_history")
    cur.execute("SELECT count(*) FROM bench_history")
    (nhistory,) = cur.fetchone()
    cur.execute("SELECT count(*) FROM bench_kept")
    (nkept,) = cur.fetchone()

    t_plain, (proposed_p, _, total_p) = timed(cur, MATCH % "", a.repeats)
    print("plain match: %.2f s, %d proposed, total %.6f" % (t_plain, proposed_p, total_p), flush=True)
    t_round, (proposed_r, kept_r, total_r) = timed(cur, MATCH % ROUND, a.repeats)
    print("round:       %.2f s, %d proposed, %d kept, total %.6f" % (t_round, proposed_r, kept_r, total_r),
          flush=True)

    cur.execute("CREATE TABLE bench_round AS SELECT * FROM mentormatch.match("
                "'SELECT id, profile FROM bench_mentees', 'SELECT id, profile, capacity FROM bench_mentors'"
                + ROUND + ")")
    cur.execute("""
        SELECT (SELECT count(*) FROM bench_round r JOIN bench_history h USING (mentee_id, mentor_id)),
               (SELECT count(*) FROM bench_kept k LEFT JOIN bench_round r USING (mentee_id, mentor_id)
                WHERE r.reason IS DISTINCT FROM 'kept'),
               (SELECT count(*) FROM (SELECT mentor_id, count(*) AS n FROM bench_round
                                      WHERE mentor_id IS NOT NULL GROUP BY 1) t
                JOIN bench_mentors m ON m.id = t.mentor_id WHERE t.n > m.capacity)""")
    forbidden, not_kept, over = cur.fetchone()
    conn.close()

    ok = forbidden == 0 and not_kept == 0 and over == 0 and kept_r == nkept
    print()
    print("match() on %d x %d profiles with %d forbidden pairs (half of them outside the cohort) and "
          "%d kept: %.2f s; plain match(): %.2f s; ratio %.2fx (target <= 1.5x); %s"
          % (nmentees, nmentors, nhistory, nkept, t_round, t_plain, t_round / t_plain,
             "round checked" if ok else
             "WRONG: %d forbidden proposed, %d kept missing, %d mentors over capacity"
             % (forbidden, not_kept, over)))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
