#!/usr/bin/env bash
# bench/score_bench.sh — score() in C against the PL/pgSQL implementation of
# the same formulas (test/fixtures/score_oracle.sql, the differential-test
# oracle).
#
# Target (docs/performance.md): score() over a cross join is at
# least 20x faster than PL/pgSQL.
#
# Run by `make bench` (bench/run) inside a throwaway cluster, with PGHOST,
# PGPORT and PGUSER pointing at a server where CREATE EXTENSION mentormatch
# works.  It creates (and at the end drops) its own database.
#
# What it does:
#   1. loads the demo HR data, hr.generate(12000, 42), and builds profiles;
#   2. materialises the first 1,000 mentors and 2,000 mentees by id into
#      tables, so both sides read the very same rows;
#   3. times SELECT sum(score(m, e)) over the full 1,000 x 2,000 cross join
#      (2,000,000 pairs) in C;
#   4. times the same query with oracle.score() on a subset, 1,000 mentors x
#      every 20th of the 2,000 mentees (100; 100,000 pairs), because
#      PL/pgSQL needs minutes for the full join — and times C on that subset
#      too, so there is also a same-rows ratio;
#   5. prints raw timings (each query run at least twice, best kept), per-pair
#      times and the ratio.
#
# Timing: EXPLAIN (ANALYZE, TIMING OFF) execution time, i.e. server-side,
# without client transfer (the queries return one row anyway).  Both sides
# run serially (max_parallel_workers_per_gather = 0, jit off): the ratio is
# per core.
#
# Knobs (environment): SCORE_BENCH_DB (mentormatch_bench_score),
# SCORE_BENCH_RUNS (2), SCORE_BENCH_STRIDE (20: oracle subset takes every
# n-th mentee), SCORE_BENCH_KEEP=1 keeps the database.
set -euo pipefail

cd "$(dirname "$0")/.."

DB=${SCORE_BENCH_DB:-mentormatch_bench_score}
RUNS=${SCORE_BENCH_RUNS:-2}
STRIDE=${SCORE_BENCH_STRIDE:-20}
N_EMPLOYEES=12000
SEED=42
N_MENTORS=1000
N_MENTEES=2000

export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

echo "== score() benchmark: C vs PL/pgSQL (database $DB)"
dropdb --if-exists "$DB" >/dev/null
createdb "$DB"
cleanup() { [ "${SCORE_BENCH_KEEP:-0}" = 1 ] || dropdb --if-exists "$DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT

# 1-2. data, profiles, oracle, and the two tables of profiles ---------------
psql_db <<SQL
CREATE EXTENSION mentormatch;
\i demo/hr_schema.sql
\i demo/generate.sql
SELECT hr.generate($N_EMPLOYEES, $SEED) IS NOT NULL AS generated \gset
\i demo/profiles.sql
\i test/fixtures/score_oracle.sql

CREATE SCHEMA score_bench;
CREATE TABLE score_bench.mentors AS
	SELECT id, profile FROM mentoring.mentors ORDER BY id LIMIT $N_MENTORS;
CREATE TABLE score_bench.mentees AS
	SELECT id, profile FROM mentoring.mentees ORDER BY id LIMIT $N_MENTEES;
-- the PL/pgSQL subset: every STRIDE-th mentee, spread over the whole set
CREATE TABLE score_bench.mentees_subset AS
	SELECT id, profile FROM (SELECT id, profile, row_number() OVER (ORDER BY id) AS n
							 FROM score_bench.mentees) s
	WHERE (n - 1) % $STRIDE = 0;
VACUUM ANALYZE score_bench.mentors, score_bench.mentees, score_bench.mentees_subset;

-- Execution time in ms of a query, from EXPLAIN (ANALYZE, TIMING OFF).
CREATE FUNCTION score_bench.time_ms(query text) RETURNS float8
LANGUAGE plpgsql AS \$\$
DECLARE
	plan json;
BEGIN
	EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || query INTO plan;
	RETURN (plan -> 0 ->> 'Execution Time')::float8;
END
\$\$;
SQL

read -r mentors mentees subset <<<"$(psql_db -At -F ' ' -c "
	SELECT (SELECT count(*) FROM score_bench.mentors), (SELECT count(*) FROM score_bench.mentees),
		   (SELECT count(*) FROM score_bench.mentees_subset)")"
if [ "$mentors" -lt "$N_MENTORS" ] || [ "$mentees" -lt "$N_MENTEES" ]; then
	echo "hr.generate($N_EMPLOYEES, $SEED) gave only $mentors mentors and $mentees mentees;" \
		 "need $N_MENTORS and $N_MENTEES" >&2
	exit 1
fi
full_pairs=$((mentors * mentees))
subset_pairs=$((mentors * subset))
echo "rows: $mentors mentors x $mentees mentees = $full_pairs pairs (C);" \
	 "$mentors x $subset mentees (every ${STRIDE}th) = $subset_pairs pairs (PL/pgSQL and C)"

# Sanity: both implementations give the same scores on the rows timed.
psql_db -At -c "
	SELECT format('check: max |C - PL/pgSQL| over %s pairs = %s',
				  count(*), coalesce(max(abs(mentormatch.score(m.profile, e.profile)
											 - oracle.score(m.profile, e.profile))), 0))
	FROM score_bench.mentors m
	CROSS JOIN (SELECT * FROM score_bench.mentees_subset ORDER BY id LIMIT 5) e"

# 3-4. timings ---------------------------------------------------------------
# time_best RUNS LABEL QUERY: runs QUERY RUNS times, prints each timing and
# leaves the best in $BEST.
time_best() {
	local runs=$1 label=$2 query=$3 t i
	BEST=""
	for ((i = 1; i <= runs; i++)); do
		t=$(psql_db -At -c "SET max_parallel_workers_per_gather = 0" -c "SET jit = off" \
				-c "SELECT round(score_bench.time_ms(\$q\$$query\$q\$)::numeric, 1)")
		echo "  $label, run $i: $t ms"
		if [ -z "$BEST" ] || awk -v a="$t" -v b="$BEST" 'BEGIN { exit !(a < b) }'; then
			BEST=$t
		fi
	done
}

q_join_full="SELECT count(*) FROM score_bench.mentors m CROSS JOIN score_bench.mentees e"
q_c_full="SELECT sum(mentormatch.score(m.profile, e.profile)) FROM score_bench.mentors m CROSS JOIN score_bench.mentees e"
q_c_subset="SELECT sum(mentormatch.score(m.profile, e.profile)) FROM score_bench.mentors m CROSS JOIN score_bench.mentees_subset e"
q_plpgsql_subset="SELECT sum(oracle.score(m.profile, e.profile)) FROM score_bench.mentors m CROSS JOIN score_bench.mentees_subset e"

# The short C run on the subset is repeated more: it is the most sensitive
# to noise from other processes.
echo "timings (EXPLAIN ANALYZE, TIMING OFF; serial; best of the runs):"
time_best "$RUNS" "cross join alone, $full_pairs pairs" "$q_join_full"; join_full=$BEST
time_best "$RUNS" "C score(), $full_pairs pairs" "$q_c_full"; c_full=$BEST
time_best $((RUNS > 5 ? RUNS : 5)) "C score(), $subset_pairs pairs (subset)" "$q_c_subset"; c_subset=$BEST
time_best "$RUNS" "PL/pgSQL oracle.score(), $subset_pairs pairs (subset)" "$q_plpgsql_subset"; plpgsql_subset=$BEST

# 5. summary -----------------------------------------------------------------
awk -v jf="$join_full" -v cf="$c_full" -v cs="$c_subset" -v ps="$plpgsql_subset" \
	-v fp="$full_pairs" -v sp="$subset_pairs" 'BEGIN {
	c_us = cf * 1000 / fp; cs_us = cs * 1000 / sp; p_us = ps * 1000 / sp;
	printf "best: cross join alone (no scoring) %.1f ms (%.3f us/pair)\n", jf, jf * 1000 / fp
	printf "best: C %.1f ms / %d pairs = %.3f us/pair; on the subset %.1f ms / %d pairs = %.3f us/pair\n", cf, fp, c_us, cs, sp, cs_us
	printf "best: PL/pgSQL %.1f ms / %d pairs = %.2f us/pair\n", ps, sp, p_us
	printf "same rows (subset): ratio %.1fx\n", p_us / cs_us
	ratio = p_us / c_us
	printf "target: C at least 20x faster: %s\n", (ratio >= 20 ? "met" : "NOT met")
	printf "score(): C %.2f us/pair, PL/pgSQL %.1f us/pair, ratio %.0fx\n", c_us, p_us, ratio
}'
