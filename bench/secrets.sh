#!/usr/bin/env bash
# Throughput of the secret detector alone (no git, no config) on ordinary source text: the Python
# standard library of the local python3, without site-packages and test data. One thread, so MB/s is
# per core. Usage: bench/secrets.sh [folder]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
stdlib="${1:-$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}"
work=bench/work/secrets-corpus
if [ ! -d "$work" ] || [ "${1:-}" != "" ]; then
    rm -rf "$work"; mkdir -p "$work"
    # Copy only .py files outside site-packages, so the corpus is the stdlib's source and nothing else.
    (cd "$stdlib" && find . -path ./site-packages -prune -o -name '*.py' -print) | while read -r f; do
        mkdir -p "$work/$(dirname "$f")"; cp "$stdlib/$f" "$work/$f"
    done
fi
swift build -c release --product shortwall >/dev/null
bin=$(swift build -c release --show-bin-path)/shortwall
echo "corpus: $stdlib (.py files outside site-packages): $(du -sh "$work" | cut -f1)"
# Warm the page cache, then take the best of three runs.
"$bin" debug secrets "$work" >/dev/null
for i in 1 2 3; do "$bin" debug secrets "$work"; done
