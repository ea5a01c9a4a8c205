#!/usr/bin/env bash
# The history audit's two methods and its secrets-only run against `git log -p --all`, in one run.
#   bench/history-audit.sh [REPO]   (default: the synthetic history of bench/make-history-repo.py;
#                                    the werkzeug corpus: git clone --mirror werkzeug.bundle DIR, then DIR)
# Prints each wall time (best of 3), peak RSS, and the ratio to `git log -p --all`. Targets (issue 12):
# --only secrets <= 0.5, the whole audit <= 1.0, peak RSS <= 300 MB.
source "$(dirname "$0")/history-setup.sh"
time_it() { python3 bench/timeit.py --cwd "$repo" -- "$@"; }
git_log=$(time_it git log -p --all)
secrets=$(time_it "$bin" history --only secrets --format json --no-baseline)
audit=$(time_it "$bin" history --format json --no-baseline)
per_commit=$(time_it "$bin" history --per-commit-audit --format json --no-baseline)
commits=$(git -C "$repo" rev-list --all | wc -l)
python3 - "$git_log" "$secrets" "$audit" "$per_commit" "$commits" <<'PY'
import json, sys
g, s, a, p = (json.loads(x) for x in sys.argv[1:5])
print(f"repository: {sys.argv[5]} commits")
print(f"git log -p --all                     {g['seconds']:7.3f} s")
for name, r in [("shortwall history --only secrets", s), ("shortwall history", a), ("shortwall history --per-commit-audit", p)]:
    print(f"{name:36s} {r['seconds']:7.3f} s  peak RSS {r['maxRSSKiB'] / 1024:4.0f} MiB  ratio {r['seconds'] / g['seconds']:.2f}")
PY
