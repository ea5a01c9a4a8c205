#!/usr/bin/env bash
# Times `shortwall debug changes history` against `git log -p --all` on the same generated
# history repository (best of 3 each, interleaved in one run) and prints both and the ratio.
#
#   bench/history.sh            builds bench/work/history.git if missing, builds shortwall in release
#   COMMITS=500 bench/history.sh    a smaller history (built into bench/work/history-500.git)
#   SHORTWALL=path bench/history.sh use an already built binary instead of building
#
# Both commands read every commit of every ref and diff it against its parent; git also prints
# the patch text, shortwall prints JSON with added line ranges (and diffs merges against every
# parent, which `git log -p` skips), so the comparison is close to like for like.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
commits="${COMMITS:-3000}"
repo="$here/work/history.git"
[ "$commits" = 3000 ] || repo="$here/work/history-$commits.git"

if [ ! -d "$repo" ]; then
    echo "building $repo ($commits commits)..."
    python3 "$here/make-history-repo.py" --commits "$commits" --out "$repo"
fi

if [ -n "${SHORTWALL:-}" ]; then
    shortwall="$SHORTWALL"
else
    echo "building shortwall (release)..."
    (cd "$root" && swift build -c release --product shortwall >/dev/null)
    shortwall="$root/.build/release/shortwall"
fi

# "wall cpu" seconds of one command (cpu = user + system), output thrown away. The machine may
# be shared, so CPU time is printed too: it moves far less with other load than wall time does.
measure() {
    local TIMEFORMAT='%R %U %S' times
    times=$( { time "$@" >/dev/null; } 2>&1 )
    awk -v t="$times" 'BEGIN { split(t, f, " "); printf "%.3f %.3f", f[1], f[2] + f[3] }'
}
min() { awk -v a="$1" -v b="${2:-$1}" 'BEGIN { print (a < b ? a : b) }'; }

for round in 1 2 3; do
    read -r gw gc <<<"$(measure git -C "$repo" log -p --all)"
    read -r sw sc <<<"$(measure "$shortwall" debug changes history --repo "$repo")"
    printf 'round %d: git log -p --all %ss (cpu %ss), shortwall history %ss (cpu %ss)\n' "$round" "$gw" "$gc" "$sw" "$sc"
    git_wall=$(min "$gw" "${git_wall:-}"); git_cpu=$(min "$gc" "${git_cpu:-}")
    sw_wall=$(min "$sw" "${sw_wall:-}"); sw_cpu=$(min "$sc" "${sw_cpu:-}")
done

count=$(git -C "$repo" rev-list --all | wc -l)
printf 'history of %d commits (%s), best of 3:\n' "$count" "$repo"
printf '  git log -p --all:   %ss wall, %ss cpu\n' "$git_wall" "$git_cpu"
printf '  shortwall history:  %ss wall, %ss cpu\n' "$sw_wall" "$sw_cpu"
awk -v sw="$sw_wall" -v gw="$git_wall" -v sc="$sw_cpu" -v gc="$git_cpu" \
    'BEGIN { printf "ratio shortwall/git: %.2fx wall, %.2fx cpu\n", sw / gw, sc / gc }'
