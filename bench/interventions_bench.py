#!/usr/bin/python3
"""interventions() against one match() of the same size.

A model learned with health on the learning tests' simulated history
(test/fixtures/outcomes.sql, checkins.sql); then --running running pairs
(one per mentee) among --mentors mentors of --capacity seats each, with
health from generated check-ins.  Timed, best of --repeats:

  interventions   interventions() over the running pairs, the mentees and
                  the mentors (every running pair against every mentor)
  match           match() of the same mentees and mentors, with the same
                  model at the start (at_start), objective total

Target (docs/performance.md): interventions at most 3x match.
Connects with the PG* environment (bench/run starts a throwaway cluster).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchdb import fresh_database, run_file, timed  # noqa: E402

DB = "mentormatch_bench_interventions"

PEOPLE = """
CREATE TABLE bench_people AS
SELECT i AS id, CASE WHEN i <= %(mentors)s THEN 'mentor' ELSE 'mentee' END AS role,
       mentormatch.profile(
           id => i,
           skills => CASE WHEN i <= %(mentors)s THEN mentormatch.skillset(
               ARRAY[(ARRAY['data', 'backend', 'frontend', 'people'])[1 + i %% 4] || '.' || (i %% 5),
                     (ARRAY['data', 'backend', 'frontend', 'people'])[1 + (i / 4) %% 4] || '.x' || (i %% 3)],
               ARRAY[1 + i %% 5, 1 + (i / 3) %% 5]) END,
           goals => CASE WHEN i > %(mentors)s THEN mentormatch.skillset(
               ARRAY[(ARRAY['data', 'backend', 'frontend', 'people'])[1 + (i / 7) %% 4] || '.' || (i %% 5)],
               ARRAY[2 + i %% 4]) END,
           grade => 1 + (i * 37) %% 10,
           hours_per_month => (1 + (i * 13) %% 8)::real,
           utc_offset => 60 * ((i * 11) %% 9 - 4),
           languages => (ARRAY['{en}', '{en}', '{de}', '{en,de}', '{fr}'])[1 + (i * 3) %% 5]::text[],
           trained => CASE (i * 7) %% 3 WHEN 0 THEN true WHEN 1 THEN false ELSE NULL END) AS profile
FROM generate_series(1, %(mentors)s + %(running)s) i;
CREATE TABLE bench_running AS
SELECT id AS mentee_id, 1 + (id * 7) %% %(mentors)s AS mentor_id,
       timestamptz '2026-11-01' - (20 + (hashint4(id) & 255)) * interval '1 day' AS started_at
FROM bench_people WHERE role = 'mentee';
CREATE TABLE bench_checkins AS
SELECT r.mentee_id, r.started_at + (k * (7 + (hashint4(r.mentee_id::int * 13 + k) & 31))) * interval '1 day' AS met_at,
       (1 + (hashint4(r.mentee_id::int * 17 + k) & 3))::real AS rating
FROM bench_running r, generate_series(1, 8) k
WHERE (hashint4(r.mentee_id::int * 19) & 7) <> 0;
CREATE TABLE bench_health AS
SELECT r.mentee_id, r.mentor_id, mentormatch.health(c.met_at, c.rating, r.started_at, '2026-11-01') AS health
FROM bench_running r LEFT JOIN bench_checkins c USING (mentee_id) GROUP BY r.mentee_id, r.mentor_id, r.started_at;
ANALYZE bench_people, bench_health;
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--running", type=int, default=10000)
    ap.add_argument("--mentors", type=int, default=2000)
    ap.add_argument("--capacity", type=int, default=8)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    conn = fresh_database(DB)
    cur = conn.cursor()
    run_file(cur, "test/fixtures/regress.sql")
    run_file(cur, "test/fixtures/outcomes.sql")
    run_file(cur, "test/fixtures/checkins.sql")
    cur.execute("""
        CREATE TABLE bench_model AS
        SELECT mentormatch.learn(m.profile, e.profile, p.succeeded, h.health) AS model
        FROM regress.sim_pairs p JOIN regress.sim_people m ON m.id = p.mentor
        JOIN regress.sim_people e ON e.id = p.mentee
        JOIN (SELECT s.pair, mentormatch.health(c.met_at, c.rating, s.started_at, s.started_at + interval '60 days') AS health
              FROM regress.sim_started s LEFT JOIN regress.sim_checkins c USING (pair) GROUP BY s.pair) h
          ON h.pair = p.pair""")
    cur.execute(PEOPLE % {"mentors": args.mentors, "running": args.running})
    cur.execute("SET max_parallel_workers_per_gather = 0")
    mentors = ("SELECT id, profile, %d AS capacity FROM bench_people WHERE role = ''mentor''"
               % args.capacity)
    mentees = "SELECT id, profile FROM bench_people WHERE role = ''mentee''"
    t_iv, row = timed(cur, f"""
        SELECT count(*), count(*) FILTER (WHERE action = 'rematch'), coalesce(sum(gain), 0)
        FROM mentormatch.interventions('SELECT mentee_id, mentor_id, health FROM bench_health',
             '{mentees}', '{mentors}', (SELECT model FROM bench_model), '2026-11-01')""", args.repeats)
    rows, rematches, gain = row
    t_match, mrow = timed(cur, f"""
        SELECT count(mentor_id) FROM mentormatch.match('{mentees}', '{mentors}', objective => 'total',
             model => (SELECT jsonb_build_object('model', 'logistic', 'version', 1) || (model->'at_start')
                       FROM bench_model))""", args.repeats)
    print(f"interventions over {args.running} running pairs and {args.mentors} mentors "
          f"({args.capacity} seats each): {t_iv:.2f} s; {rows} rows, {rematches} rematches, "
          f"total gain {gain:.1f}")
    print(f"match() of the same {args.running} x {args.mentors} with the model at the start: "
          f"{t_match:.2f} s; {mrow[0]} matched")
    print(f"ratio interventions / match: {t_iv / t_match:.2f} (target: at most 3)")
    if rows != args.running:
        print("FAIL: a row per running pair expected")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
