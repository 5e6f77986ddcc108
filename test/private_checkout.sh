#!/usr/bin/env bash
# make test from a checkout only its owner can read, as a clone into
# `mktemp -d` is: a copy of this checkout (built already, so nothing is
# compiled again) in a 0700 directory is staged where the throwaway
# cluster's server (user postgres) can read it, and the extension loads
# there and answers.  Run by make test after the build, as root (as
# anyone else the server runs as the same user and reads the checkout).
#
# Prints "private checkout: N passed, M failed" last; exit status 1 if any
# failed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$MM_ROOT"

if [ "$(id -u)" -ne 0 ]; then
	echo "private checkout: not run (the server runs as this user)"
	echo "private checkout: 0 passed, 0 failed"
	exit 0
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 0700 "$dir"
cp -a "$MM_ROOT/." "$dir/mentormatch"
rm -rf "$dir/mentormatch/.stage"

passed=0
failed=0
out=$(cd "$dir/mentormatch" && bash -c '
	source test/lib.sh
	mm_build
	echo "stage $(mm_stage)"
	mm_cluster psql -qAtX -v ON_ERROR_STOP=1 -d postgres \
		-c "CREATE EXTENSION mentormatch" \
		-c "SELECT '"'"'score '"'"' || mentormatch.score(mentormatch.profile(id => 1, grade => 5),
				mentormatch.profile(id => 2, grade => 3))"
	rm -rf "$(mm_stage)"' 2>&1) || true
stage=$(sed -nE 's/^stage (.*)/\1/p' <<<"$out")
if grep -q '^score 0.575$' <<<"$out" && [[ $stage == /tmp/mentormatch-stage.* ]]; then
	passed=1
	echo "ok a checkout in a 0700 directory: staged in $stage, the extension loads and scores"
else
	failed=1
	echo "FAIL a checkout in a 0700 directory (stage '$stage'):"
	tail -5 <<<"$out"
fi
echo "private checkout: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
