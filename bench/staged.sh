#!/usr/bin/env bash
# Pre-commit latency: `shortwall staged` on an ordinary commit (a few edited files, one of them Python)
# against `git diff --cached` on the same index, in one run. Target: well under 100 ms.
#   bench/staged.sh [REPO]    (default: the synthetic history built by bench/make-history-repo.py)
source "$(dirname "$0")/history-setup.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/clone"
cd "$work/clone"
# Stage an ordinary change: edit three files, add ten lines of Python.
files=$(git ls-files '*.py' | sed -n 1,3p)
for f in $files; do printf '\ndef added_helper(value):\n    return value.strip().lower()\n' >> "$f"; done
git add $files
cd - >/dev/null
diff=$(python3 bench/timeit.py -n 10 --cwd "$work/clone" -- git diff --cached)
staged=$(python3 bench/timeit.py -n 10 --cwd "$work/clone" -- "$bin" staged)
python3 - "$diff" "$staged" <<'PY'
import json, sys
d, s = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"git diff --cached  {d['seconds'] * 1000:.1f} ms")
print(f"shortwall staged   {s['seconds'] * 1000:.1f} ms   (best of 10)")
print(f"ratio: {s['seconds'] / d['seconds']:.1f}")
PY
