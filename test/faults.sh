#!/usr/bin/env bash
# Faults a server meets: solves cancelled at every stage, and many sessions
# at once.  Run by test/run inside the throwaway cluster.
#
#   1. match() (also with its scoring in parallel workers), assign(),
#      recommend() with exposure and peer_circles() cancelled again and
#      again (statement_timeout at points spread over
#      the solve) leave the backend's memory where it was
#      (pg_backend_memory_contexts), and the backend carries on;
#   2. six sessions running match() (both ways), assign(), stable_match(),
#      recommend() (plain and with exposure) and peer_circles() at the same
#      time get the answers of a session alone;
#   3. match() of 3000 x 1500 (enough pairs for parallel scoring), with
#      keep, forbid, rules and min_score, launches parallel workers for its
#      first pass and a team of them for a round's rescoring (its DEBUG1
#      lines say how many, and that no worker charged more than was
#      reserved for it), answers as match() with
#      max_parallel_workers_per_gather = 0, and, as a second session sees
#      in pg_stat_activity, holds no worker while it solves: once its
#      workers first ran, they are gone for a stretch of at least 250 ms
#      while the call still runs (its solves; workers held through the
#      solve, as before 0.3.0, left only the last few milliseconds).
#
# Prints "faults: N passed, M failed" last; exit status 1 if any failed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$MM_ROOT"

DB=mentormatch_faults
SESSIONS=6
passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'ok %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
q() { psql -qAtX -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

psql -qX -d postgres -c "SET client_min_messages = warning" \
	-c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
q -c 'CREATE EXTENSION mentormatch' -c "$(mm_people_sql 3000)" -c "
CREATE TABLE cand AS
SELECT i AS mentee_id, (hashint4(i * 31 + k) & 1073741823) % 800 AS mentor_id,
	   (hashint4(i * 7 + k) & 1023) / 1024.0 AS score
FROM generate_series(1, 6000) i, generate_series(1, 15) k;
DELETE FROM cand a USING cand b
WHERE a.ctid < b.ctid AND a.mentee_id = b.mentee_id AND a.mentor_id = b.mentor_id;
ANALYZE"

declare -A SQL
SQL[match]="SELECT md5(string_agg(concat_ws(' ', mentee_id, mentor_id, score, risk, reason), ',' ORDER BY mentee_id))
	FROM mentormatch.match('SELECT id, profile FROM people',
		'SELECT id + 10000 AS id, profile, 3 AS capacity FROM people WHERE id <= 700')"
# 4.5 million pairs: scored in parallel workers (from 2^22 pairs on)
SQL[match_parallel]="SELECT md5(string_agg(concat_ws(' ', mentee_id, mentor_id, score, risk, reasons, reason), ',' ORDER BY mentee_id))
	FROM mentormatch.match('SELECT id, profile FROM people',
		'SELECT id + 10000 AS id, profile, 2 AS capacity FROM people WHERE id <= 1500',
		min_score => 0.2, rules => '{max_hours_apart=2}',
		keep => 'SELECT i AS mentee_id, 10000 + 1501 - i AS mentor_id FROM generate_series(1, 40) i',
		forbid => 'SELECT i AS mentee_id, 10000 + (i * 7) % 1500 + 1 AS mentor_id FROM generate_series(1, 3000) i')"
# the same with the backend scoring alone
SQL[match_serial]="SET max_parallel_workers_per_gather = 0; ${SQL[match_parallel]}; RESET max_parallel_workers_per_gather"
SQL[assign]="SELECT md5(string_agg(concat_ws(' ', mentee_id, mentor_id, score, reason), ',' ORDER BY mentee_id))
	FROM mentormatch.assign('SELECT mentee_id, mentor_id, score FROM cand',
		'SELECT j AS mentor_id, 7 AS capacity FROM generate_series(0, 799) j', objective => 'fair')"
SQL[stable_match]="SELECT md5(string_agg(concat_ws(' ', mentee_id, mentor_id, reason), ',' ORDER BY mentee_id))
	FROM mentormatch.stable_match('SELECT mentee_id, mentor_id, score AS mentee_pref, 1 - score AS mentor_pref FROM cand',
		'SELECT j AS mentor_id, 7 AS capacity FROM generate_series(0, 799) j')"
SQL[recommend]="SELECT md5(string_agg(concat_ws(' ', mentee_id, rank, mentor_id, score), ',' ORDER BY mentee_id, rank))
	FROM mentormatch.recommend('SELECT id, profile FROM people WHERE id <= 1500',
		'SELECT id + 10000 AS id, profile FROM people', k => 3)"
SQL[exposure]="SELECT md5(string_agg(concat_ws(' ', mentee_id, rank, mentor_id, score), ',' ORDER BY mentee_id, rank))
	FROM mentormatch.recommend('SELECT id, profile FROM people',
		'SELECT id + 10000 AS id, profile, 2 AS capacity FROM people WHERE id <= 1500', k => 3, exposure => 2)"
SQL[peer_circles]="SELECT md5(string_agg(concat_ws(' ', circle, person_id, fit), ',' ORDER BY person_id))
	FROM mentormatch.peer_circles('SELECT id, profile FROM people', 5)"

# 1. cancels: one session, memory before and after
memory="SELECT sum(total_bytes) FROM pg_backend_memory_contexts"
cancelled="match match_parallel assign exposure peer_circles"
solves=$((3 * 6 * $(wc -w <<<"$cancelled")))
script=$(mktemp)
{
	echo "SET client_min_messages = warning;"
	for name in $cancelled; do
		echo "${SQL[$name]};"			# warm every cache first
	done
	echo "SELECT 'before ' || ($memory);"
	for round in 1 2 3; do
		for name in $cancelled; do
			for ms in 20 60 150 300 600 1000; do
				echo "SET statement_timeout = '$((ms + round * 7))ms';"
				echo "${SQL[$name]};"
			done
		done
	done
	echo "RESET statement_timeout;"
	echo "SELECT 'after ' || ($memory);"
	echo "SELECT 'alive ' || count(*) FROM people;"
} >"$script"
out=$(psql -qAtX -d "$DB" -f "$script" 2>&1 || true)
rm -f "$script"
cancels=$(grep -c 'canceling statement due to statement timeout' <<<"$out" || true)
before=$(sed -nE 's/^before ([0-9]+)$/\1/p' <<<"$out")
after=$(sed -nE 's/^after ([0-9]+)$/\1/p' <<<"$out")
if [ -n "$before" ] && [ -n "$after" ] && grep -q '^alive 3000$' <<<"$out" &&
	[ "$after" -le $((before + 262144)) ] && [ "$cancels" -ge 12 ]; then
	pass "$cancels of $solves solves cancelled mid-way; backend memory $before -> $after bytes"
else
	fail "cancels: $cancels cancelled, memory '$before' -> '$after' (allowed +256 kB), output:"
	tail -5 <<<"$out"
fi

# 2. sessions at once against one session alone
declare -A alone
together="match match_parallel assign stable_match recommend exposure peer_circles"
for name in $together; do
	alone[$name]=$(q -c "${SQL[$name]}")
done
dir=$(mktemp -d)
for s in $(seq 1 "$SESSIONS"); do
	(
		for round in 1 2; do
			for name in $together; do
				printf '%s %s\n' "$name" "$(q -c "${SQL[$name]}" 2>&1 | tr '\n' ' ')"
			done
		done
	) >"$dir/$s" &
done
wait
differ=0
answers=0
while read -r name answer; do
	answers=$((answers + 1))
	[ "$answer" = "${alone[$name]}" ] || differ=$((differ + 1))
done < <(cat "$dir"/*)
rm -rf "$dir"
if [ $differ -eq 0 ] && [ $answers -eq $((SESSIONS * 2 * $(wc -w <<<"$together"))) ]; then
	pass "$SESSIONS sessions at once: $answers answers, each equal to the session alone"
else
	fail "$SESSIONS sessions at once: $differ of $answers answers differ from the session alone"
fi

# 3. scoring spread over parallel workers gives the backend's answer alone;
# a second session samples the workers while the call runs
serial=$(q -c "${SQL[match_serial]}" | grep -v '^RESET\|^SET' || true)
q -c "CREATE TABLE worker_samples (ts timestamptz, workers int, active bool)"
sampler=$(mktemp)
psql -qAtX -v ON_ERROR_STOP=1 -d "$DB" >"$sampler" 2>&1 <<'EOF' &
DO $$
DECLARE
	leader int;
	t0 timestamptz := clock_timestamp();
	w int;
	a bool;
BEGIN
	LOOP
		PERFORM pg_stat_clear_snapshot();
		SELECT pid INTO leader FROM pg_stat_activity
		WHERE application_name = 'mm_faults_leader' AND state = 'active'
			AND query LIKE '%mentormatch.match(%';
		EXIT WHEN leader IS NOT NULL OR clock_timestamp() - t0 > interval '60 s';
		PERFORM pg_sleep(0.002);
	END LOOP;
	LOOP
		PERFORM pg_stat_clear_snapshot();
		SELECT count(*) FILTER (WHERE backend_type = 'parallel worker' AND leader_pid = leader),
			   coalesce(bool_or(pid = leader AND state = 'active'), false)
		INTO w, a FROM pg_stat_activity;
		INSERT INTO worker_samples VALUES (clock_timestamp(), w, a);
		EXIT WHEN NOT a OR clock_timestamp() - t0 > interval '120 s';
		PERFORM pg_sleep(0.002);
	END LOOP;
END
$$;
EOF
sampler_pid=$!
sleep 0.5
debug=$(PGAPPNAME=mm_faults_leader PGOPTIONS="-c client_min_messages=debug1" \
	psql -qAtX -d "$DB" -c "${SQL[match_parallel]}" 2>&1 || true)
wait "$sampler_pid" || true
launched=$(sed -nE 's/.*match: ([0-9]+) parallel workers launched of [0-9]+ planned, .*/\1/p' <<<"$debug" | head -1)
team=$(sed -nE 's/.*match: ([0-9]+) parallel workers launched of [0-9]+ planned to rescore.*/\1/p' <<<"$debug" | head -1)
overcharged=$(sed -nE 's/.*parallel workers ended.*, ([0-9]+) bytes charged of the ([0-9]+) reserved.*/\1 \2/p' <<<"$debug" |
	awk '$1 > $2' | wc -l)
rescored=$(sed -nE 's/.*match: .* ([0-9]+) rescored .*/\1/p' <<<"$debug" | head -1)
if [ -n "${alone[match_parallel]}" ] && [ "${alone[match_parallel]}" = "$serial" ] &&
	[ "${launched:-0}" -ge 1 ] && [ "${team:-0}" -ge 1 ] && [ "$overcharged" -eq 0 ] &&
	[ "${rescored:-0}" -gt 0 ]; then
	pass "match with $launched parallel workers, then $team rescoring (pairs rescored:" \
		"$rescored), equals match without; none charged more than reserved"
else
	fail "match with parallel scoring: '${alone[match_parallel]}' (${launched:-no} workers," \
		"a team of ${team:-none}, $overcharged over their reservation, ${rescored:-no}" \
		"rescored), without: '$serial'"
	grep -i 'debug' <<<"$debug" | head -8
fi
# the longest stretch without workers, in ms, once they first ran and
# while the call ran; and how many samples saw workers, of how many
read -r idle seen samples <<<"$(q -c "
WITH s AS (
	SELECT ts, workers FROM worker_samples
	WHERE active AND ts >= (SELECT min(ts) FROM worker_samples WHERE workers > 0)),
g AS (SELECT ts, workers, count(*) FILTER (WHERE workers > 0) OVER (ORDER BY ts) AS grp FROM s)
SELECT coalesce((SELECT round(max(span)) FROM (
		SELECT extract(epoch FROM max(ts) - min(ts)) * 1000 AS span
		FROM g WHERE workers = 0 GROUP BY grp) x), 0),
	   (SELECT count(*) FROM s WHERE workers > 0), (SELECT count(*) FROM s)" | tr '|' ' ')"
if [ "${seen:-0}" -ge 1 ] && [ "${idle:-0}" -ge 250 ]; then
	pass "match holds no parallel worker while it solves: none for $idle ms at a stretch" \
		"once they ran (workers in $seen of $samples samples)"
else
	fail "match's parallel workers: the longest stretch without them ${idle:-?} ms" \
		"(workers in ${seen:-?} of ${samples:-?} samples)"
	cat "$sampler"
fi
rm -f "$sampler"

psql -qX -d postgres -c "DROP DATABASE $DB"
echo "faults: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
