#!/usr/bin/env bash
# Times Shortwall's parser against CPython's ast.parse on every .py file of the machine's python3 stdlib
# (site-packages excluded), in one run each, and prints files, MB, seconds, MB/s and the ratio.
# Usage: bench/parse.sh [path/to/shortwall]   (default: .build/release/shortwall, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/shortwall}
if [ ! -x "$BIN" ]; then
    swift build -c release --product shortwall >&2
fi
PY=${PYTHON:-python3}
LIST=$(mktemp)
trap 'rm -f "$LIST"' EXIT
"$PY" - "$LIST" <<'PYEOF'
import os, sys, sysconfig
root = sysconfig.get_paths()["stdlib"]
files = []
for d, dirs, names in os.walk(root):
    dirs[:] = sorted(x for x in dirs if x != "site-packages")
    files += [os.path.join(d, n) for n in sorted(names) if n.endswith(".py")]
with open(sys.argv[1], "w") as f:
    f.write("\n".join(files))
PYEOF
VERSION=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
FILES=$(wc -l < "$LIST"); FILES=$((FILES + 1))
BYTES=$(tr '\n' '\0' < "$LIST" | xargs -0 cat | wc -c)
# Warm the page cache so both runs read from memory.
tr '\n' '\0' < "$LIST" | xargs -0 cat > /dev/null

now() { date +%s.%N; }
T0=$(now)
tr '\n' '\0' < "$LIST" | xargs -0 "$BIN" debug parse --python "$VERSION" > /tmp/shortwall-bench-ours.txt
T1=$(now)
"$PY" - "$LIST" > /tmp/shortwall-bench-cpython.txt <<'PYEOF'
import ast, sys, warnings
warnings.simplefilter("ignore")
ok = bad = 0
for path in open(sys.argv[1]).read().split("\n"):
    try:
        with open(path, "rb") as f:
            ast.parse(f.read())
        ok += 1
    except Exception:
        bad += 1
print("ok", ok, "error", bad)
PYEOF
T2=$(now)
OURS_OK=$(grep -c '^ok ' /tmp/shortwall-bench-ours.txt || true)
"$PY" - "$FILES" "$BYTES" "$T0" "$T1" "$T2" "$OURS_OK" "$(cat /tmp/shortwall-bench-cpython.txt)" <<'PYEOF'
import sys
files, size, t0, t1, t2 = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
ours, cpy = t1 - t0, t2 - t1
mb = size / 1e6
print(f"files: {files}, {mb:.1f} MB")
print(f"shortwall debug parse: {ours:.2f} s, {mb / ours:.1f} MB/s ({sys.argv[6]} ok)")
print(f"CPython ast.parse:     {cpy:.2f} s, {mb / cpy:.1f} MB/s ({sys.argv[7]})")
print(f"ratio (CPython time / Shortwall time): {cpy / ours:.2f}x")
PYEOF
