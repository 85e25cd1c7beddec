# shellcheck shell=bash
# fuzz-common.sh - shared by scripts/fuzz, scripts/ci-fuzz and scripts/bench:
# tool installation, builds, target names, seeds, crash triage.
# Sourced, not run.  Callers set `prog` (their name) and `set -euo pipefail`.

COWFUZZ_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COWFUZZ_CLASSES="stale-whichfork write-tossed data-loss stale-data invariant error-not-reported error-invented liveness"

die() {
	echo "${prog:-cowfuzz}: $*" >&2
	exit 2
}

note() {
	echo "${prog:-cowfuzz}: $*" >&2
}

# Install what is missing (Debian 12, as root): only when a tool is absent.
# ensure_tools libfuzzer|afl|none
ensure_tools() {
	local engine=$1 pkgs=() tmp
	command -v cmake > /dev/null || pkgs+=(cmake)
	command -v clang > /dev/null || pkgs+=(clang)
	command -v make > /dev/null || pkgs+=(make)
	command -v zip > /dev/null || pkgs+=(zip)
	command -v llvm-symbolizer > /dev/null || command -v llvm-symbolizer-14 > /dev/null ||
		pkgs+=(llvm)
	if [ "$engine" = afl ]; then
		command -v afl-fuzz > /dev/null && command -v afl-clang-fast > /dev/null || pkgs+=(afl++)
	fi
	if [ "$engine" != none ] && command -v clang > /dev/null; then
		tmp=$(mktemp -d)
		printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }\n' |
			clang -x c -fsanitize=fuzzer -o "$tmp/probe" - 2> /dev/null ||
			pkgs+=(libclang-rt-14-dev)
		rm -rf "$tmp"
	fi
	[ ${#pkgs[@]} = 0 ] && return 0
	if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
		die "missing ${pkgs[*]}: install them (apt-get install -y ${pkgs[*]}) or run as root on Debian 12"
	fi
	note "installing ${pkgs[*]} (apt-get)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq > /dev/null || die "apt-get update failed"
	apt-get install -y -qq "${pkgs[@]}" > /dev/null || die "apt-get install ${pkgs[*]} failed"
}

# want_number OPTION VALUE MIN MAX: VALUE is a decimal MIN..MAX, or die (2).
want_number() {
	local opt=$1 v=$2 min=$3 max=$4
	# at most 18 digits: bash arithmetic is 64-bit and would wrap above that
	[[ $v =~ ^(0|[1-9][0-9]{0,17})$ ]] && [ "$v" -ge "$min" ] && [ "$v" -le "$max" ] ||
		die "$opt must be a $([ "$min" -ge 1 ] && echo 'positive ')number ($min to $max), not '$v'"
}

# want_workdir DIR: DIR is a writable directory or can be made one, or die (2).
# Nothing is created here: a later bad argument must leave no trace.
want_workdir() {
	local d=$1 up
	if [ -e "$d" ]; then
		[ -d "$d" ] || die "--workdir $d exists and is not a directory"
		[ -w "$d" ] || die "--workdir $d is not writable"
		return 0
	fi
	up=$(dirname "$d")
	while [ ! -e "$up" ]; do up=$(dirname "$up"); done
	[ -d "$up" ] && [ -w "$up" ] || die "--workdir $d cannot be created ($up is not a writable directory)"
}

# write_profile FILE PROFILE: FILE.profile names the profile FILE was found
# on, so 'cowfuzz run FILE' and 'cowfuzz triage FILE' replay it there.
write_profile() {
	printf '%s\n' "$2" > "$1.profile"
}

# build_dir ENGINE SANITIZE(0|1) -> path
build_dir() {
	local d=$COWFUZZ_ROOT/build/fuzz-$1
	[ "$2" = 1 ] && d=$d-san
	echo "$d"
}

# ensure_build ENGINE SANITIZE TARGET... : configure once, build the targets.
ensure_build() {
	local engine=$1 san=$2 dir cc cxx log
	shift 2
	dir=$(build_dir "$engine" "$san")
	cc=clang cxx=clang++
	if [ "$engine" = afl ]; then
		cc=${COWFUZZ_AFL_CC:-afl-clang-fast}
		cxx=${COWFUZZ_AFL_CXX:-afl-clang-fast++}
	fi
	log=$dir.log
	mkdir -p "$dir"
	if [ ! -f "$dir/CMakeCache.txt" ]; then
		note "first build of ${dir#"$COWFUZZ_ROOT"/} ($engine$([ "$san" = 1 ] && echo ', ASan+UBSan')):" \
			"about a minute on 2 cores; log: $log"
		cmake -S "$COWFUZZ_ROOT" -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
			-DCOWFUZZ_ENGINE="$engine" -DCOWFUZZ_SANITIZE="$([ "$san" = 1 ] && echo ON || echo OFF)" \
			> "$log" 2>&1 || { tail -20 "$log" >&2; die "cmake configure failed in $dir (log: $log)"; }
	fi
	# AFL_QUIET: afl-cc banners would fill the log
	AFL_QUIET=1 cmake --build "$dir" -j"$(nproc)" --target "$@" 2>&1 |
		build_progress "building ${dir#"$COWFUZZ_ROOT"/}" "$log" ||
		{ progress_done; tail -30 "$log" >&2; die "build of $* failed in $dir (log: $log)"; }
}

# build_progress LABEL LOG: cmake --build output into LOG, its "[ NN%]
# Building/Linking" lines as the one progress line (nothing when the build
# is up to date).
build_progress() {
	local label=$1 log=$2 line pct shown=0
	[ -n "${PROGRESS_TTY:-}" ] || progress_init
	while IFS= read -r line; do
		printf '%s\n' "$line" >> "$log"
		case $line in
		"["*"%] Building "*|"["*"%] Linking "*)
			pct=${line#[}
			pct=${pct%%\%]*}
			progress "$label: ${pct// /}%"
			shown=1 ;;
		esac
	done
	[ "$shown" = 1 ] || return 0
	[ "$PROGRESS_TTY" = 1 ] || echo "$label: done" >&2
	progress_done
}

# The plain build that gives the cowfuzz CLI and the unguided runner.
ensure_cli() {
	ensure_build none 0 cowfuzz cowfuzz-unguided afl_mutator
	COWFUZZ_CLI=$(build_dir none 0)/harness/cowfuzz
	COWFUZZ_UNGUIDED=$(build_dir none 0)/harness/fuzz/cowfuzz-unguided
	COWFUZZ_AFL_MUTATOR=$(build_dir none 0)/harness/fuzz/afl_mutator.so
}

# target_name PROFILE -> fuzz_<profile with [^A-Za-z0-9_-] as _>
target_name() {
	printf 'fuzz_%s' "$(printf '%s' "$1" | tr -c 'A-Za-z0-9_-' '_')"
}

# The newest profile, the last one 'cowfuzz profiles' lists (v6.18, the
# host's kernel): what scripts/fuzz and ci-fuzz hunt when no --profile is
# given (needs ensure_cli).
newest_profile() {
	"$COWFUZZ_CLI" profiles | awk 'NR > 1 && /^[^ ]/ { p = $1 } END { print p }'
}

# Profile names, one a line (needs ensure_cli).
profile_names() {
	"$COWFUZZ_CLI" profiles | awk 'NR > 1 && /^[^ ]/ { print $1 }'
}

# expected_classes PROFILE -> the class names in the profile's EXPECTED column
# (empty for "no crash").
expected_classes() {
	local line c out=""
	line=$("$COWFUZZ_CLI" profiles | awk -v p="$1" '$1 == p { $1 = ""; print }')
	for c in $COWFUZZ_CLASSES; do
		case " $line " in *"$c"*) out="$out${out:+,}$c" ;; esac
	done
	echo "$out"
}

# ignore_list_for ONLY -> COWFUZZ_IGNORE value keeping only the ONLY classes
ignore_list_for() {
	local only=$1 c out=""
	[ -z "$only" ] && { echo ""; return; }
	for c in $COWFUZZ_CLASSES; do
		case ",$only," in *",$c,"*) ;; *) out="$out${out:+,}$c" ;; esac
	done
	echo "$out"
}

# known_sites_for PROFILE -> COWFUZZ_SKIP_SITES value: class@site of every
# finding in findings/ whose profiles: line names PROFILE
known_sites_for() {
	local f out=""
	for f in "$COWFUZZ_ROOT"/findings/*/finding.txt; do
		[ -f "$f" ] || continue
		awk -v p="$1" '/^profiles:/ { for (i = 2; i <= NF && $i !~ /^#/; i++) if ($i == p) hit = 1 }
			/^class:/ { c = $2 } /^site:/ { s = $2 }
			END { if (hit && c != "" && s != "") print c "@" s }' "$f"
	done | sort -u | paste -sd, -
}

# make_seeds DIR [clamp]: binary seeds from the shipped corpus/ (never
# findings/ or tests/scenarios, which hold known bugs): every .scn with a
# binary form (cowfuzz encode; others are skipped) and the non-empty shipped
# .bin files.  With "clamp", a .scn whose only obstacle is a cowextsize above
# the binary form's 16 is encoded with cowextsize=16 instead of skipped (the
# imported corpus uses the kernel default 32; scripts/bench needs real inputs).
make_seeds() {
	local dir=$1 clamp=${2:-} n=0 f tmp
	mkdir -p "$dir"
	tmp=$(mktemp)
	while IFS= read -r -d '' f; do
		n=$((n + 1))
		if ! "$COWFUZZ_CLI" encode "$f" -o "$dir/scn-$n.bin" > /dev/null 2>&1; then
			rm -f "$dir/scn-$n.bin"
			if [ "$clamp" = clamp ]; then
				sed -E 's/cowextsize=(1[7-9]|[2-9][0-9]|[1-9][0-9][0-9]+)/cowextsize=16/' "$f" > "$tmp.scn"
				"$COWFUZZ_CLI" encode "$tmp.scn" -o "$dir/scn-$n.bin" > /dev/null 2>&1 ||
					rm -f "$dir/scn-$n.bin"
			fi
		fi
	done < <(find "$COWFUZZ_ROOT/corpus" -name "*.scn" -print0 | sort -z)
	while IFS= read -r -d '' f; do
		n=$((n + 1))
		cp "$f" "$dir/bin-$n.bin"
	done < <(find "$COWFUZZ_ROOT/corpus" -name '*.bin' -size +0 -print0 | sort -z)
	rm -f "$tmp" "$tmp.scn"
}

have_command() {	# have_command NAME: the CLI knows this command
	! "$COWFUZZ_CLI" "$1" --help 2>&1 | grep -q "not built into\|unknown command"
}

# triage FILE PROFILE -> "CLASS SITE PROFILE known=findings/<dir>" or "... new"
# (cowfuzz triage when it is built; else the report's first line matched
# against the class/site/profiles of every findings/*/finding.txt).
triage() {
	local file=$1 prof=$2 line first d cls site
	if have_command triage; then
		line=$("$COWFUZZ_CLI" triage --profile "$prof" "$file" 2> /dev/null | head -1)
		if [ -n "$line" ]; then
			echo "${line#"$file": }"
			return
		fi
	fi
	first=$("$COWFUZZ_CLI" run --profile "$prof" "$file" 2> /dev/null | head -1)
	case $first in
	"cowfuzz: "*) ;;
	*) echo "ok - $prof new"; return ;;
	esac
	# "cowfuzz: CLASS at SITE (profile P)" -> CLASS SITE P
	line=$(echo "$first" | sed -n 's/^cowfuzz: \([^ ]*\) at \([^ ]*\) (profile \([^)]*\)).*/\1 \2 \3/p')
	cls=${line%% *} site=$(echo "$line" | awk '{print $2}')
	for d in "$COWFUZZ_ROOT"/findings/*/; do
		[ -f "$d/finding.txt" ] || continue
		if awk -v c="$cls" -v s="$site" -v p="$prof" '
			/^class:/ && $2 == c { hc = 1 }
			/^site:/ && $2 == s { hs = 1 }
			/^profiles:/ { for (i = 2; i <= NF; i++) if ($i == p) hp = 1 }
			END { exit !(hc && hs && hp) }' "$d/finding.txt"; then
			echo "$line known=findings/$(basename "$d")"
			return
		fi
	done
	echo "$line new"
}

# A one-line progress display: `\r` on a tty, a line every 10 s otherwise.
progress_init() {
	PROGRESS_TTY=0
	[ -t 2 ] && PROGRESS_TTY=1
	PROGRESS_LAST=0
}

progress() {	# progress TEXT
	local now
	now=$(date +%s)
	if [ "$PROGRESS_TTY" = 1 ]; then
		printf '\r\033[K%s' "$1" >&2
	elif [ $((now - PROGRESS_LAST)) -ge 10 ]; then
		echo "$1" >&2
		PROGRESS_LAST=$now
	fi
}

progress_done() {
	[ "${PROGRESS_TTY:-0}" = 1 ] && printf '\n' >&2
	return 0
}

# core_pattern piping to a program makes afl-fuzz refuse to start.
afl_env() {
	export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_QUIET=1
	# afl-fuzz refuses custom sanitizer options without these
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=1:symbolize=0"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:abort_on_error=1:symbolize=0"
	if grep -q '^|' /proc/sys/kernel/core_pattern 2> /dev/null; then
		export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
	fi
}
