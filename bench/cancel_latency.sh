#!/usr/bin/env bash
# bench/cancel_latency.sh — how long a cancel takes to act inside each
# solver: every call runs with statement_timeout at a point of its solve
# (spread over the whole run), and the latency is the time the statement
# took past its timeout.  Prints the median and the worst per solver.
#
# Run by `make bench` (bench/run) inside the throwaway cluster.  It creates
# (and at the end drops) its own database; settings stay at their defaults.
# Knobs: CANCEL_BENCH_POINTS (12 timeouts per solver).
set -euo pipefail
cd "$(dirname "$0")/.."

DB=mentormatch_bench_cancel
POINTS=${CANCEL_BENCH_POINTS:-12}
q() { psql -qAtX -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

psql -qX -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null
q -c 'CREATE EXTENSION mentormatch' -c "
CREATE TABLE people AS
SELECT i AS id,
	   mentormatch.profile(
		   skills => mentormatch.skillset(ARRAY['s' || (i % 40), 't.' || (i % 23), 'u.v.' || (i % 11)],
										  ARRAY[1 + i % 5, 1 + (i / 7) % 5, 1 + (i / 3) % 5]),
		   goals => mentormatch.skillset(ARRAY['s' || (i % 37), 't.' || (i % 19)],
										 ARRAY[1 + i % 4, 2 + i % 3]),
		   style => mentormatch.workstyle(ARRAY['social', 'scope'], ARRAY[(i % 10) / 10.0, (i % 7) / 7.0]),
		   grade => i % 9, hours_per_month => 1 + i % 6, utc_offset => 60 * (i % 5),
		   languages => ARRAY['en'], support => ARRAY['skills', 'career']) AS profile
FROM generate_series(1, 20000) i;
CREATE TABLE cand AS
SELECT i AS mentee_id, (hashint4(i * 31 + k) & 1073741823) % 10000 AS mentor_id,
	   (hashint4(i * 7 + k) & 1023) / 1024.0 AS score
FROM generate_series(1, 100000) i, generate_series(1, 20) k;
DELETE FROM cand a USING cand b
WHERE a.ctid < b.ctid AND a.mentee_id = b.mentee_id AND a.mentor_id = b.mentor_id;
ANALYZE"

declare -A SQL
SQL[match]="SELECT count(*) FROM mentormatch.match('SELECT id, profile FROM people',
	'SELECT id + 100000 AS id, profile, 10 AS capacity FROM people WHERE id <= 2000', exclude => '{}')"
SQL[assign_dense]="SELECT count(*) FROM mentormatch.assign('SELECT i AS mentee_id, array_agg(j ORDER BY j) AS mentor_ids,
	array_agg((hashint4(i * 10007 + j) & 65535)::float8 ORDER BY j) AS scores
	FROM generate_series(1, 3000) i, generate_series(1, 3000) j GROUP BY i')"
SQL[assign_fair]="SELECT count(*) FROM mentormatch.assign('SELECT mentee_id, mentor_id, score FROM cand',
	'SELECT j AS mentor_id, 12 AS capacity FROM generate_series(0, 9999) j', objective => 'fair')"
SQL[stable_match]="SELECT count(*) FROM mentormatch.stable_match('SELECT mentee_id, mentor_id, score AS mentee_pref,
	1 - score AS mentor_pref FROM cand', 'SELECT j AS mentor_id, 12 AS capacity FROM generate_series(0, 9999) j')"

# milliseconds a statement took (\timing), given its statement_timeout
run_ms() {
	{ psql -qAtX -d "$DB" -c '\timing on' -c "SET statement_timeout = '$1ms'" \
		-c "$2" 2>&1 || true; } | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p' | tail -1
}

printf '%-14s %8s %8s %9s %9s\n' solver "full ms" timeouts "median ms" "worst ms"
for name in match assign_dense assign_fair stable_match; do
	full=$(run_ms 0 "${SQL[$name]}")
	lat=()
	for k in $(seq 1 "$POINTS"); do
		t=$(awk -v f="$full" -v k="$k" -v n="$POINTS" 'BEGIN { printf "%d", f * k / (n + 1) }')
		[ "$t" -ge 1 ] || t=1
		took=$(run_ms "$t" "${SQL[$name]}")
		lat+=("$(awk -v a="$took" -v t="$t" 'BEGIN { printf "%.1f", a - t }')")
	done
	[ -n "${CANCEL_BENCH_VERBOSE:-}" ] && echo "$name: ${lat[*]}" >&2
	sorted=$(printf '%s\n' "${lat[@]}" | sort -g)
	median=$(sed -n "$(((POINTS + 1) / 2))p" <<<"$sorted")
	worst=$(tail -1 <<<"$sorted")
	printf '%-14s %8.0f %8d %9s %9s\n' "$name" "$full" "$POINTS" "$median" "$worst"
done
psql -qX -d postgres -c "DROP DATABASE $DB"
