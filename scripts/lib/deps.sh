# shellcheck shell=bash
# Installs what cowfuzz needs on Debian 12 when it is missing (as root).
# Sourced by scripts/test; safe to call repeatedly: it does nothing when
# every tool is already there.

cowfuzz_missing_packages() {
	local missing=()
	command -v clang >/dev/null || missing+=(clang)
	command -v cmake >/dev/null || missing+=(cmake)
	command -v make >/dev/null || missing+=(make)
	command -v llvm-ar-14 >/dev/null || missing+=(llvm-14)
	ls /usr/lib/llvm-14/lib/clang/14*/lib/linux/libclang_rt.fuzzer-x86_64.a \
		>/dev/null 2>&1 || missing+=(libclang-rt-14-dev)
	command -v afl-fuzz >/dev/null || missing+=(afl++)
	command -v mkfs.xfs >/dev/null || missing+=(xfsprogs)
	command -v xfs_io >/dev/null || missing+=(xfsprogs)
	command -v strace >/dev/null || missing+=(strace)
	command -v zip >/dev/null || missing+=(zip)
	command -v python3 >/dev/null || missing+=(python3)
	# a second real kernel for cowfuzz reproduce --kernel uml (6.1, with
	# device-mapper modules it loads with insmod)
	command -v linux.uml >/dev/null || missing+=(user-mode-linux)
	command -v insmod >/dev/null || [ -x /sbin/insmod ] || missing+=(kmod)
	command -v dmsetup >/dev/null || [ -x /sbin/dmsetup ] || missing+=(dmsetup)
	command -v cc >/dev/null || missing+=(gcc)
	printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' '
}

cowfuzz_install_deps() {
	local pkgs
	pkgs=$(cowfuzz_missing_packages)
	[ -n "${pkgs// /}" ] || return 0
	if [ "$(id -u)" != 0 ]; then
		echo "cowfuzz: missing packages ($pkgs) and not root: install them with apt-get" >&2
		return 1
	fi
	echo "cowfuzz: installing $pkgs"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq $pkgs >/dev/null
}

# cowfuzz_build DIR [cmake options...]: configure (once) and build with clang.
cowfuzz_build() {
	local dir=$1
	shift
	if [ ! -f "$dir/CMakeCache.txt" ]; then
		cmake -S "$COWFUZZ_ROOT" -B "$dir" -DCMAKE_C_COMPILER=clang \
			-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
	fi
	cmake --build "$dir" -j "$(nproc)" >/dev/null
}
