#!/usr/bin/env bash
# Peak memory of the history audit at two sizes of each history (issue 12: at most 300 MB, and flat:
# not growing with the length of the history).
#   bench/history-memory.sh [REPO...]
# Each REPO (e.g. the werkzeug mirror) as it is and cut to half its commits by bench/cut-history.py
# (a clone in bench/work/; REPO is only read; delete the clone to cut again), and the synthetic
# history of bench/make-history-repo.py at 1,500 and 3,000 commits. One run of each job at each size
# (peak RSS varies little between runs; wall times here are for orientation, see history-audit.sh).
set -euo pipefail
repos=()
for given in "$@"; do repos+=("$(cd "$given" && pwd)"); done
set --
source "$(dirname "$0")/history-setup.sh"   # builds the release binary and the 3,000-commit history
half_synthetic=bench/work/history-1500.git
[ -d "$half_synthetic" ] || python3 bench/make-history-repo.py --commits 1500 --out "$half_synthetic" >/dev/null
pairs=()
for source_repo in "${repos[@]}"; do
    cut=bench/work/cut-half-$(basename "$source_repo" .git).git
    [ -d "$cut" ] || python3 bench/cut-history.py "$source_repo" "$cut" >&2
    pairs+=("$cut" "$source_repo")
done
pairs+=("$half_synthetic" "$repo")

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
for history in "${pairs[@]}"; do
    commits=$(git -C "$history" rev-list --all | wc -l)
    for job in secrets audit; do
        case $job in
            secrets) flags=(--only secrets) ;;
            audit) flags=() ;;
        esac
        python3 bench/timeit.py -n 1 --cwd "$history" -- "$bin" history "${flags[@]}" --format json --no-baseline > "$out/figures.json"
        rows+=("$history" "$commits" "$job" "$(cat "$out/figures.json")")
    done
done

python3 - "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(shortwall_label)" "${rows[@]}" <<'PY'
import datetime, json, sys
load_before, load_after, version, *flat = sys.argv[1:]
rows = [(flat[i], int(flat[i + 1]), flat[i + 2], json.loads(flat[i + 3])) for i in range(0, len(flat), 4)]
names = {"secrets": "shortwall history --only secrets", "audit": "shortwall history"}
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
print(f"history audit memory at two sizes, {now}; one run each; shortwall: {version}; "
      f"load average {load_before} before, {load_after} after")
print(f"{'history':44s} {'commits':>7s}  {'job':32s} {'peak MB':>8s} {'wall s':>7s} {'user s':>7s}")
for history, commits, job, r in rows:
    print(f"{history[-44:]:44s} {commits:7d}  {names[job]:32s} {r['maxRSSKiB'] * 1024 / 1e6:8.0f} {r['seconds']:7.2f} {r['userSeconds']:7.2f}")
# Rows come in pairs of sizes per history: the smaller first.
print("growth from the smaller size to the larger (target: peak <= 300 MB at both, about flat):")
by = {}
for history, commits, job, r in rows: by.setdefault(job, []).append((history, commits, r))
for job, found in by.items():
    for (small, n_small, a), (large, n_large, b) in zip(found[0::2], found[1::2]):
        growth = b["maxRSSKiB"] / a["maxRSSKiB"]
        ok = max(a["maxRSSKiB"], b["maxRSSKiB"]) * 1024 / 1e6 <= 300
        print(f"  {large[-40:]:40s} {names[job]:32s} commits x{n_large / n_small:.2f}, peak RSS x{growth:.2f}"
              f" ({'both <= 300 MB' if ok else 'over 300 MB'})")
PY
