#!/usr/bin/env bash
# make fuzz: mutated literals, jsonb objects and constructor arrays, and
# corrupt binary COPY files, for skillset and workstyle, through a real
# server (test/fuzz/fuzz.sql); counts every outcome by SQLSTATE, crashes
# and values that do not read back identically.
#
#   test/fuzz/run.sh            the full run, on a throwaway cluster:
#                               FUZZ_LITERALS (1000000) text literals per
#                               type, a quarter as many jsonb objects and
#                               constructor arrays, FUZZ_BINARY (5000)
#                               binary COPY files
#   test/fuzz/run.sh --short    a few seconds' worth (make test)
#   test/fuzz/run.sh --in-cluster [--short]   inside a cluster already
#
# Passes when every chunk ran, no backend crashed, every accepted value read back
# identically in text and binary, and every rejection is a data exception
# (22xxx) or a size cap (54000).  Prints "fuzz: N passed, M failed" last.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$MM_ROOT"

short=0
inside=0
for arg in "$@"; do
	case "$arg" in
		--short) short=1 ;;
		--in-cluster) inside=1 ;;
	esac
done

if [ $inside -eq 0 ]; then
	mm_require "${MM_BASE_PACKAGES[@]}"
	mm_build
	mm_cluster bash test/fuzz/run.sh --in-cluster "$@"
	exit $?
fi

if [ $short -eq 1 ]; then
	literals=${FUZZ_LITERALS:-8000}
	binary=${FUZZ_BINARY:-200}
else
	literals=${FUZZ_LITERALS:-1000000}
	binary=${FUZZ_BINARY:-5000}
fi
chunk=$(( literals < 50000 ? literals : 50000 ))
DB=mentormatch_fuzz
psql -qX -d postgres -c "SET client_min_messages = warning" \
	-c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
psql -qX -v ON_ERROR_STOP=1 -d $DB -c 'CREATE EXTENSION mentormatch' \
	-f test/fuzz/fuzz.sql >/dev/null

crashes=0
errors=0				# a chunk that failed without a crash: the fuzzer's own bug
started=$(psql -qAtX -d $DB -c 'SELECT pg_postmaster_start_time()')
# runs one chunk; a lost connection is a crash (the server then restarts)
chunk_run() {
	if ! psql -qX -v ON_ERROR_STOP=1 -d $DB -c "$1" >/dev/null 2>"$tmp/err"; then
		if grep -qE 'server closed the connection|connection to server was lost|terminated abnormally' "$tmp/err"; then
			crashes=$((crashes + 1))
			echo "CRASH in: $1" >&2
			for _ in $(seq 1 60); do
				psql -qAtX -d $DB -c 'SELECT 1' >/dev/null 2>&1 && break
				sleep 1
			done
		else
			cat "$tmp/err" >&2
			errors=$((errors + 1))
		fi
	fi
}
tmp=$(mktemp -d)
t0=$(date +%s)
seed=0
for typ in skillset workstyle; do
	for ((done_ = 0; done_ < literals; done_ += chunk)); do
		seed=$((seed + 1))
		chunk_run "SELECT fuzz.text_input('$typ', $chunk, 1.0 / ($seed + 1))"
	done
	chunk_run "SELECT fuzz.binary_round_trip('$typ')"
	for ((done_ = 0; done_ < literals / 4; done_ += chunk)); do
		seed=$((seed + 1))
		n=$(( chunk < literals / 4 ? chunk : literals / 4 ))
		chunk_run "SELECT fuzz.jsonb_input('$typ', $n, 1.0 / ($seed + 1))"
		chunk_run "SELECT fuzz.array_input('$typ', $n, 1.0 / ($seed + 1))"
	done
	seed=$((seed + 1))
	chunk_run "SELECT fuzz.binary_input('$typ', $binary, 1.0 / ($seed + 1))"
done
t1=$(date +%s)
restarted=$(psql -qAtX -d $DB -c 'SELECT pg_postmaster_start_time()')
[ "$restarted" = "$started" ] || [ $crashes -gt 0 ] || crashes=1

psql -qX -d $DB -P footer=off -c "
SELECT typ AS type, path, sum(n) AS tried,
	   sum(n) FILTER (WHERE outcome = 'accepted') AS accepted,
	   sum(n) FILTER (WHERE outcome ~ '^(22...|54000)$') AS rejected,
	   coalesce(string_agg(outcome || ' ' || n, ', ' ORDER BY n DESC)
				FILTER (WHERE outcome ~ '^(22...|54000)$'), '') AS by_sqlstate,
	   coalesce(sum(n) FILTER (WHERE outcome !~ '^(accepted|22...|54000)$'), 0) AS unexpected
FROM fuzz.outcome GROUP BY typ, path ORDER BY typ, path"
psql -qX -d $DB -P footer=off -c "SELECT * FROM fuzz.example ORDER BY 1, 2, 3" | grep -v '^(0 rows)' || true
total=$(psql -qAtX -d $DB -c "SELECT coalesce(sum(n), 0) FROM fuzz.outcome WHERE path <> 'binary round trip'")
unexpected=$(psql -qAtX -d $DB -c "SELECT count(*) FROM fuzz.outcome WHERE outcome !~ '^(accepted|22...|54000)$' AND n > 0")
echo "$total inputs in $((t1 - t0)) s; crashes: $crashes"
passed=0
failed=0
if [ $errors -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
if [ $crashes -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
if [ "$unexpected" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
psql -qX -d postgres -c "DROP DATABASE $DB" >/dev/null 2>&1 || true
rm -rf "$tmp"
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
