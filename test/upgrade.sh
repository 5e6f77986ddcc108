#!/usr/bin/env bash
# Every way to reach the current version gives the same extension: a
# fresh CREATE EXTENSION, CREATE EXTENSION ... VERSION '0.1.0' then ALTER
# EXTENSION ... UPDATE (through each release), and the same from the
# previous release.  Run by test/run inside the throwaway cluster (PGHOST,
# PGPORT, PGUSER set).
#
#   1. the catalogue snapshots of the three databases are identical
#      (test/fixtures/catalogue_snapshot.sql);
#   2. values stored under 0.1.0 read back the same after the update
#      (test/fixtures/stored_before.sql, stored_after.sql);
#   3. a view that calls a function the update creates again (risk) stops
#      the update, which then changes nothing; without the view it goes
#      through, and a PL/pgSQL function calling risk() still works;
#   4. a database owner who is no superuser installs the extension
#      (trusted = true) and uses it;
#   5. the new library serves a database still at 0.1.0 or 0.2.0 (before its
#      ALTER EXTENSION UPDATE), whose functions lack the new arguments;
#   6. it leaves database mm_updated_template, updated from 0.1.0, for the
#      pg_regress suite to run on as well.
#
# Prints "upgrade: N passed, M failed" last; exit status 1 if any failed.
set -euo pipefail
cd "$(dirname "$0")/.."

first=0.1.0
previous=0.2.0
passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'ok %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
sql() { psql -qAtX -v ON_ERROR_STOP=1 -v VERBOSITY=terse "$@"; }

for db in mm_fresh mm_updated mm_updated_once mm_updated_template; do
	sql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db"
done
sql -d postgres -c 'CREATE DATABASE mm_fresh' -c 'CREATE DATABASE mm_updated'
sql -d mm_fresh -c 'CREATE EXTENSION mentormatch'
sql -d mm_updated -c "CREATE EXTENSION mentormatch VERSION '$first'" \
	-f test/fixtures/stored_before.sql
sql -d mm_updated -c 'ALTER EXTENSION mentormatch UPDATE'
sql -d postgres -c 'CREATE DATABASE mm_updated_once'
sql -d mm_updated_once -c "CREATE EXTENSION mentormatch VERSION '$previous'" \
	-c 'ALTER EXTENSION mentormatch UPDATE'

version() { sql -d "$1" -c "SELECT extversion FROM pg_extension WHERE extname = 'mentormatch'"; }
versions=$(version mm_fresh)/$(version mm_updated)/$(version mm_updated_once)
default=$(sed -nE "s/^default_version = '(.*)'/\1/p" mentormatch.control)
if [ "$versions" = "$default/$default/$default" ]; then
	pass "fresh install, $first updated and $previous updated are all at $default"
else
	fail "versions after install and updates: $versions, want $default/$default/$default"
fi

out=$(mktemp -d)
sql -d mm_fresh -f test/fixtures/catalogue_snapshot.sql >"$out/fresh"
sql -d mm_updated -f test/fixtures/catalogue_snapshot.sql >"$out/updated"
sql -d mm_updated_once -f test/fixtures/catalogue_snapshot.sql >"$out/updated_once"
objects=$(grep -c '^object ' "$out/fresh" || true)
for from in updated:$first updated_once:$previous; do
	if diff -u "$out/fresh" "$out/${from%%:*}" >"$out/diff"; then
		pass "the same $objects objects, definitions and comments after a fresh install and after updating from ${from#*:}"
	else
		fail "a fresh install and the update from ${from#*:} differ (- fresh, + updated):"
		cat "$out/diff"
	fi
done
rm -rf "$out"

if stored=$(sql -d mm_updated -f test/fixtures/stored_after.sql 2>&1); then
	while IFS= read -r line; do
		case "$line" in
			ok\ *) pass "${line#ok }" ;;
			*) fail "${line#FAIL }" ;;
		esac
	done <<<"$stored"
else
	fail "reading the stored values back: $stored"
fi

# a view on a function that 0.2.0 creates again blocks the update (docs/reference.md,
# Upgrading), and leaves the extension as it was
sql -d postgres -c 'CREATE DATABASE mm_view'
sql -d mm_view -c "CREATE EXTENSION mentormatch VERSION '$first'" \
	-c 'CREATE VIEW pair_level AS SELECT (mentormatch.risk(mentormatch.profile(grade => 5), mentormatch.profile(grade => 3))).level' \
	-c 'CREATE FUNCTION pair_level_fn() RETURNS text LANGUAGE plpgsql AS $$BEGIN RETURN (mentormatch.risk(mentormatch.profile(grade => 5), mentormatch.profile(grade => 3))).level; END$$'
blocked=$(psql -qAtX -d mm_view -c 'ALTER EXTENSION mentormatch UPDATE' 2>&1 || true)
still=$(sql -d mm_view -c "SELECT extversion FROM pg_extension WHERE extname = 'mentormatch'")
if [[ $blocked == *"pair_level depends on function risk"* ]] && [ "$still" = "$first" ]; then
	pass "a view calling risk() stops the update, which names it and leaves $first in place"
else
	fail "a view calling risk() during the update: '$blocked', version $still"
fi
after=$(sql -d mm_view -c 'DROP VIEW pair_level' -c 'ALTER EXTENSION mentormatch UPDATE' \
	-c "SELECT extversion FROM pg_extension WHERE extname = 'mentormatch'" -c 'SELECT pair_level_fn()' | tr '\n' ' ')
if [ "$after" = "$default low " ]; then
	pass "without the view the update goes through and a PL/pgSQL caller of risk() still works"
else
	fail "after dropping the view: '$after'"
fi
sql -d postgres -c 'DROP DATABASE mm_view'

# the library of this release under the SQL objects of each release: the
# old signatures, without the arguments added since, still work
for release in $first $previous; do
	sql -d postgres -c 'CREATE DATABASE mm_old'
	old=$(sql -d mm_old -c "CREATE EXTENSION mentormatch VERSION '$release'" \
		-c "SELECT count(*) FROM mentormatch.assign('SELECT 1 AS mentee_id, 2 AS mentor_id, 0.5::float8 AS score')" \
		-c "SELECT string_agg(mentee_id || '-' || coalesce(mentor_id::text, reason), ',' ORDER BY mentee_id) FROM mentormatch.match('SELECT 1 AS id, mentormatch.profile(grade => 2) AS profile UNION ALL SELECT 3, mentormatch.profile(id => 3)', 'SELECT 2 AS id, mentormatch.profile(grade => 5) AS profile')" \
		-c "SELECT count(*) FROM mentormatch.recommend('SELECT 1 AS id, mentormatch.profile(grade => 2) AS profile', 'SELECT 2 AS id, mentormatch.profile(grade => 5) AS profile')" \
		-c "SELECT round(mentormatch.score(mentormatch.profile(grade => 5), mentormatch.profile(grade => 3))::numeric, 3), (mentormatch.risk(mentormatch.profile(grade => 5), mentormatch.profile(grade => 3))).level, mentormatch.explain(mentormatch.profile(grade => 5), mentormatch.profile(grade => 3)) ? 'score'" \
		2>&1 | tr '\n' ' ' || true)
	if [ "$old" = "1 1-2,3-no_candidate 1 0.575|low|t " ]; then
		pass "the new library serves a database still at $release: assign, match, recommend, score, risk, explain"
	else
		fail "the new library under $release objects: '$old'"
	fi
	sql -d postgres -c 'DROP DATABASE mm_old'
done

# trusted: the owner of a database installs it without being a superuser
sql -d postgres -c 'SET client_min_messages = warning' -c 'DROP ROLE IF EXISTS mm_owner' -c 'CREATE ROLE mm_owner LOGIN' \
	-c 'CREATE DATABASE mm_owned OWNER mm_owner'
owned=$(psql -qAtX -d mm_owned -c 'SET ROLE mm_owner' -c 'CREATE EXTENSION mentormatch' \
	-c "SELECT extversion, r.rolname, r.rolsuper FROM pg_extension e JOIN pg_roles r ON r.oid = e.extowner WHERE extname = 'mentormatch'" \
	-c "SELECT count(*) FROM mentormatch.match('SELECT 1 AS id, mentormatch.profile(grade => 2) AS profile', 'SELECT 2 AS id, mentormatch.profile(grade => 5) AS profile') WHERE mentor_id = 2" \
	-c 'SET mentormatch.max_solver_memory = 2048' 2>&1 | tr '\n' ' ' || true)
if [[ $owned == "$default|mm_owner|f 1 "*"permission denied to set parameter"* ]]; then
	pass "a database owner who is no superuser installs and uses it; the memory limit stays a superuser's"
else
	fail "installing as a database owner: '$owned'"
fi
sql -d postgres -c 'DROP DATABASE mm_owned' -c 'DROP ROLE mm_owner'

# the updated database, without the stored values, as the template of the
# suite's second run, with the settings pg_regress gives its own databases
sql -d mm_updated -c 'DROP TABLE stored, stored_forms'
sql -d postgres -c 'CREATE DATABASE mm_updated_template TEMPLATE mm_updated'
for setting in "lc_messages TO 'C'" "lc_monetary TO 'C'" "lc_numeric TO 'C'" \
	"lc_time TO 'C'" "bytea_output TO 'hex'" "timezone_abbreviations TO 'Default'"; do
	sql -d postgres -c "ALTER DATABASE mm_updated_template SET $setting"
done
sql -d postgres -c 'DROP DATABASE mm_fresh' -c 'DROP DATABASE mm_updated' \
	-c 'DROP DATABASE mm_updated_once'

echo "upgrade: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
