# test/lib.sh — shared by test/run, demo/run and bench/run.
#
# mm_require PKG...      install missing Debian packages (as root), or print
#                        the apt-get line and stop (as anyone else)
# mm_build               build and install into .stage/ (no system files)
# mm_cluster CMD...      run CMD against a throwaway PostgreSQL cluster that
#                        loads mentormatch from .stage/

MM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MM_PGVERSION=${MM_PGVERSION:-15}
MM_STAGE="$MM_ROOT/.stage"
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

mm_build() {
	local pgc
	pgc=$(mm_pg_config)
	mm_say "building mentormatch (PostgreSQL $MM_PGVERSION)"
	make -C "$MM_ROOT" -s PG_CONFIG="$pgc" with_llvm=no >/dev/null
	rm -rf "$MM_STAGE"
	make -C "$MM_ROOT" -s PG_CONFIG="$pgc" with_llvm=no install \
		DESTDIR="$MM_STAGE" >/dev/null
}

# A throwaway cluster (-t: private directory, so several can run at once)
# that finds the extension in .stage/ through Debian's extension_destdir.
mm_cluster() {
	PG_CONFIG=$(mm_pg_config) pg_virtualenv -t -v "$MM_PGVERSION" \
		-o "extension_destdir=$MM_STAGE" \
		-o "logging_collector=off" -o "log_min_messages=fatal" \
		-o "max_worker_processes=8" -o "max_parallel_workers=4" \
		"$@"
}
