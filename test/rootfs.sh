#!/usr/bin/env bash
# make test PG=17, make test PG=18 (and make demo PG=...): the same command
# on another PostgreSQL, inside a Debian root filesystem that has it.
#
#   test/rootfs.sh VERSION test|demo   make test / make demo on VERSION
#   test/rootfs.sh VERSION shell       a shell where make test would run
#   test/rootfs.sh VERSION rootfs      only build (or check) the root filesystem
#
#   VERSION   Debian release        where
#   15        12 bookworm           this machine (Debian 12): runs natively
#   17        13 trixie             root filesystem
#   18        next release, forky   root filesystem
#
# PostgreSQL 16 is in no Debian release: it builds from the same source
# (the version guards are in src/base/pg_compat.h) but is not tested here.
#
# The root filesystem is built once, by debootstrap from Debian's packages
# on this machine's apt mirror, in $MM_ROOTFS_CACHE/rootfs-RELEASE
# (default /var/cache/mentormatch), with everything make test needs
# installed (PACKAGES below: make test inside cannot reach the network).
# It is reused until the recipe changes: a stamp holds a hash of the
# package list and of rootfs_build; MM_ROOTFS_REBUILD=1 forces a fresh one
# (to pick up newer packages, say).
#
# Each run copies the working tree (files git tracks or would track; no
# build products) into a fresh directory of the root filesystem, so that
# objects built for one PostgreSQL never meet the checkout's, and runs
# `make COMMAND PG=VERSION` there, chrooted, in its own mount, PID and
# network namespaces: /proc, a small /dev, a 512 MB /dev/shm (parallel
# query's shared memory), private /tmp and /run, and only a loopback
# interface (the throwaway cluster listens on localhost).  Everything it
# mounts goes with the namespace; every process with the PID namespace;
# the copy is removed at the end.  Several runs may share one root
# filesystem at once.
#
# The output and exit status are those of make COMMAND inside: for test,
# the suite's "mentormatch tests: N passed, M failed (...)" line is last.
# Needs root (debootstrap, chroot, namespaces); installs debootstrap if it
# is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# PostgreSQL major -> Debian release that ships it
declare -A RELEASE=([15]=bookworm [17]=trixie [18]=forky)
# releases whose Release file may be past its Valid-Until on the mirror
# (Debian's next release, between its updates)
RELAX_VALID_UNTIL=" forky "
CACHE=${MM_ROOTFS_CACHE:-/var/cache/mentormatch}
CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# What make test and make demo need inside (test/lib.sh's MM_BASE_PACKAGES
# and test/run's mm_require, plus their tools).  Adding one rebuilds.
packages() {
	local v=$1
	echo make gcc libc6-dev binutils perl locales \
		postgresql-common "postgresql-$v" "postgresql-server-dev-$v" \
		"postgresql-$v-pgtap" libtap-parser-sourcehandler-pgtap-perl
}

# The mirror this machine's apt uses for Debian itself.
mirror() {
	local m=""
	if [ -n "${MM_MIRROR:-}" ]; then
		echo "$MM_MIRROR"
		return
	fi
	m=$(sed -nE 's/^URIs:[[:space:]]*(.*)/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
		tr ' ' '\n' | grep -E '^https?://.*/debian/?$' | head -1 || true)
	[ -n "$m" ] || m=$(sed -nE 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' \
		/etc/apt/sources.list 2>/dev/null | grep -E '^https?://.*/debian/?$' | head -1 || true)
	echo "${m:-http://deb.debian.org/debian}"
}

# rootfs_build DIR RELEASE MIRROR PACKAGE...: debootstrap and install, in a
# private mount namespace (what it mounts in DIR goes when it ends).
rootfs_build() {
	local dir=$1 release=$2 mirror=$3 script
	shift 3
	script=/usr/share/debootstrap/scripts/$release
	[ -e "$script" ] || script=/usr/share/debootstrap/scripts/sid
	debootstrap --variant=minbase --components=main "$release" "$dir" "$mirror" "$script"

	mount -t proc proc "$dir/proc"
	mount --rbind /dev "$dir/dev"
	cp -L /etc/resolv.conf "$dir/etc/resolv.conf"
	# no service starts, no cluster of its own (test/lib.sh makes one)
	printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
	chmod 755 "$dir/usr/sbin/policy-rc.d"
	mkdir -p "$dir/etc/postgresql-common/createcluster.d"
	echo "create_main_cluster = false" \
		>"$dir/etc/postgresql-common/createcluster.d/mentormatch.conf"
	{
		echo 'APT::Install-Recommends "false";'
		echo 'Acquire::Languages "none";'
		case $RELAX_VALID_UNTIL in
		*" $release "*) echo 'Acquire::Check-Valid-Until "false";' ;;
		esac
	} >"$dir/etc/apt/apt.conf.d/90mentormatch"
	printf '%s\n' 'path-exclude=/usr/share/doc/*' 'path-exclude=/usr/share/man/*' \
		'path-exclude=/usr/share/info/*' >"$dir/etc/dpkg/dpkg.cfg.d/90mentormatch"
	echo "en_US.UTF-8 UTF-8" >"$dir/etc/locale.gen"

	local in=(chroot "$dir" /usr/bin/env -i PATH="$CHROOT_PATH" HOME=/root LANG=C.UTF-8
		DEBIAN_FRONTEND=noninteractive)
	"${in[@]}" apt-get update -q
	"${in[@]}" apt-get install -y -q "$@"
	"${in[@]}" apt-get clean
	rm -rf "$dir"/var/lib/apt/lists/*_Packages "$dir"/var/lib/apt/lists/*_Translation-*
}

# rootfs_run ROOTFS BUILD VERSION COMMAND: in fresh mount, PID and network
# namespaces (unshare), chroot into ROOTFS and run `make COMMAND` in BUILD.
rootfs_run() {
	local r=$1 build=$2 v=$3 command=$4 n
	# the root a mount point, so that unshare --mount works inside
	# (test/small_shm.sh)
	mount --bind "$r" "$r"
	mount -t proc -o nosuid,nodev,noexec proc "$r/proc"
	mount -t tmpfs -o mode=0755,nosuid,size=1m dev "$r/dev"
	for n in null zero full random urandom tty; do
		: >"$r/dev/$n"
		mount --bind "/dev/$n" "$r/dev/$n"
	done
	ln -s /proc/self/fd "$r/dev/fd"
	ln -s /proc/self/fd/0 "$r/dev/stdin"
	ln -s /proc/self/fd/1 "$r/dev/stdout"
	ln -s /proc/self/fd/2 "$r/dev/stderr"
	mkdir "$r/dev/shm" "$r/dev/pts"
	mount -t tmpfs -o mode=1777,nosuid,nodev,size=512m shm "$r/dev/shm"
	mount -t tmpfs -o mode=1777,nosuid,nodev tmp "$r/tmp"
	mount -t tmpfs -o mode=0755,nosuid,nodev,size=16m run "$r/run"
	chroot "$r" install -d -o postgres -g postgres -m 2775 /run/postgresql
	ip link set lo up

	# a clean environment: make's command-line variables (PG_CFLAGS from
	# .ci/run, say), without its flags and jobserver; MM_* settings
	local env=(PATH="$CHROOT_PATH" HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}"
		MM_PGVERSION="$v") var
	case ${MAKEFLAGS:-} in
	*" -- "*) env+=("MAKEFLAGS= -- ${MAKEFLAGS#* -- }") ;;
	esac
	for var in $(compgen -e); do
		case $var in
		MM_ROOT | MM_STAGE | MM_RESULT | MM_PGVERSION) ;;
		MM_* | PG_CFLAGS | PG_CPPFLAGS | PG_LDFLAGS) env+=("$var=${!var}") ;;
		esac
	done
	# no exec: this shell is the namespace's init, which reaps orphans
	# (the cluster's postmaster among them) and whose end ends them all
	if [ "$command" = shell ]; then
		chroot "$r" /usr/bin/env -i "${env[@]}" PG="$v" bash -c "cd '$build' && exec bash"
	else
		chroot "$r" /usr/bin/env -i "${env[@]}" \
			make -C "$build" --no-print-directory "$command" PG="$v"
	fi
}

# make COMMAND PG=VERSION (a function, read whole before it runs: the
# checkout may change while it does)
main() {
	if [ $# -ne 2 ] || ! [[ $2 =~ ^(test|demo|shell|rootfs)$ ]]; then
		echo "usage: $0 VERSION test|demo|shell|rootfs  (VERSION: 15, 17 or 18)" >&2
		exit 2
	fi
	version=$1
	command=$2
	release=${RELEASE[$version]:-}
	if [ -z "$release" ]; then
		if [ "$version" = 16 ]; then
			echo "PostgreSQL 16 is in no Debian release: it builds from the same source" \
				"(src/base/pg_compat.h) but cannot be tested here." >&2
		fi
		echo "PG=$version: no Debian release to test it in; try 15, 17 or 18" >&2
		exit 2
	fi

	# This machine's own release: nothing to build, run it here.
	host_release=$( (. /etc/os-release && echo "${VERSION_CODENAME:-}") 2>/dev/null || true)
	if [ "$host_release" = "$release" ]; then
		export MM_PGVERSION=$version
		case $command in
		test | demo) exec bash "$MM_ROOT/$command/run" ;;
		shell) exec bash ;;
		rootfs) mm_say "PostgreSQL $version is this machine's ($release): no root filesystem"; exit 0 ;;
		esac
	fi

	if [ "$(id -u)" -ne 0 ]; then
		mm_say "make $command PG=$version builds and enters a root filesystem: it needs root"
		echo "    sudo make $command PG=$version" >&2
		exit 1
	fi
	mm_require debootstrap

	mkdir -p "$CACHE"
	rootfs=$CACHE/rootfs-$release
	read -ra pkgs <<<"$(packages "$version")"
	stamp=$( {
		echo "$release $RELAX_VALID_UNTIL"
		printf '%s\n' "${pkgs[@]}"
		declare -f rootfs_build
	} | sha256sum | cut -d' ' -f1)

	# An exclusive lock to build, a shared one while in use: a rebuild waits for
	# the runs inside to end; runs may share it.
	exec 9>"$rootfs.lock"
	flock -x 9
	if [ "${MM_ROOTFS_REBUILD:-}" = 1 ] ||
		[ "$(cat "$rootfs/.mentormatch-stamp" 2>/dev/null)" != "$stamp" ]; then
		mirror=$(mirror)
		mm_say "building the Debian $release root filesystem for PostgreSQL $version" \
			"($mirror, log in $rootfs.log; a few minutes, once)"
		started=$SECONDS
		rm -rf --one-file-system "$rootfs.new"
		if ! unshare --mount --pid --fork --kill-child \
			bash "$MM_ROOT/test/rootfs.sh" --build "$rootfs.new" "$release" "$mirror" "${pkgs[@]}" \
			>"$rootfs.log" 2>&1; then
			tail -25 "$rootfs.log" >&2
			mm_say "building the root filesystem failed (log: $rootfs.log)"
			exit 1
		fi
		echo "$stamp" >"$rootfs.new/.mentormatch-stamp"
		rm -rf --one-file-system "$rootfs"
		mv "$rootfs.new" "$rootfs"
		mm_say "root filesystem ready in $((SECONDS - started)) s:" \
			"$(du -sh --one-file-system "$rootfs" | cut -f1)"
	fi
	flock -s 9
	pgv=$(chroot "$rootfs" "/usr/lib/postgresql/$version/bin/pg_config" --version)
	mm_say "$pgv in Debian $release ($(cat "$rootfs/etc/debian_version")): $rootfs"
	[ "$command" = rootfs ] && exit 0

	# the working tree, without build products or anything git ignores
	mkdir -p "$rootfs/build"
	chmod 0755 "$rootfs/build"
	build=$(mktemp -d "$rootfs/build/mentormatch.XXXXXX")
	trap 'rm -rf --one-file-system "$build"' EXIT
	chmod 0755 "$build"
	(
		cd "$MM_ROOT"
		umask 022
		if git -c safe.directory="$MM_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
			git -c safe.directory="$MM_ROOT" ls-files -z -co --exclude-standard |
				while IFS= read -r -d '' f; do
					# tracked files deleted in the work tree are not copied
					if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
				done | tar --null -T - -cf -
		else
			tar --exclude-vcs --exclude=.stage --exclude='*.o' --exclude='*.so' \
				--exclude='*.bc' --exclude=results -cf - .
		fi | tar -xf - --no-same-owner --no-same-permissions -C "$build"
	)
	mm_say "make $command PG=$version in ${build#"$rootfs"} (own mount, PID and network namespaces)"
	unshare --mount --pid --net --fork --kill-child \
		bash "$MM_ROOT/test/rootfs.sh" --run "$rootfs" "${build#"$rootfs"}" "$version" "$command"
}

case ${1:-} in
--build) shift; rootfs_build "$@" ;;
--run) shift; rootfs_run "$@" ;;
*) main "$@" ;;
esac
exit
