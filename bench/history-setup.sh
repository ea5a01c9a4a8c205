# Sourced by the benchmarks that run on the synthetic history: goes to the package root, builds the
# history repository if missing (or takes REPO from the first argument, relative to where the script was
# started) and the release binary (or takes SHORTWALL=BINARY: another build, an older version).
# Sets `repo` and `bin`.
set -euo pipefail
given=${1:-}
[ -z "$given" ] || given=$(cd "$given" && pwd)
binary=${SHORTWALL:-}
[ -z "$binary" ] || binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
cd "$(dirname "${BASH_SOURCE[1]}")/.."
repo=${given:-bench/work/history.git}
[ -d "$repo" ] || python3 bench/make-history-repo.py --out "$repo"
if [ -n "$binary" ]; then
    bin=$binary
else
    swift build -c release --product shortwall >/dev/null
    bin=$PWD/.build/release/shortwall
fi
# What `bin` is, for a benchmark's header.
shortwall_label() {
    if [ -n "$binary" ]; then echo "$bin"
    else echo "release build of $(git log -1 --format=%h)$(git diff --quiet HEAD -- Sources Package.swift || echo ' + uncommitted changes')"; fi
}
