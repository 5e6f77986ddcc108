#!/bin/sh
# Build and run the standalone checks of the plain-C solver cores
# (src/lap.c, src/flow.c, src/stable.c) with plain gcc, PGXS-like flags.
# Prints "core checks: N passed, M failed" last; non-zero exit on failure.
# Usage: test/core_check.sh [SEED]
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=${TMPDIR:-/tmp}/mentormatch_core_check.$$
CC=${CC:-gcc}
trap 'rm -f "$out"' EXIT
$CC -std=gnu99 -O2 -g -fno-strict-aliasing -fwrapv -fexcess-precision=standard \
	-Wall -Wextra -Werror -Wmissing-prototypes -Wdeclaration-after-statement \
	-o "$out" "$here/core_check.c" "$here/core_host.c" \
	"$root/src/lap.c" "$root/src/flow.c" "$root/src/stable.c" -lm
"$out" "$@"
