#!/usr/bin/env python3
"""dict_check.py CLI DICT FINDINGS_DIR: the fuzzing dictionary holds tokens,
not reproducers.

Fails (exit 1, one line per hit) when one dictionary token, or two tokens
next to each other in the file, contain two consecutive 8-byte records of
any reproducer in FINDINGS_DIR: the libFuzzer crash files as found and in
canonical form (cowfuzz decode + encode), and every .scn there encoded.
Exit 2 on bad usage or an unreadable dictionary line.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

HEADER = 5
RECORD = 8


def die(msg):
    print("dict_check: " + msg, file=sys.stderr)
    sys.exit(2)


def unescape(s, where):
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            if s[i + 1:i + 2] == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", s[i + 2:i + 4] or ""):
                out.append(int(s[i + 2:i + 4], 16))
                i += 4
                continue
            if s[i + 1:i + 2] in ("\\", '"'):
                out.append(ord(s[i + 1]))
                i += 2
                continue
            die(f"{where}: bad escape in token")
        out += c.encode()
        i += 1
    return bytes(out)


def read_dict(path):
    tokens = []
    try:
        lines = open(path, encoding="ascii").read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        die(f"{path}: cannot read: {e}")
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r'(?:[A-Za-z0-9_]+\s*=\s*)?"(.*)"', line)
        if not m:
            die(f"{path}:{n}: not a dictionary entry: {line[:40]}")
        tokens.append((n, unescape(m.group(1), f"{path}:{n}")))
    return tokens


def cli(*args):
    return subprocess.run(args, capture_output=True).returncode == 0


def reproducers(cowfuzz, findings):
    """(name, bytes) of every reproducer, raw and canonical."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for d in sorted(glob.glob(os.path.join(findings, "*/"))):
            for f in sorted(glob.glob(d + "libfuzzer-crash-*") + glob.glob(d + "*.bin")):
                out.append((f, open(f, "rb").read()))
                scn, canon = os.path.join(tmp, "c.scn"), os.path.join(tmp, "c.bin")
                if cli(cowfuzz, "decode", f, "-o", scn) and cli(cowfuzz, "encode", scn, "-o", canon):
                    out.append((f + " (canonical)", open(canon, "rb").read()))
            for f in sorted(glob.glob(d + "*.scn")):
                b = os.path.join(tmp, "s.bin")
                if cli(cowfuzz, "encode", f, "-o", b):	# some have no binary form
                    out.append((f, open(b, "rb").read()))
    return out


def main():
    if len(sys.argv) != 4:
        die("usage: dict_check.py CLI DICT FINDINGS_DIR")
    cowfuzz, dictpath, findings = sys.argv[1:]
    if not os.path.isdir(findings):
        die(f"{findings}: not a directory")
    tokens = read_dict(dictpath)
    reps = reproducers(cowfuzz, findings)
    if not reps:
        die(f"{findings}: no reproducer found (is {cowfuzz} the CLI?)")
    # what is searched: each token, and each token joined to the next
    hay = [(f"line {n}", t) for n, t in tokens]
    hay += [(f"lines {a[0]}+{b[0]}", a[1] + b[1]) for a, b in zip(tokens, tokens[1:])]
    bad = 0
    for name, data in reps:
        recs = [data[i:i + RECORD] for i in range(HEADER, len(data) - RECORD + 1, RECORD)]
        for k in range(len(recs) - 1):
            run = recs[k] + recs[k + 1]
            for where, h in hay:
                if run in h:
                    print(f"dict_check: {dictpath} {where} holds records {k + 1}-{k + 2} of {name}")
                    bad += 1
    print(f"dict_check: {len(tokens)} tokens, {len(reps)} reproducers, {bad} hits")
    sys.exit(1 if bad else 0)


main()
