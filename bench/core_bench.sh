#!/bin/sh
# Build the core bench with the flags PGXS uses and compare with scipy.
# Usage: bench/core_bench.sh [core_vs_scipy.py options]
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=${TMPDIR:-/tmp}/mentormatch_core_bench.$$
CC=${CC:-gcc}
$CC -std=gnu99 -O2 -fno-strict-aliasing -fwrapv -fexcess-precision=standard \
	-Wall -Wextra -Wmissing-prototypes -Wdeclaration-after-statement \
	-I "$root/src/core" -o "$out" "$here/core_bench.c" "$root/test/core/host.c" \
	"$root"/src/core/*.c -lm
trap 'rm -f "$out"' EXIT
/usr/bin/python3 "$here/core_vs_scipy.py" --core "$out" "$@"
