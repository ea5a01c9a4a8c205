# Sourced by the benchmarks that run on the synthetic history: goes to the package root, builds the
# history repository if missing (or takes REPO from the first argument) and the release binary.
# Sets `repo` and `bin`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[1]}")/.."
repo=${1:-bench/work/history.git}
[ -d "$repo" ] || python3 bench/make-history-repo.py --out "$repo"
swift build -c release --product shortwall >/dev/null
bin=$PWD/.build/release/shortwall
