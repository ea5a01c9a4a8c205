#!/usr/bin/env bash
# Pre-commit latency: `shortwall staged` against `git diff --cached` on the same index, in one run,
# each the median of RUNS runs (default 15) taken in turn with the other, process start included.
#   1. an ordinary commit: three edited files of the synthetic history, ten lines of Python;
#   2. issue 12's case: 10 staged Python files with about 200 changed lines each (whole top-level
#      definitions of other modules put into each file), in a project made of the Python standard
#      library's modules (bench/stage-python-edits.py). Target: at most 30 ms.
# The binary is built as README installs it, with the Swift runtime linked in (--static-swift-stdlib), in
# its own build folder (.build-static): switching the flag in .build would rebuild everything each time.
# A hook is mostly start-up: linking the runtime in saved a seventh of an empty run's instructions and a
# quarter of its CPU time. The first run builds that folder from scratch (about 10 minutes).
#   bench/staged.sh [REPO] [RUNS]    (REPO for case 1; default: the synthetic history of bench/make-history-repo.py)
#   SHORTWALL=BINARY bench/staged.sh  times that binary instead (another build, an older version)
source "$(dirname "$0")/history-setup.sh"
if [ -n "${SHORTWALL:-}" ]; then
    bin=$SHORTWALL
else
    swift build -c release --static-swift-stdlib --scratch-path .build-static --product shortwall >/dev/null
    bin=$PWD/.build-static/release/shortwall
fi
runs=${2:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Stage an ordinary change: edit three files, add ten lines of Python.
git clone -q "$repo" "$work/clone"
(
    cd "$work/clone"
    files=$(git ls-files '*.py' | sed -n 1,3p)
    for f in $files; do printf '\ndef added_helper(value):\n    return value.strip().lower()\n' >> "$f"; done
    git add $files
)

# 2. A project of the standard library's modules (no tests, no site-packages), one commit, then the edits.
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
mkdir "$work/project"
(
    cd "$stdlib"
    find . -name '*.py' -not -path '*/site-packages/*' -not -path '*/test*' -not -path '*/idlelib/*' -print0 |
        xargs -0 cp --parents -t "$work/project"
)
(
    cd "$work/project"
    git init -q && git add -A
    git -c user.name=bench -c user.email=bench@example.com commit -q -m 'the standard library'
)
edits=$(python3 bench/stage-python-edits.py --files 10 --lines 200 "$work/project")

echo "3 edited files, 10 added lines:"
python3 bench/paired.py -n "$runs" --cwd "$work/clone" -- "$bin" staged -- git diff --cached
echo "issue 12's case, 10 Python files: $edits:"
python3 bench/paired.py -n "$runs" --cwd "$work/project" -- "$bin" staged -- git diff --cached
