#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The fsx form of `cowfuzz export`.

grammar   COWFUZZ ROOT SHARED: every exported .fsxops obeys fsx's --replay-ops
          grammar (checked here, from fsx's read_op(): a 256-byte line buffer,
          '#' comments, optional "skip", the op name, 3 numbers or 4 for the
          range-copy ops, numbers as strtoul(.., 0) reads them, then only the
          flags keep_size / close_open / unshare / '*'); every scenario line
          shows up as a "# line N:" comment (nothing dropped silently).  The
          checker itself must accept fsx's own recorded files in SHARED/traces
          and reject the one fsx is known to refuse.
roundtrip COWFUZZ ROOT: `cowfuzz import --format fsx` of the exported file
          gives back the same ino-1 operations.  Exit 77 when `cowfuzz import`
          is not built into the binary.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

OPS3 = {"read", "write", "mapread", "mapwrite", "truncate", "fallocate",
        "punch_hole", "zero_range", "collapse_range", "insert_range", "fsync",
        "write_atomic"}
OPS4 = {"clone_range", "dedupe_range", "copy_range", "exchange_range"}
FLAGS = {"keep_size", "close_open", "unshare", "*"}
# strtoul(s, &end, 0) with *end == 0: hex, octal or decimal, all of it
NUM = re.compile(r"^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$")


def fsx_line_errors(line):
    """None if fsx's replay parser accepts the line, else why not."""
    if len(line.encode()) > 255:
        return "longer than fsx's 256-byte line buffer"
    toks = re.split(r"[ \t\n]+", line.strip(" \t\n"))
    toks = [t for t in toks if t]
    if not toks or toks[0].startswith("#"):
        return None
    if toks[0] == "skip":
        toks = toks[1:]
        if not toks:
            return "skip without an op"
    op = toks[0]
    if op not in OPS3 and op not in OPS4:
        return "unknown op %r" % op
    nargs = 4 if op in OPS4 else 3
    args = toks[1:1 + nargs]
    if len(args) < nargs:
        return "%s wants %d numbers" % (op, nargs)
    for a in args:
        if not NUM.match(a):
            return "not a number: %r" % a
    for f in toks[1 + nargs:]:
        if f not in FLAGS:
            return "unknown flag %r" % f
    return None


def check_file(path):
    errs = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            why = fsx_line_errors(line)
            if why:
                errs.append("%s:%d: %s" % (path, n, why))
    return errs


def shipped(root):
    out = []
    for d in ("corpus", "tests/scenarios"):
        out += glob.glob(os.path.join(root, d, "**", "*.scn"), recursive=True)
    return sorted(out)


def scenarios(cowfuzz, root, tmp, ngen=30):
    gen = os.path.join(tmp, "gen")
    os.makedirs(gen, exist_ok=True)
    subprocess.run([cowfuzz, "kernel-check", "--generate", str(ngen), "--seed",
                    "9", "--dump", gen], check=True)
    return shipped(root) + sorted(glob.glob(os.path.join(gen, "*.scn")))


def export(cowfuzz, scn, out):
    r = subprocess.run([cowfuzz, "export", "--format", "fsx", scn, "-o", out],
                       capture_output=True, text=True)
    if r.returncode:
        return "export failed: " + r.stderr.strip()
    return None


def op_lines(scn):
    """Line numbers of the scenario's operation lines."""
    nums = []
    with open(scn) as f:
        for n, line in enumerate(f, 1):
            if re.match(r"^\s*(t[0-3]|wb|endio|dioend|gc)\s*:", line):
                nums.append(n)
    return nums


def self_test(shared):
    """The checker must agree with fsx about fsx's own files."""
    bad = []
    traces = os.path.join(shared, "traces", "fsx")
    good = [p for p in glob.glob(os.path.join(traces, "**", "*.fsxops"),
                                 recursive=True)
            if not p.endswith("replay1_recorded.fsxops")]
    for p in good:
        bad += check_file(p)
    refused = os.path.join(traces, "replay-xfs-ops-on-ext4",
                           "replay1_recorded.fsxops")
    if os.path.exists(refused) and not check_file(refused):
        bad.append("%s: fsx refuses this file, the checker accepted it" % refused)
    for line in ("write 0x10 0x10", "clone_range 0x0 0x1000 0x2000",
                 "write 0x1g 0x1 0x0", "punch_hole 0 1 2 bogus", "frob 1 2 3"):
        if not fsx_line_errors(line + "\n"):
            bad.append("checker accepted %r" % line)
    return bad, len(good)


def grammar(cowfuzz, root, shared):
    bad, ngood = self_test(shared)
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for scn in scenarios(cowfuzz, root, tmp):
            out = os.path.join(tmp, "x.fsxops")
            err = export(cowfuzz, scn, out)
            if err:
                bad.append("%s: %s" % (scn, err))
                continue
            n += 1
            bad += ["%s: %s" % (scn, e) for e in check_file(out)]
            text = open(out).read()
            for ln in op_lines(scn):
                if "# line %d:" % ln not in text:
                    bad.append("%s: line %d is not in the export" % (scn, ln))
    for b in bad:
        print("FAIL", b)
    print("fsx grammar: %d exported files, %d fsx-recorded files checked, %d problems"
          % (n, ngood, len(bad)))
    return 1 if bad else 0


def expected_ops(fsxops, bs):
    """What an importer must make of the fsx lines that fsx replays."""
    ops = []
    for line in open(fsxops):
        toks = line.split()
        if not toks or toks[0].startswith("#") or toks[0] == "skip":
            continue
        a = [int(t, 0) for t in toks[1:]]
        op = toks[0]
        if op == "write":
            ops.append(("write", a[0] // bs, a[1] // bs))
        elif op == "punch_hole":
            ops.append(("punch", a[0] // bs, a[1] // bs))
        elif op == "truncate":
            ops.append(("truncate", a[1] // bs))
        elif op == "fsync":
            ops.append(("fsync",))
        elif op == "clone_range":
            ops.append(("reflink", a[0] // bs, a[1] // bs, a[2] // bs))
    return ops


def kv(line):
    return {k: int(v, 0) for k, v in re.findall(r"(\w+)=(0x[0-9a-fA-F]+|\d+)", line)}


def imported_ops(files, bs):
    ops = []
    for path in files:
        for line in open(path):
            m = re.match(r"^\s*t\d\s*:\s*(\w+)(.*)$", line.split("#")[0])
            if not m:
                continue
            op, d = m.group(1), kv(m.group(2))
            if op in ("write", "dwrite"):
                ops.append(("write", d["off"] // bs, d["len"] // bs))
            elif op == "punch":
                ops.append(("punch", d["off"] // bs, d["len"] // bs))
            elif op == "truncate":
                ops.append(("truncate", d["size"] // bs))
            elif op == "fsync":
                ops.append(("fsync",))
            elif op == "reflink":
                ops.append(("reflink", d["soff"] // bs, d["len"] // bs, d["doff"] // bs))
    return ops


def import_built(cowfuzz):
    r = subprocess.run([cowfuzz, "import", "--help"], capture_output=True, text=True)
    return r.returncode == 0


def block_size(scn):
    m = re.search(r"^\s*geometry.*block=(\d+)", open(scn).read(), re.M)
    return int(m.group(1)) if m else 4096


def roundtrip(cowfuzz, root):
    if not import_built(cowfuzz):
        print("SKIP: 'cowfuzz import' is not built into %s" % cowfuzz)
        return 77
    bad, n = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, scn in enumerate(scenarios(cowfuzz, root, tmp)):
            bs = block_size(scn)
            out = os.path.join(tmp, "x%d.fsxops" % i)
            err = export(cowfuzz, scn, out)
            if err:
                bad.append("%s: %s" % (scn, err))
                continue
            want = expected_ops(out, bs)
            if not want:
                continue
            d = os.path.join(tmp, "imp%d" % i)
            os.makedirs(d)
            r = subprocess.run([cowfuzz, "import", "--format", "fsx", "--block",
                                str(bs), "--stem", "rt", out, "-o", d],
                               capture_output=True, text=True)
            got = imported_ops(sorted(glob.glob(os.path.join(d, "*.scn"))), bs)
            n += 1
            if r.returncode or got != want:
                first = next((k for k in range(min(len(got), len(want)))
                              if got[k] != want[k]), min(len(got), len(want)))
                bad.append("%s: import gave %d ops, export had %d; first difference at op %d: %s vs %s%s"
                           % (scn, len(got), len(want), first,
                              got[first] if first < len(got) else "-",
                              want[first] if first < len(want) else "-",
                              (" (import: %s)" % r.stderr.strip()) if r.returncode else ""))
    for b in bad:
        print("FAIL", b)
    print("fsx round trip: %d scenarios, %d differ" % (n, len(bad)))
    return 1 if bad else 0


def main(argv):
    if len(argv) < 4 or argv[1] not in ("grammar", "roundtrip"):
        print("usage: kernel_fsx.py grammar COWFUZZ ROOT SHARED | roundtrip COWFUZZ ROOT",
              file=sys.stderr)
        return 2
    if argv[1] == "grammar":
        if len(argv) < 5:
            print("kernel_fsx.py grammar: needs SHARED (the shared/ folder)", file=sys.stderr)
            return 2
        return grammar(argv[2], argv[3], argv[4])
    return roundtrip(argv[2], argv[3])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
