#!/usr/bin/env python3
"""docs/scenario.md and the code must agree: the yield point table (names
and binary order), the opcode order of r0 and the task order of resume.
README.md's profile table and 'cowfuzz profiles' must agree: the same
profiles, the same default, the same expected classes.  Every repository
path the docs name in backquotes exists."""
import re, subprocess, sys

root, cowfuzz = sys.argv[1], sys.argv[2]
doc = open(f"{root}/docs/scenario.md").read()
code = open(f"{root}/src/shim/cf_windows.h").read()

doc_points = re.findall(r"^\| `([a-z_]+\.[A-Za-z0-9_]+|submit_bio)` \|", doc, re.M)
code_points = re.findall(r'X\(YP_[A-Z0-9_]+,\s*"([^"]+)"\)', code)
errors = []
if doc_points != code_points:
    errors.append(f"yield points differ:\n  doc:  {doc_points}\n  code: {code_points}")

m = re.search(r"opcode, `r0 % (\d+)`, in the order: ([^|]+)\|", doc)
doc_ops = [o.strip() for o in m.group(2).split(",")] if m else []
hdr = open(f"{root}/src/cowfuzz.h").read()
enum = re.search(r"enum cf_op_kind \{(.*?)CF_OP_NR", hdr, re.S).group(1)
code_ops = [n.lower() for n in re.findall(r"CF_OP_([A-Z_]+),", enum)]
names = {"endio": "endio complete", "dioend": "dioend complete", "sync_range": "sync_range"}
code_ops = [names.get(o, o) for o in code_ops]
if not m or int(m.group(1)) != len(code_ops) or doc_ops != code_ops:
    errors.append(f"opcode order differs:\n  doc:  {doc_ops}\n  code: {code_ops}")

# the extended opcodes (binary escape r0 = 0xc0 + i) after CF_OP_NR_BASIC
m = re.search(r"Extended opcodes \(`r0 = 0xc0 \+ i`\) in order:\s+([a-z_, \n]+)\.", doc)
doc_ext = [o.strip() for o in m.group(1).split(",")] if m else []
ext = re.search(r"CF_OP_NR_BASIC,.*?\n(.*?)CF_OP_NR\n", hdr, re.S)
code_ext = [n.lower() for n in re.findall(r"^\s*CF_OP_([A-Z_]+)\b", ext.group(1), re.M)] if ext else []
if not doc_ext or doc_ext != code_ext:
    errors.append(f"extended opcode order differs:\n  doc:  {doc_ext}\n  code: {code_ext}")
# the byte form's marker: h3's high nibble in the doc and in the decoder
binc = open(f"{root}/harness/scenario/scn_binary.c").read()
m_doc = re.search(r"When h3 bits 4-7 are (\d+)", doc)
m_code = re.search(r"#define BIN_BYTES\s+0x([0-9a-f]+)", binc)
ext_doc = re.findall(r"^\| (x\d-x\d) \| (head|tail|0)", doc, re.M)
if not m_doc or not m_code or int(m_doc.group(1)) != int(m_code.group(1), 16) >> 4:
    errors.append("the byte form's h3 marker differs between docs/scenario.md and scn_binary.c")
if [e[0] for e in ext_doc] != ["x0-x1", "x2-x3", "x4-x7"] or \
   "x[0] | x[1] << 8" not in binc or "x[2] | x[3] << 8" not in binc:
    errors.append(f"the byte form's extension record differs: doc {ext_doc}")

# the yield point names the parser accepts are the ones the doc lists
for p in doc_points:
    scn = f"t0: fsync ino=1 (pause: {p})\n"
    r = subprocess.run([cowfuzz, "run", "--text", "/dev/stdin"], input=scn.encode(),
                       capture_output=True)
    if r.returncode == 2:
        errors.append(f"parser refuses documented yield point {p}: {r.stderr.decode().strip()}")

# README.md's profile table against 'cowfuzz profiles' (the one table is
# src/profiles/profiles.c; the README's cells are prose around its classes)
classes = ["stale-whichfork", "write-tossed", "data-loss", "stale-data", "invariant",
           "error-not-reported", "error-invented", "liveness"]
def class_set(text):
    return sorted(c for c in classes if re.search(r"(?<![a-z-])" + c + r"(?![a-z-])", text))
out = subprocess.run([cowfuzz, "profiles"], capture_output=True, text=True).stdout
code_prof = []
for line in out.splitlines()[1:]:
    if line and not line.startswith(" "):
        name, expected = line.split(None, 1)
        code_prof.append((name, class_set(expected), "(default)" in expected))
readme = open(f"{root}/README.md").read()
doc_prof = []
for m in re.finditer(r"^\| `([^`]+)`( \(default\))? \|[^|]*\|[^|]*\| ([^|]*) \|$", readme, re.M):
    doc_prof.append((m.group(1), class_set(m.group(3)), bool(m.group(2))))
doc_prof.sort()
code_prof.sort()
if doc_prof != code_prof:
    for d, c in zip(doc_prof + [None] * len(code_prof), code_prof + [None] * len(doc_prof)):
        if d != c:
            errors.append(f"README.md profile table differs from 'cowfuzz profiles':\n"
                          f"  README:   {d}\n  profiles: {c}")
            break

# every repository path the docs name in backquotes exists
import glob, os
for doc_path in [f"{root}/README.md"] + sorted(glob.glob(f"{root}/docs/*.md")):
    for m in re.finditer(r"`((?:src|harness|tests|scripts|docs|corpus)/[A-Za-z0-9_./-]+)`",
                         open(doc_path).read()):
        path = m.group(1).rstrip(".")
        if "*" not in path and "<" not in path and not os.path.exists(f"{root}/{path}"):
            errors.append(f"{os.path.relpath(doc_path, root)} names {path}, which does not exist")

for e in errors:
    print("FAIL:", e)
print(f"{len(doc_points)} yield points, {len(code_ops)} opcodes, "
      f"{len(code_prof)} profiles checked: "
      f"{1 if not errors else 0} passed, {1 if errors else 0} failed")
sys.exit(1 if errors else 0)
