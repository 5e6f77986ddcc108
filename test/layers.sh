#!/usr/bin/env bash
# The house rules that a reader should be able to trust, checked on the
# built objects and the sources (run by make test after the build):
#
#   1. src/ is in folders by layer, and each folder calls only folders of a
#      lower rank (a module "calls" another when it uses a symbol the other
#      defines); folders of one rank call none of each other:
#         0 base   1 core   2 types   3 scoring   4 learning   5 matching
#         6 monitoring, fairness, groups   7 src/ itself (the module entry)
#      every C file is in one of these folders (or is src/mentormatch.c);
#   2. no module calls back into a module that calls it: the graph over
#      src/**/*.o has no cycle, within a folder too;
#   3. src/core/ includes no PostgreSQL header: only the C library's and
#      its own;
#   4. no C file in src/ is over 1,000 lines;
#   5. META.json (PGXN) is valid JSON with the meta-spec's required keys,
#      and its versions are the control file's default_version.
#
# Prints one line per broken rule and "layers: N passed, M failed" last;
# exit status 1 if any failed.  docs/architecture.md explains the layers.
set -euo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL: %s\n' "$*"; }

# the rank of each folder of src/ (rule 1); "." is src/ itself
rank_of() {
	case $1 in
	src/base) echo 0 ;;
	src/core) echo 1 ;;
	src/types) echo 2 ;;
	src/scoring) echo 3 ;;
	src/learning) echo 4 ;;
	src/matching) echo 5 ;;
	src/monitoring | src/fairness | src/groups) echo 6 ;;
	src) echo 7 ;;
	*) echo none ;;
	esac
}

strays=$(find src -name '*.[ch]' | while read -r f; do
	[ "$(rank_of "$(dirname "$f")")" = none ] && echo "$f"
	[ "$(dirname "$f")" = src ] && [ "$f" != src/mentormatch.c ] && echo "$f"
done || true)
if [ -n "$strays" ]; then
	fail "C files outside the layers' folders:"$'\n'"$strays"
else
	pass
fi

objs=$(find src -name '*.o' | sort)
if [ -z "$objs" ]; then
	fail "no objects under src/: build first"
else
	# "user definer" for every symbol a module uses that another defines
	edges=$(for o in $objs; do
		nm --defined-only -g "$o" | awk -v o="$o" 'NF == 3 { print "D", $3, o }'
		nm --undefined-only -g "$o" | awk -v o="$o" 'NF >= 2 { print "U", $NF, o }'
	done | awk '
		$1 == "D" { def[$2] = $3; next }
		{ use[$2] = use[$2] " " $3 }
		END {
			for (s in use) {
				if (!(s in def)) continue
				n = split(use[s], us, " ")
				for (i = 1; i <= n; i++)
					if (us[i] != def[s]) print us[i], def[s]
			}
		}' | sort -u)
	# depth-first search for a cycle; prints one if found
	cycle=$(printf '%s\n' "$edges" | awk '
		NF == 2 { adj[$1] = adj[$1] " " $2; node[$1]; node[$2] }
		function visit(v,    n, i, ws) {
			state[v] = 1; stack[++depth] = v
			n = split(adj[v], ws, " ")
			for (i = 1; i <= n; i++) {
				if (state[ws[i]] == 1) { report(ws[i]); return 1 }
				if (state[ws[i]] == 0 && visit(ws[i])) return 1
			}
			state[v] = 2; depth--
			return 0
		}
		function report(w,    k, out) {
			for (k = 1; k <= depth && stack[k] != w; k++) ;
			out = w
			for (k = k + 1; k <= depth; k++) out = out " -> " stack[k]
			print out " -> " w
		}
		END { for (v in node) if (state[v] == 0 && visit(v)) exit }')
	# a call to a folder of the same or a higher rank (rule 1)
	upward=$(printf '%s\n' "$edges" | while read -r user definer; do
		[ -n "$user" ] || continue
		from=$(dirname "$user")
		to=$(dirname "$definer")
		[ "$from" = "$to" ] && continue
		ru=$(rank_of "$from")
		rd=$(rank_of "$to")
		if [ "$ru" = none ] || [ "$rd" = none ] || [ "$rd" -ge "$ru" ]; then
			echo "  $user (${from#src/}) calls $definer (${to#src/})"
		fi
	done)
	if [ -n "$upward" ]; then
		fail "a folder calls one that is not below it:"$'\n'"$upward"
	else
		pass
	fi
	if [ -n "$cycle" ]; then
		fail "modules call each other in a circle: $cycle"
	else
		pass
	fi
fi

# a quoted include must name a file of src/core itself
bad_includes=$(grep -Hn '^#include' src/core/*.c src/core/*.h |
	grep -vE '#include <(float|math|stddef|stdint|stdbool|string|stdlib|limits|stdatomic)\.h>' |
	while IFS= read -r line; do
		name=$(sed -nE 's/.*#include "([^"/]+)".*/\1/p' <<<"$line")
		[ -n "$name" ] && [ -f "src/core/$name" ] || printf '%s\n' "$line"
	done || true)
if [ -n "$bad_includes" ]; then
	fail "src/core/ includes more than the C library and itself:"$'\n'"$bad_includes"
else
	pass
fi

long=$(find src -name '*.c' -exec wc -l {} + | awk '$2 != "total" && $1 > 1000 { print $2 " (" $1 " lines)" }')
if [ -n "$long" ]; then
	fail "C files over 1,000 lines: $long"
else
	pass
fi

# PGXN metadata in step with the control file
default=$(sed -nE "s/^default_version = '(.*)'/\1/p" mentormatch.control)
meta=$(perl -MJSON::PP -e '
	local $/; open my $f, "<", "META.json" or die "no META.json\n";
	my $m = eval { decode_json(<$f>) } or die "META.json is not valid JSON: $@";
	my @missing = grep { !exists $m->{$_} } qw(name abstract version maintainer license provides meta-spec);
	die "META.json lacks @missing\n" if @missing;
	die "META.json meta-spec is not 1.0.0\n" unless $m->{"meta-spec"}{version} eq "1.0.0";
	my $p = $m->{provides}{mentormatch} or die "META.json provides no mentormatch\n";
	die "META.json provides mentormatch without file or version\n" unless $p->{file} && $p->{version};
	die "META.json names $p->{file}, which is not there\n" unless -f $p->{file};
	print "$m->{version} $p->{version}";' 2>&1) || true
if [ "$meta" = "$default $default" ]; then
	pass
else
	fail "META.json: $meta (want version $default, as mentormatch.control)"
fi

echo "layers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
