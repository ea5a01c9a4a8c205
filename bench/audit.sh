#!/usr/bin/env bash
# The whole history audit against `git log -p --all` on the same repository, in one run.
#   bench/audit.sh [REPO]     (default: the synthetic history built by bench/make-history-repo.py)
# Prints both times (best of 3), shortwall's peak memory and the ratio. Target: ratio < 1.
source "$(dirname "$0")/history-setup.sh"
git_log=$(python3 bench/timeit.py --cwd "$repo" -- git log -p --all)
audit=$(python3 bench/timeit.py --cwd "$repo" -- "$bin" history --format json --no-baseline)
commits=$(git -C "$repo" rev-list --all | wc -l)
python3 - "$git_log" "$audit" "$commits" <<'PY'
import json, sys
g, s, n = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
print(f"repository: {n} commits")
print(f"git log -p --all   {g['seconds']:.3f} s")
print(f"shortwall history  {s['seconds']:.3f} s   peak RSS {s['maxRSSKiB'] / 1024:.0f} MiB")
print(f"ratio shortwall / git log -p: {s['seconds'] / g['seconds']:.2f}")
PY
