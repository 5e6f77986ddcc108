# test/lib.sh — shared by test/run, demo/run and bench/run.
#
# mm_require PKG...      install missing Debian packages (as root), or print
#                        the apt-get line and stop (as anyone else)
# mm_build               build and install into .stage/ (no system files)
# mm_cluster CMD...      run CMD against a throwaway PostgreSQL cluster that
#                        loads mentormatch from .stage/
# mm_stage               where the extension is staged: .stage/, or, when
#                        the cluster's server cannot read the checkout, a
#                        directory under /tmp
# mm_small_shm SIZE CMD  run CMD (a shell command) in a mount namespace of
#                        its own whose /dev/shm is a tmpfs of SIZE, as in a
#                        container (needs root)
# mm_people_sql N        SQL making table people (id, profile) of N varied
#                        synthetic profiles, for tests of many pairs

MM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MM_PGVERSION=${MM_PGVERSION:-15}
MM_BASE_PACKAGES=(make gcc postgresql-common "postgresql-$MM_PGVERSION"
	"postgresql-server-dev-$MM_PGVERSION")

mm_say() { printf '== %s\n' "$*" >&2; }

# Is this Debian package installed?
mm_have_package() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

mm_require() {
	local missing=() p
	for p in "$@"; do
		mm_have_package "$p" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		mm_say "missing packages; run this, then try again:"
		printf '    sudo apt-get install -y %s\n' "${missing[*]}" >&2
		exit 1
	fi
	mm_say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

mm_pg_config() {
	echo "/usr/lib/postgresql/$MM_PGVERSION/bin/pg_config"
}

# The throwaway cluster's server runs as postgres when this runs as root,
# and must read the staged extension.  A checkout it cannot reach (a clone
# in a 0700 directory, as `mktemp -d` makes, or under /root) is staged in a
# directory of root's under /tmp instead, named after the checkout, so that
# every script finds the same one.
mm_stage() {
	if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1 &&
		! runuser -u postgres -- test -r "$MM_ROOT/mentormatch.control" 2>/dev/null; then
		echo "/tmp/mentormatch-stage.$(printf '%s' "$MM_ROOT" | sha256sum | cut -c1-16)"
	else
		echo "$MM_ROOT/.stage"
	fi
}

mm_build() {
	local pgc
	pgc=$(mm_pg_config)
	mm_say "building mentormatch (PostgreSQL $MM_PGVERSION)"
	make -C "$MM_ROOT" -s PG_CONFIG="$pgc" with_llvm=no >/dev/null
	MM_STAGE=$(mm_stage)
	rm -rf "$MM_STAGE"
	mkdir -m 0755 "$MM_STAGE"
	if [ "$MM_STAGE" != "$MM_ROOT/.stage" ]; then
		mm_say "the server (user postgres) cannot read $MM_ROOT: staging in $MM_STAGE"
	fi
	make -C "$MM_ROOT" -s PG_CONFIG="$pgc" with_llvm=no install \
		DESTDIR="$MM_STAGE" >/dev/null
}

# A throwaway cluster (-t: private directory, so several can run at once)
# that finds the extension in .stage/: through Debian's extension_destdir
# where the server has it (15 to 17), else (18) through
# extension_control_path and dynamic_library_path.
mm_cluster() {
	local pgc stage
	MM_STAGE=$(mm_stage)
	stage=(-o "extension_destdir=$MM_STAGE")
	pgc=$(mm_pg_config)
	if ! grep -q extension_destdir "$("$pgc" --sharedir)/postgresql.conf.sample"; then
		stage=(-o "extension_control_path=$MM_STAGE$("$pgc" --sharedir):\$system"
			-o "dynamic_library_path=$MM_STAGE$("$pgc" --pkglibdir):\$libdir")
	fi
	PG_CONFIG=$pgc pg_virtualenv -t -v "$MM_PGVERSION" "${stage[@]}" \
		-o "logging_collector=off" -o "log_min_messages=fatal" \
		-o "max_worker_processes=8" -o "max_parallel_workers=4" \
		"$@"
}

mm_small_shm() {
	local size=$1
	shift
	unshare --mount --propagation private bash -c \
		"mount -t tmpfs -o size=$size tmpfs /dev/shm && cd '$MM_ROOT' && $*"
}

mm_people_sql() {
	cat <<EOF
CREATE TABLE people AS
SELECT i AS id,
	   mentormatch.profile(
		   skills => mentormatch.skillset(ARRAY['s' || (i % 17), 't.' || (i % 13)], ARRAY[1 + i % 5, 1 + (i / 5) % 5]),
		   goals => mentormatch.skillset(ARRAY['s' || (i % 11), 't.' || (i % 7)], ARRAY[2 + i % 3, 1 + i % 4]),
		   grade => i % 8, hours_per_month => 1 + i % 5, utc_offset => 60 * (i % 4)) AS profile
FROM generate_series(1, $1) i;
EOF
}
