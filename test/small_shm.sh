#!/usr/bin/env bash
# Parallel scoring where /dev/shm is small, as in a container (Docker gives
# 64 MB by default).  In a mount namespace of its own, whose /dev/shm is a
# 64 MB tmpfs, a throwaway cluster runs match() of 30000 mentees x 1000
# mentors: the rows' splits alone would need 93 MB of shared memory at
# once, so scoring must size its chunk to what is there.  Parallel workers
# must still run (match's DEBUG1 line says how many), and the answer must
# equal the backend's alone (max_parallel_workers_per_gather = 0).
#
#   test/small_shm.sh               run by make test (needs root: unshare)
#   test/small_shm.sh --in-cluster  inside the namespace's cluster
#
# Prints "small shm: N passed, M failed" last; exit status 1 if any failed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$MM_ROOT"
SHM_SIZE=64m

if [ "${1:-}" != "--in-cluster" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "small shm: not run (a private mount namespace needs root)"
		echo "small shm: 0 passed, 0 failed"
		exit 0
	fi
	mm_small_shm $SHM_SIZE "source test/lib.sh && mm_cluster bash test/small_shm.sh --in-cluster" \
		2> >(grep -v -e '^Dropping cluster' -e '^$' >&2)
	exit
fi

DB=mentormatch_small_shm
passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'ok %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
q() { psql -qAtX -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

psql -qX -d postgres -c "CREATE DATABASE $DB"
q -c 'CREATE EXTENSION mentormatch' -c "$(mm_people_sql 30000)"

shm_free=$(df -k /dev/shm | awk 'NR == 2 { print $4 }')
match="SELECT md5(string_agg(concat_ws(' ', mentee_id, mentor_id, score, reason), ',' ORDER BY mentee_id))
	FROM mentormatch.match('SELECT id, profile FROM people',
		'SELECT id + 100000 AS id, profile, 12 AS capacity FROM people WHERE id <= 1000')"
out=$(psql -qAtX -d "$DB" -c "SET client_min_messages = debug1" -c "$match" 2>&1 || true)
parallel=$(grep -vi '^debug' <<<"$out" | tail -1)
launched=$(sed -nE 's/.*match: ([0-9]+) parallel workers launched.*/\1/p' <<<"$out" | head -1)
shared=$(sed -nE 's/.*launched of [0-9]+ planned, ([0-9]+) bytes.*windows of ([0-9]+).*/\1 bytes, windows of \2 rows/p' <<<"$out" | head -1)
serial=$(q -c "SET max_parallel_workers_per_gather = 0" -c "$match")
if [ "${launched:-0}" -ge 1 ] && [ -n "$serial" ] && [ "$parallel" = "$serial" ]; then
	pass "match 30000 x 1000 with /dev/shm of $SHM_SIZE ($shm_free kB free): $launched workers, $shared; the answer of the backend alone"
else
	fail "match 30000 x 1000 with /dev/shm of $SHM_SIZE: ${launched:-no} workers; parallel '$parallel', serial '$serial'"
	tail -5 <<<"$out"
fi
psql -qX -d postgres -c "DROP DATABASE $DB"
echo "small shm: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
