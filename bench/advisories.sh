#!/usr/bin/env bash
# Cost of the dependency check in the pre-commit hook: `shortwall staged --advisories SNAPSHOT` when a
# requirements file with 100 pins is staged, against the same hook on the same repository when the staged
# change touches no requirements file (what every other commit pays). Target: under 50 ms on top.
#   bench/advisories.sh [SNAPSHOT]   (default: ../shared/advisories, the PyPA advisory database snapshot)
# Two sets of 100 pins: the 100 packages with the most advisories in the snapshot (the worst case: every
# record of theirs is parsed), and 100 packages taken evenly from the rest (closer to a real project).
set -euo pipefail
cd "$(dirname "$0")/.."
snapshot=${1:-../shared/advisories}
[ -d "$snapshot/vulns" ] || { echo "no advisory snapshot at $snapshot (pass its path)" >&2; exit 2; }
snapshot=$(cd "$snapshot" && pwd)
swift build -c release --product shortwall >/dev/null
bin=$PWD/.build/release/shortwall
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$snapshot/vulns" "$work" <<'PY'
import os, sys
vulns, work = sys.argv[1], sys.argv[2]
counts = sorted(((len(os.listdir(os.path.join(vulns, d))), d) for d in os.listdir(vulns) if os.path.isdir(os.path.join(vulns, d))), reverse=True)
worst = [d for _, d in counts[:100]]
rest = [d for _, d in counts[100:]]
spread = rest[:: max(1, len(rest) // 100)][:100]
for name, packages in (("worst", worst), ("spread", spread)):
    with open(os.path.join(work, name + ".txt"), "w") as f:
        f.writelines(f"{p}==1.0.0\n" for p in packages)
    records = sum(len(os.listdir(os.path.join(vulns, p))) for p in packages)
    print(f"{name}: 100 pins naming {records} advisory records")
PY

# One repository: some Python and a README; each run stages its own change on a fresh clone.
git init -q "$work/base"
( cd "$work/base"
  mkdir -p app
  for i in $(seq 1 20); do printf 'def handler_%d(value):\n    return value.strip()\n' "$i" > "app/m$i.py"; done
  echo "app" > README.md
  git add -A && git -c user.name=bench -c user.email=bench@example.invalid commit -qm base )
stage() {   # stage NAME [REQUIREMENTS]: an edited Python file, and the requirements file when given
    git clone -q "$work/base" "$work/$1"
    printf '\ndef added(value):\n    return value.lower()\n' >> "$work/$1/app/m1.py"
    [ -z "${2:-}" ] || cp "$2" "$work/$1/requirements.txt"
    git -C "$work/$1" add -A
}
stage plain
stage worst "$work/worst.txt"
stage spread "$work/spread.txt"

time_ms() { python3 bench/timeit.py -n 10 --cwd "$work/$1" -- "$bin" staged --advisories "$snapshot" | python3 -c 'import json,sys; print("%.1f" % (json.load(sys.stdin)["seconds"] * 1000))'; }
plain=$(time_ms plain)
worst=$(time_ms worst)
spread=$(time_ms spread)
echo "shortwall staged, no requirements file staged:       $plain ms   (best of 10)"
echo "  + requirements.txt, 100 most-advised packages:     $worst ms   (+$(python3 -c "print(f'{$worst - $plain:.1f}')") ms)"
echo "  + requirements.txt, 100 packages across the rest:  $spread ms   (+$(python3 -c "print(f'{$spread - $plain:.1f}')") ms)"
