#!/bin/sh
# Build and run the standalone checks of the plain-C solver cores: every
# file in test/core/ against every file in src/core/, with plain gcc and
# PGXS-like flags.  Extra compiler flags (sanitizers, say) come from
# CORE_CFLAGS.
# Prints "core checks: N passed, M failed" last; non-zero exit on failure.
# Usage: test/core/run.sh [SEED]
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${TMPDIR:-/tmp}/mentormatch_core_check.$$
CC=${CC:-gcc}
trap 'rm -f "$out"' EXIT
# shellcheck disable=SC2086
$CC -std=gnu11 -O2 -g -fno-strict-aliasing -fwrapv -fexcess-precision=standard \
	-Wall -Wextra -Werror -Wmissing-prototypes -Wdeclaration-after-statement \
	${CORE_CFLAGS:-} -I "$root/src/core" -o "$out" "$here"/*.c \
	"$root"/src/core/*.c -lm -pthread
"$out" "$@"
