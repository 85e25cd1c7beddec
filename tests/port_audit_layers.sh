#!/usr/bin/env bash
# port_audit_layers.sh PYTHON AUDIT SRCROOT KNOWN: the include-order check
# of scripts/port-audit fails on a wrong include.  A copy of src/ gets one
# include that goes up a layer at a time (sim -> oracle, oracle -> run); the
# audit must name each, and pass the untouched copy.
set -u
PY=$1; AUDIT=$2; ROOT=$3; KNOWN=$4
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0

fresh() { rm -rf "$T/src"; cp -r "$ROOT/src" "$T/src"; }
expect() { # what file line
	out=$("$PY" "$AUDIT" --known "$KNOWN" "$T" 2>/dev/null); rc=$?
	if [ $rc -ne 1 ] || ! grep -qF "$3" <<<"$out"; then
		echo "FAIL: $1: want exit 1 and '$3', got exit $rc:"; echo "$out"; fail=1
	else
		echo "ok: $1"
	fi
}

fresh
if ! "$PY" "$AUDIT" --known "$KNOWN" "$T" >/dev/null 2>&1; then
	echo "FAIL: the untouched copy does not pass"; fail=1
fi

fresh
printf '#include "oracle/report.h"\n' >> "$T/src/sim/sched.c"
expect "sim includes oracle" src/sim/sched.c "src/sim/sched.c:$(wc -l < "$T/src/sim/sched.c"): sim/ includes oracle/report.h, a layer above it"

fresh
printf '#define X 1\n' > "$T/src/run/probe.h"
printf '#include "run/probe.h"\n' >> "$T/src/oracle/oracle.c"
expect "oracle includes run" src/oracle/oracle.c "src/oracle/oracle.c:$(wc -l < "$T/src/oracle/oracle.c"): oracle/ includes run/probe.h, a layer above it"

fresh
printf '#include "sim/driver.h"\n' >> "$T/src/iomap/iomap.h"
expect "the port includes sim" src/iomap/iomap.h "src/iomap/iomap.h:$(wc -l < "$T/src/iomap/iomap.h"): iomap/ includes sim/driver.h, a layer above it"

exit $fail
